"""Per-article term counts kept at ingest, so comparisons never re-tokenise the corpus."""

from __future__ import annotations

import sqlite3


def index_article_terms(conn: sqlite3.Connection, article_id: int, title: str, body: str) -> None:
    """Count the terms of one article and store them (inside the caller's transaction).

    Contract for the ingest pipeline; the compare feature provides the implementation.
    """
