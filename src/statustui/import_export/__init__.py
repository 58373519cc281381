"""Importing contacts and engagements from CSV/JSONL, and exporting search results to CSV/JSON."""
