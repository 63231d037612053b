"""Recent and saved searches, kept in the library for the app's history and shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import NotFoundError, QueryError
from core.library import Library
from core.search.query import scrub
from core.store import search as sql
from core.text import one_line


@dataclass
class SavedSearch:
    name: str
    query: str
    saved_at: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def record_search(lib: Library, query: str) -> None:
    """Remember a query as the most recent one (blank queries are not kept).

    History is best-effort: a read-only library searches fine and simply keeps none.
    """
    text = one_line(scrub(query))
    if not text or lib.readonly:
        return
    with lib.store.write() as conn:
        sql.record_search(conn, text)


def recent_searches(lib: Library, limit: int = 20) -> list[str]:
    """Recent queries, newest first, each once."""
    return sql.recent_searches(lib.store.conn, max(0, limit))


def save_search(lib: Library, name: str, query: str) -> SavedSearch:
    """Save (or replace) a named search."""
    name, text = one_line(scrub(name)), one_line(scrub(query))
    if not name:
        raise QueryError("a saved search needs a name")
    if not text:
        raise QueryError("a saved search needs a query")
    with lib.store.write() as conn:
        sql.save_search(conn, name, text)
    return next(s for s in saved_searches(lib) if s.name == name)


def saved_searches(lib: Library) -> list[SavedSearch]:
    """Saved searches by name."""
    return [SavedSearch(*row) for row in sql.saved_searches(lib.store.conn)]


def delete_saved_search(lib: Library, name: str) -> None:
    """Forget a saved search; NotFoundError if there is none by that name."""
    with lib.store.write() as conn:
        if not sql.delete_saved_search(conn, one_line(scrub(name))):
            raise NotFoundError(f"no saved search named {one_line(name)!r}")
