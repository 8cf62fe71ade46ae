"""Printing in the desk window: preview, printer choice per document kind, printing on a
worker thread with progress, and the reports page."""
