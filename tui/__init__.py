"""Newsdesk's user interfaces: the `newsdesk` command line and the Textual app."""
