"""The search result cache: repeats are answered from it, any change to the library invalidates it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import core.search as search_mod
from core.library import Library
from core.models import ParsedArticle
from core.search import clear_cache, search
from core.store.articles import upsert_article


def add(lib: Library, source: str, title: str, body: str) -> None:
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source=source, format="txt", title=title, body=body,
                                           outlet="Kyodo", published="2020-01-02"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Queries that actually ran (missed the cache)."""
    ran: list[str] = []
    real = search_mod._search_simple

    def spy(lib: Library, text: str, limit: int, offset: int, is_cancelled=None):  # type: ignore[no-untyped-def]
        ran.append(text)
        return real(lib, text, limit, offset, is_cancelled)

    monkeypatch.setattr(search_mod, "_search_simple", spy)
    return ran


def test_repeat_is_served_from_cache_with_equal_result(lib: Library, counted: list[str]) -> None:
    add(lib, "a", "Reactor restart", "The reactor restarted after nuclear checks.")
    add(lib, "b", "Trade", "Nuclear trade talks.")
    first = search(lib, "nuclear")
    second = search(lib, "nuclear")
    assert counted == ["nuclear"]
    assert [h.id for h in first.hits] == [h.id for h in second.hits]
    assert first.hits == second.hits and first.total == second.total == 2
    search(lib, "nuclear", limit=1)
    search(lib, "nuclear", offset=1)
    search(lib, "nuclear", raw=True)
    assert counted == ["nuclear", "nuclear", "nuclear"]  # raw goes its own way, not counted


def test_own_write_invalidates(lib: Library, counted: list[str]) -> None:
    add(lib, "a", "One", "nuclear energy")
    assert search(lib, "nuclear").total == 1
    add(lib, "b", "Two", "more nuclear energy")
    assert search(lib, "nuclear").total == 2
    assert len(counted) == 2


def test_metadata_only_change_invalidates(lib: Library) -> None:
    add(lib, "a", "One", "nuclear energy")
    assert search(lib, 'nuclear outlet:"Kyodo"').total == 1
    with lib.store.write() as conn:
        conn.execute("UPDATE articles SET outlet = 'NHK World'")
    assert search(lib, 'nuclear outlet:"Kyodo"').total == 0


def test_other_connection_write_invalidates(db_path: Path, lib: Library) -> None:
    add(lib, "a", "One", "nuclear energy")
    assert search(lib, "nuclear").total == 1
    with Library(db_path) as other:
        add(other, "b", "Two", "nuclear power")
    assert search(lib, "nuclear").total == 2


def test_other_thread_write_invalidates(lib: Library) -> None:
    add(lib, "a", "One", "nuclear energy")
    assert search(lib, "nuclear").total == 1
    worker = threading.Thread(target=add, args=(lib, "b", "Two", "nuclear power"))
    worker.start()
    worker.join()
    assert search(lib, "nuclear").total == 2


def test_caller_changes_do_not_reach_the_cache(lib: Library) -> None:
    add(lib, "a", "One", "nuclear energy and nuclear power")
    first = search(lib, "nuclear")
    first.hits[0].highlights.clear()
    first.hits.clear()
    first.suggestions.append("x")
    again = search(lib, "nuclear")
    assert len(again.hits) == 1 and again.hits[0].highlights and not again.suggestions


def test_clear_cache_and_size_bound(lib: Library, counted: list[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    add(lib, "a", "One", "nuclear energy")
    search(lib, "nuclear")
    clear_cache(lib)
    search(lib, "nuclear")
    assert counted == ["nuclear", "nuclear"]
    monkeypatch.setattr(search_mod, "CACHE_SIZE", 2)
    for word in ("alpha", "beta", "gamma", "alpha"):
        search(lib, word)
    assert counted[2:] == ["alpha", "beta", "gamma", "alpha"]  # alpha was pushed out


def test_errors_are_not_cached(lib: Library) -> None:
    add(lib, "a", "One", "nuclear energy")
    with pytest.raises(search_mod.QueryError):
        search(lib, '"unclosed', raw=True)
    with pytest.raises(search_mod.QueryError):
        search(lib, '"unclosed', raw=True)


def test_outlet_names_follow_the_library(lib: Library, db_path: Path) -> None:
    add(lib, "a", "One", "nuclear energy")
    assert search(lib, "outlet:Kyodo").total == 1
    assert "no outlet matches" in search(lib, "outlet:Reuters").message
    with Library(db_path) as other, other.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="b", format="txt", title="Two", body="power",
                                           outlet="Reuters"))
    assert search(lib, "outlet:Reuters").total == 1
    with lib.store.write() as conn:
        conn.execute("UPDATE articles SET outlet = 'Reuters Asia' WHERE source = 'b'")
    assert search(lib, "outlet:reuters").hits[0].outlet == "Reuters Asia"


def test_recording_history_on_a_read_only_library_is_silent(tmp_path) -> None:
    """Searching a read-only library must not raise because history cannot be saved."""
    from core.library import Library
    from core.search.history import recent_searches, record_search

    lib = Library(tmp_path / "ro.db")
    lib.store.readonly = True
    try:
        record_search(lib, "nuclear")  # no LibraryError
        assert recent_searches(lib) == []
    finally:
        lib.close()
