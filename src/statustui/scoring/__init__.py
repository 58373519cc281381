"""Smart Score: points from engagements and statuses, kept current incrementally, rebuilt set-based."""
