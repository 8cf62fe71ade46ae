"""Reference central server (coming with issue 3)."""
