"""SQL for comparing slices: overviews, entity and topic article counts, example texts.

A slice is a list of article ids; it travels as one JSON-array parameter (`json_each`), so any
size binds as a single value.
"""

from __future__ import annotations

import json
import sqlite3

_IDS = "SELECT value FROM json_each(?)"


def _ids(article_ids: list[int]) -> str:
    return json.dumps([int(i) for i in article_ids])


def slice_overview(
    conn: sqlite3.Connection, article_ids: list[int]
) -> tuple[int, str | None, str | None, list[tuple[str, int]]]:
    """(articles, earliest published, latest published, [(outlet, articles)]) in one pass."""
    rows = conn.execute(
        f"""
        SELECT outlet, count(*), min(published), max(published) FROM articles
        WHERE id IN ({_IDS}) GROUP BY outlet ORDER BY count(*) DESC, outlet
        """,
        (_ids(article_ids),),
    ).fetchall()
    firsts = [row[2] for row in rows if row[2] is not None]
    lasts = [row[3] for row in rows if row[3] is not None]
    return (
        sum(row[1] for row in rows),
        min(firsts, default=None),
        max(lasts, default=None),
        [(row[0], int(row[1])) for row in rows],
    )


def entity_article_counts(
    conn: sqlite3.Connection, article_ids: list[int]
) -> dict[int, tuple[str, str, int]]:
    """entity id -> (name, kind, articles mentioning it) over the slice, every kind at once.

    CROSS JOIN keeps the slice as the outer loop (one index range per article); the planner
    otherwise probes every entity of a kind against every id of the slice. A mention row is
    unique per (article, entity, role), so count(*) counts articles.
    """
    rows = conn.execute(
        f"""
        SELECT e.id, e.name, e.kind, c.articles
        FROM (
            SELECT m.entity_id AS entity_id, count(*) AS articles
            FROM ({_IDS}) AS s
            CROSS JOIN mentions m ON m.article_id = s.value
            WHERE m.role = 'mention'
            GROUP BY m.entity_id
        ) AS c
        CROSS JOIN entities e ON e.id = c.entity_id
        """,
        (_ids(article_ids),),
    ).fetchall()
    return {row[0]: (row[1], row[2], int(row[3])) for row in rows}


def topic_article_counts(
    conn: sqlite3.Connection, article_ids: list[int]
) -> dict[int, tuple[str, str, int]]:
    """topic id -> (name, 'TOPIC', articles with it) over the slice."""
    rows = conn.execute(
        f"""
        SELECT t.id, t.name, count(DISTINCT a.article_id)
        FROM ({_IDS}) AS s
        CROSS JOIN article_topics a ON a.article_id = s.value
        CROSS JOIN topics t ON t.id = a.topic_id
        GROUP BY t.id
        """,
        (_ids(article_ids),),
    ).fetchall()
    return {row[0]: (row[1], "TOPIC", int(row[2])) for row in rows}


def year_range(conn: sqlite3.Connection) -> tuple[int | None, int | None]:
    """Earliest and latest article year in the library."""
    first, last = conn.execute("SELECT min(year), max(year) FROM articles").fetchone()
    return first, last


def library_articles(conn: sqlite3.Connection) -> int:
    """Articles in the whole library."""
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def example_articles(
    conn: sqlite3.Connection, article_ids: list[int]
) -> list[tuple[int, str, str, str | None, str]]:
    """(id, title, outlet, published, body) for these articles, oldest first."""
    return conn.execute(
        f"""
        SELECT id, title, outlet, published, body FROM articles WHERE id IN ({_IDS})
        ORDER BY published IS NULL, published, id
        """,
        (_ids(article_ids),),
    ).fetchall()


def entities_named(conn: sqlite3.Connection, key: str) -> list[int]:
    """Entity ids whose own key or any alias key equals `key` (any kind)."""
    rows = conn.execute(
        """
        SELECT id FROM entities WHERE norm_key = ?
        UNION SELECT entity_id FROM aliases WHERE alias_key = ?
        """,
        (key, key),
    ).fetchall()
    return [row[0] for row in rows]


def entity_surfaces(conn: sqlite3.Connection, entity_ids: list[int]) -> list[str]:
    """Every written form of these entities: names, aliases, mention surfaces."""
    wanted = _ids(entity_ids)
    rows = conn.execute(
        f"""
        SELECT name FROM entities WHERE id IN ({_IDS})
        UNION SELECT alias FROM aliases WHERE entity_id IN ({_IDS})
        UNION SELECT surface FROM mentions WHERE entity_id IN ({_IDS}) AND surface != ''
        """,
        (wanted, wanted, wanted),
    ).fetchall()
    return [row[0] for row in rows if row[0]]


def mention_spans(
    conn: sqlite3.Connection, entity_ids: list[int], article_ids: list[int]
) -> dict[int, list[str]]:
    """article id -> raw `spans` JSON of each mention of these entities in the slice."""
    rows = conn.execute(
        f"""
        SELECT article_id, spans FROM mentions
        WHERE entity_id IN ({_IDS}) AND article_id IN ({_IDS}) AND role = 'mention'
        """,
        (_ids(entity_ids), _ids(article_ids)),
    ).fetchall()
    spans: dict[int, list[str]] = {}
    for article_id, raw in rows:
        spans.setdefault(article_id, []).append(raw)
    return spans


def topic_named(conn: sqlite3.Connection, key: str) -> list[tuple[int, str]]:
    """(id, name) of topics with this key."""
    return conn.execute("SELECT id, name FROM topics WHERE norm_key = ?", (key,)).fetchall()


def topic_article_ids(conn: sqlite3.Connection, topic_ids: list[int], article_ids: list[int]) -> set[int]:
    rows = conn.execute(
        f"""
        SELECT DISTINCT article_id FROM article_topics
        WHERE topic_id IN ({_IDS}) AND article_id IN ({_IDS})
        """,
        (_ids(topic_ids), _ids(article_ids)),
    ).fetchall()
    return {row[0] for row in rows}
