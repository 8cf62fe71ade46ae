"""Pishkhan: a right-to-left Persian desk for water and wastewater counter offices."""

__version__ = "0.1.0"
