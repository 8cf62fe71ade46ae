"""Scan page and scan dialog (issue 5): profiles, device list, thumbnails as pages arrive."""
