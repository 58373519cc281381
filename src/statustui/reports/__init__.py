"""Reports computed in SQL from the status history, and their terminal charts."""
