"""The request dialogs of the desk (new after-sales request from a subscriber's file)."""
