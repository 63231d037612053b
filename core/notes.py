"""Notes on passages: add, list, edit, delete, and re-anchor after an article changes."""

from __future__ import annotations

import sqlite3


def reanchor_notes(conn: sqlite3.Connection, article_id: int, body: str) -> None:
    """Re-find each note's quote in the article's new body (inside the caller's transaction).

    Contract for the ingest pipeline; the notes feature provides the implementation.
    """
