"""Tracker adapters: spreadsheet exports (CSV) from other job trackers."""
