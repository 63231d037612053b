"""People, organisations, places and topics: lookups used by search filters and screens."""

from __future__ import annotations

import unicodedata

from core.errors import QueryError
from core.library import Library
from core.store import entities as sql

# Filter prefix -> entity kinds stored in `entities.kind`.
FILTER_KINDS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC"),
}


def name_key(name: str) -> str:
    """Case-, diacritic- and spacing-insensitive key for a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().replace(".", "").split())


def resolve_filter(lib: Library, kind: str, text: str) -> list[int]:
    """Ids for a `person:`/`org:`/`place:` (entity ids) or `topic:` (topic ids) filter.

    Raises QueryError when nothing matches.
    """
    key = name_key(text)
    conn = lib.store.conn
    ids = sql.topic_ids_by_key(conn, key) if kind == "topic" else sql.entity_ids_by_key(
        conn, FILTER_KINDS[kind], key
    )
    if not ids:
        raise QueryError(f"no {kind} matches {text!r}")
    return ids
