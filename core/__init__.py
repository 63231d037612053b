"""Newsdesk core: ingest, store, search, entities, compare, notes and export.

This package never imports textual, rich or tui; a test enforces it.
"""

from __future__ import annotations

__version__ = "0.1.0"
