"""Tasks: for a person and my own list."""
