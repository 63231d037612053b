"""`core.maintenance`: backup, check and rebuild, and the `newsdesk backup/check` commands."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core import maintenance
from core.errors import LibraryError
from core.library import Library
from core.models import ParsedArticle
from core.store.articles import upsert_article
from tui.cli import main


def add_articles(lib: Library, count: int, prefix: str = "a") -> None:
    with lib.store.write() as conn:
        for number in range(count):
            upsert_article(
                conn,
                ParsedArticle(
                    source=f"/src/{prefix}{number}.txt", format="txt",
                    title=f"Title {prefix} {number}",
                    body=f"Body {prefix} {number} about intelligence sharing and LNG {number * 7}",
                ),
            )


def corrupt_fts(db_path: Path) -> None:
    """Remove article 1's words from the index while its row stays: FTS out of step."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    title, byline, outlet, body = conn.execute(
        "SELECT title, byline, outlet, body FROM articles WHERE id = 1"
    ).fetchone()
    conn.execute(
        "INSERT INTO articles_fts(articles_fts, rowid, title, byline, outlet, body) "
        "VALUES ('delete', 1, ?, ?, ?, ?)",
        (title, byline, outlet, body),
    )
    conn.close()


def test_check_healthy_library(lib: Library) -> None:
    add_articles(lib, 5)
    report = maintenance.check(lib)
    assert report.ok, report.problems()
    assert report.counts["articles"] == 5
    assert report.fts == {"articles_fts": ""}
    assert report.schema_version >= 1
    assert report.journal_mode == "wal"
    assert report.to_dict()["ok"] is True


def test_check_finds_fts_out_of_step_and_rebuild_repairs(lib: Library) -> None:
    add_articles(lib, 5)
    corrupt_fts(lib.path)
    report = maintenance.check(lib)
    assert not report.ok
    assert report.fts["articles_fts"]
    assert any(line.startswith("articles_fts:") for line in report.problems())
    assert maintenance.rebuild(lib) == ["articles_fts"]
    report = maintenance.check(lib)
    assert report.ok, report.problems()
    hits = lib.store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'LNG'")
    assert len(hits) == 5


def test_check_finds_broken_reference(lib: Library) -> None:
    add_articles(lib, 1)
    conn = sqlite3.connect(lib.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO note_tags(note_id, tag) VALUES (999, 'orphan')")
    conn.close()
    report = maintenance.check(lib)
    assert not report.ok
    assert report.foreign_keys == ["note_tags row 1 points at a missing notes row"]


def test_check_reports_damaged_pages_without_crashing(tmp_path: Path) -> None:
    db = tmp_path / "damaged.db"
    with Library(db) as lib:
        add_articles(lib, 300)
        lib.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = lib.store.query("SELECT rootpage FROM sqlite_master WHERE name = 'articles_year'")
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = (root[0][0] - 1) * page_size  # pages count from 1
    data[start + 100:start + page_size] = b"\x5a" * (page_size - 100)
    db.write_bytes(bytes(data))
    with Library(db) as lib:
        report = maintenance.check(lib)
    assert not report.ok
    assert report.integrity
    assert all(line.startswith("database:") for line in report.problems())


def test_unopenable_library_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "schema-damaged.db"
    with Library(db):
        pass
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\x00" * 3996  # the schema page
    db.write_bytes(bytes(data))
    with pytest.raises(LibraryError, match=r"malformed|not a"):
        Library(db)


def test_backup_default_name_is_timestamped_in_data_folder(lib: Library) -> None:
    add_articles(lib, 3)
    first = maintenance.backup(lib)
    second = maintenance.backup(lib)
    assert first.parent == maintenance.default_backup_dir()
    assert first != second and first.exists() and second.exists()
    assert first.name.startswith("library-") and first.suffix == ".db"
    copy = sqlite3.connect(first)
    assert copy.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    copy.close()
    assert not list(first.parent.glob("*.part"))


def test_backup_to_file_and_folder_never_overwrites(lib: Library, tmp_path: Path) -> None:
    add_articles(lib, 2)
    target = tmp_path / "out" / "copy.db"
    assert maintenance.backup(lib, target) == target
    with pytest.raises(LibraryError, match="already exists"):
        maintenance.backup(lib, target)
    in_folder = maintenance.backup(lib, tmp_path / "out")
    assert in_folder.parent == tmp_path / "out" and in_folder != target
    with pytest.raises(LibraryError, match=r"itself|exists"):
        maintenance.backup(lib, lib.path)


def test_backup_while_another_connection_writes(lib: Library) -> None:
    """The backup is a consistent snapshot even with an open write transaction elsewhere."""
    add_articles(lib, 10)
    other = sqlite3.connect(lib.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM articles WHERE id <= 5")
    written = maintenance.backup(lib)
    other.execute("COMMIT")
    other.close()
    copy = Library(written)
    assert maintenance.check(copy).ok
    assert copy.store.query("SELECT count(*) FROM articles")[0][0] == 10
    copy.close()


def test_backup_into_unwritable_place_is_one_clear_error(lib: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="cannot write the backup"):
        maintenance.backup(lib, blocker / "sub" / "copy.db")


def test_cli_check_and_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library(db_path) as lib:
        add_articles(lib, 4)
    assert main(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "ok: database integrity" in out and "4 articles" in out

    corrupt_fts(db_path)
    assert main(["--db", str(db_path), "check", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["fts"]["articles_fts"]
    assert main(["--db", str(db_path), "check"]) == 1
    assert "newsdesk check --rebuild" in capsys.readouterr().out
    assert main(["--db", str(db_path), "check", "--rebuild"]) == 0
    assert "rebuilt the full-text index" in capsys.readouterr().out

    target = tmp_path / "b.db"
    assert main(["--db", str(db_path), "backup", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert main(["--db", str(db_path), "backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err
