"""SQL for entities, aliases, mentions and topics."""

from __future__ import annotations

import sqlite3


def entity_ids_by_key(conn: sqlite3.Connection, kinds: tuple[str, ...], key: str) -> list[int]:
    """Entities of these kinds whose own key or any alias key equals `key`."""
    marks = ",".join("?" * len(kinds))
    rows = conn.execute(
        f"""
        SELECT id FROM entities WHERE kind IN ({marks}) AND norm_key = ?
        UNION
        SELECT entity_id FROM aliases WHERE kind IN ({marks}) AND alias_key = ?
        """,
        (*kinds, key, *kinds, key),
    ).fetchall()
    return [row[0] for row in rows]


def topic_ids_by_key(conn: sqlite3.Connection, key: str) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM topics WHERE norm_key = ?", (key,))]
