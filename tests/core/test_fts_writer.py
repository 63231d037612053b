"""The full-text index is fed by the writer (migration 3 dropped the insert trigger): it must
stay in step with `articles` through adds, updates, deletes and older libraries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import core.store
from core.ingest import ingest_paths
from core.library import Library
from core.models import ParsedArticle
from core.search import search
from core.store.articles import index_new_articles, upsert_article
from tests.core.test_ingest_pipeline import write_corpus


def fts_consistent(lib: Library) -> bool:
    """FTS5's own check of an external-content index against its table."""
    try:
        lib.store.conn.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def test_ingest_update_and_delete_keep_the_index_in_step(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder, 30, words=60)
    report = ingest_paths(lib, [folder], nlp=False, batch_size=7)
    assert report.added == 30 and fts_consistent(lib)
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\n\nZeppelins were mentioned at the very end.")
    assert ingest_paths(lib, [folder], nlp=False).updated == 1
    assert fts_consistent(lib)
    assert [hit.title for hit in search(lib, "zeppelins").hits] != []
    with lib.store.write() as conn:
        conn.execute("DELETE FROM articles WHERE id = (SELECT min(id) FROM articles)")
    assert fts_consistent(lib)
    assert search(lib, "zeppelins").hits == []


def test_single_upsert_indexes_at_once(lib: Library) -> None:
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="/a.txt", format="txt", title="Walrus",
                                           body="A walrus story."))
    assert [hit.title for hit in search(lib, "walrus").hits] == ["Walrus"]
    assert fts_consistent(lib)


def test_a_library_from_before_migration_3_keeps_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    monkeypatch.setattr(core.store, "MIGRATIONS", core.store.MIGRATIONS[:2])
    monkeypatch.setattr(core.store, "LATEST_VERSION", 2)
    with Library(db) as old, old.store.write() as conn:  # the insert trigger indexes this one
        conn.execute(
            "INSERT INTO articles(source, title, body, content_hash, ingested_at, updated_at)"
            " VALUES ('/old.txt', 'Old', 'An aardvark from before.', 'h1', '', '')"
        )
    monkeypatch.undo()
    with Library(db) as lib:
        assert lib.store.user_version == core.store.LATEST_VERSION
        triggers = {row[0] for row in lib.store.query(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"articles_ad", "articles_au"}
        with lib.store.write() as conn:
            upsert_article(conn, ParsedArticle(source="/new.txt", format="txt", title="New",
                                               body="An aardvark from after."))
        assert sorted(hit.title for hit in search(lib, "aardvark").hits) == ["New", "Old"]
        assert fts_consistent(lib)


def test_the_same_source_twice_in_one_batch_keeps_the_index_whole(lib: Library) -> None:
    rows: list = []
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="/a.txt", format="txt", title="First",
                                           body="A narwhal story."), new_rows=rows)
        upsert_article(conn, ParsedArticle(source="/a.txt", format="txt", title="Second",
                                           body="A walrus story."), new_rows=rows)
        index_new_articles(conn, rows)
    assert fts_consistent(lib)
    assert [hit.title for hit in search(lib, "walrus").hits] == ["Second"]
    assert search(lib, "narwhal").hits == []
