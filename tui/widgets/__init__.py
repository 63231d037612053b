"""Widgets of the Newsdesk app: one per file, no database access."""
