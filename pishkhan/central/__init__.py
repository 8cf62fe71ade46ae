"""Reference central server: the ``/api/v1`` contract of :mod:`pishkhan.sync.schemas` on
FastAPI and its own SQLAlchemy tables (SQLite by default, PostgreSQL by URL)."""

from pishkhan.central.app import create_app

__all__ = ["create_app"]
