"""Rule files: loading and checking them, the event-triggered engine, set-based schedule runs, explain,
scenario tests, and the hooks the service calls (runtime.py)."""
