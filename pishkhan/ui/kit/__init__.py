"""Reusable widgets of the desk: Jalali date picker and calendar, a painted chart."""
