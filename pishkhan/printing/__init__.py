"""Printed documents: bills, receipts, reports (coming with issue 6)."""
