"""Store faults: failed and racing migrations, newer schemas, foreign files, read-only libraries."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import core.store
from core.errors import LibraryError
from core.library import Library
from core.models import ParsedArticle
from core.store.articles import upsert_article
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL_MIGRATIONS = list(core.store.MIGRATIONS)


def add_article(lib: Library, name: str) -> None:
    with lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source=f"/src/{name}", format="txt", body=f"body {name}"))


def schema_of(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    return rows


def scalar(db: Path, sql: str) -> object:
    conn = sqlite3.connect(db)
    value = conn.execute(sql).fetchone()[0]
    conn.close()
    return value


@pytest.fixture
def v1_library(db_path: Path) -> Path:
    with Library(db_path) as lib:
        add_article(lib, "one.txt")
        add_article(lib, "two.txt")
    return db_path


def with_migration(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    migrations = [*ORIGINAL_MIGRATIONS, script]
    monkeypatch.setattr(core.store, "MIGRATIONS", migrations)
    monkeypatch.setattr(core.store, "LATEST_VERSION", len(migrations))


BAD_MIGRATION = """
    ALTER TABLE articles ADD COLUMN sentiment REAL;
    CREATE TABLE half_done (id INTEGER PRIMARY KEY);
    UPDATE articles SET title = 'overwritten';
    DELETE FROM notes;
    INSERT INTO no_such_table VALUES (1);
"""


def test_failed_migration_leaves_schema_and_data_as_they_were(
    v1_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_schema = schema_of(v1_library)
    before_titles = scalar(v1_library, "SELECT group_concat(title || body) FROM articles")
    with_migration(monkeypatch, BAD_MIGRATION)
    with pytest.raises(LibraryError, match=f"upgrading the library to schema {len(ORIGINAL_MIGRATIONS) + 1} failed"):
        Library(v1_library)
    assert schema_of(v1_library) == before_schema
    assert scalar(v1_library, "PRAGMA user_version") == len(ORIGINAL_MIGRATIONS)
    assert scalar(v1_library, "SELECT group_concat(title || body) FROM articles") == before_titles
    # The backup was taken before the attempt and holds the same data.
    backup = v1_library.with_name(v1_library.name + f".v{len(ORIGINAL_MIGRATIONS)}.bak")
    assert backup.exists()
    assert scalar(backup, "SELECT count(*) FROM articles") == 2
    assert scalar(backup, "PRAGMA user_version") == len(ORIGINAL_MIGRATIONS)


def test_good_migration_after_a_failed_one_applies_with_backup(
    v1_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_migration(monkeypatch, BAD_MIGRATION)
    with pytest.raises(LibraryError):
        Library(v1_library)
    with_migration(monkeypatch, "ALTER TABLE articles ADD COLUMN sentiment REAL;")
    with Library(v1_library) as lib:
        assert lib.store.user_version == len(ORIGINAL_MIGRATIONS) + 1
        assert lib.store.query("SELECT count(sentiment IS NULL) FROM articles")[0][0] == 2
    backup = v1_library.with_name(v1_library.name + f".v{len(ORIGINAL_MIGRATIONS)}.bak")
    assert scalar(backup, "PRAGMA user_version") == len(ORIGINAL_MIGRATIONS)


def test_migration_failing_in_the_sql_parser_rolls_back(
    v1_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = schema_of(v1_library)
    with_migration(monkeypatch, "CREATE TABLE ok_one (a); CREATE TABLE broken (;")
    with pytest.raises(LibraryError):
        Library(v1_library)
    assert schema_of(v1_library) == before


def test_database_from_a_newer_version(v1_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(v1_library)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(LibraryError, match="newer Newsdesk"):
        Library(v1_library)
    assert main(["--db", str(v1_library), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer Newsdesk (schema 99" in err
    assert scalar(v1_library, "PRAGMA user_version") == 99  # untouched


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file\n" * 10, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
     b"SQLite format 3\x00" + b"\xff" * 200],
    ids=["text", "png", "fake-header"],
)
def test_non_sqlite_file_as_db_is_one_clear_line(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "not-a-library.db"
    db.write_bytes(content)
    assert main(["--db", str(db), "check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "not a" in captured.err and "Traceback" not in captured.err
    assert db.read_bytes() == content


def test_other_apps_sqlite_database_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "places.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    before = schema_of(db)
    assert main(["--db", str(db), "check"]) == 1
    assert "not a Newsdesk library" in capsys.readouterr().err
    assert schema_of(db) == before


def test_folder_as_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path), "check"]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_empty_file_becomes_a_library(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    with Library(db) as lib:
        assert lib.store.user_version == core.store.LATEST_VERSION


# -- read-only libraries -----------------------------------------------------------------------

READONLY_PROBE = """
import sys, json
sys.path.insert(0, {root!r})
from core.library import Library
from core import maintenance
from core.errors import LibraryError
out = {{}}
lib = Library(sys.argv[1])
out["readonly"] = lib.readonly
out["count"] = lib.store.query("SELECT count(*) FROM articles")[0][0]
out["check_ok"] = maintenance.check(lib).ok
try:
    with lib.store.write() as conn:
        conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    out["write"] = "written"
except LibraryError as exc:
    out["write"] = str(exc)
print(json.dumps(out))
"""


def _unprivileged_prefix() -> list[str]:
    """Root ignores file modes; drop the capabilities that let it (setpriv) to test for real."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-ro-"))
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@pytest.mark.parametrize("lock", ["file", "folder", "both"])
def test_readonly_library_opens_read_only_and_refuses_writes_clearly(
    shared_tmp: Path, lock: str
) -> None:
    folder = shared_tmp / "lib"
    folder.mkdir()
    db = folder / "library.db"
    with Library(db) as lib:
        add_article(lib, "kept.txt")
    if lock in ("file", "both"):
        db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if lock in ("folder", "both"):
        folder.chmod(0o555)
    script = READONLY_PROBE.format(root=str(ROOT))
    result = subprocess.run(
        [*_unprivileged_prefix(), sys.executable, "-c", script, str(db)],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["readonly"] is True
    assert out["count"] == 1
    assert out["check_ok"] is True
    assert "read-only" in out["write"] and "cannot be saved" in out["write"]


def test_readonly_mode_in_process(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path without subprocesses: the store sees an unwritable file."""
    with Library(db_path) as lib:
        add_article(lib, "a.txt")
    monkeypatch.setattr(core.store, "_writable", lambda path: False)
    with Library(db_path) as lib:
        assert lib.readonly
        assert lib.store.query("SELECT count(*) FROM articles")[0][0] == 1
        with pytest.raises(LibraryError, match="read-only"):
            add_article(lib, "b.txt")


def test_readonly_library_that_needs_an_upgrade(
    v1_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core.store, "_writable", lambda path: False)
    with_migration(monkeypatch, "CREATE TABLE later (a);")
    with pytest.raises(LibraryError, match="read-only and needs an upgrade"):
        Library(v1_library)


def test_new_library_in_readonly_folder(shared_tmp: Path) -> None:
    folder = shared_tmp / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from tui.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [*_unprivileged_prefix(), sys.executable, "-c", script,
         "--db", str(folder / "new.db"), "check"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr
