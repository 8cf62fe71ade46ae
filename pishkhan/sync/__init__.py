"""Sync client: outbox push and pull feeds of the central API (coming with issue 3)."""
