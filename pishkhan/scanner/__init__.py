"""Scanner backends and page pipeline (coming with issue 5)."""
