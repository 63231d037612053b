"""Two processes on one library: writers wait their turn, the loser is told, nothing is lost."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from core.errors import LibraryBusyError
from core.library import Library
from core.store import Store

CTX = multiprocessing.get_context("spawn")
ROWS_PER_WRITER = 150


def _writer(db: str, tag: str, rows: int, start: multiprocessing.synchronize.Event,
            busy_file: str) -> None:
    """Add `rows` searches one transaction each, noting every 'busy' message in a file."""
    messages: list[str] = []
    store = Store(db, busy_timeout_s=0.05, write_wait_s=30, on_busy=messages.append)
    start.wait(10)
    for number in range(rows):
        with store.write() as conn:
            conn.execute(
                "INSERT INTO searches(query, used_at) VALUES (?, ?)", (f"{tag}-{number}", "now")
            )
            if number % 10 == 0:
                time.sleep(0.02)  # hold the lock a while, so the other writer must wait
    store.close()
    Path(busy_file).write_text("\n".join(messages))


def _open_fresh(db: str, start: multiprocessing.synchronize.Event, result_file: str) -> None:
    start.wait(10)
    try:
        with Library(db) as lib:
            Path(result_file).write_text(f"ok {lib.store.user_version}")
    except Exception as exc:
        Path(result_file).write_text(f"error {type(exc).__name__}: {exc}")


def _hold_then_write(db: str, busy_file: str) -> None:
    messages: list[str] = []
    store = Store(db, busy_timeout_s=0.1, write_wait_s=30, on_busy=messages.append)
    began = time.monotonic()
    with store.write() as conn:
        conn.execute("INSERT INTO searches(query, used_at) VALUES ('loser', 'now')")
    waited = time.monotonic() - began
    store.close()
    Path(busy_file).write_text(f"{waited:.3f}\n" + "\n".join(messages))


def test_two_processes_writing_at_once_lose_nothing(db_path: Path, tmp_path: Path) -> None:
    Library(db_path).close()
    start = CTX.Event()
    busy_files = [tmp_path / "busy-a", tmp_path / "busy-b"]
    workers = [
        CTX.Process(target=_writer, args=(str(db_path), tag, ROWS_PER_WRITER, start, str(busy)))
        for tag, busy in zip("ab", busy_files, strict=True)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Library(db_path) as lib:
        rows = {row[0] for row in lib.store.query("SELECT query FROM searches")}
    expected = {f"{tag}-{n}" for tag in "ab" for n in range(ROWS_PER_WRITER)}
    assert rows == expected
    messages = [line for busy in busy_files for line in busy.read_text().splitlines()]
    assert set(messages) <= {"library busy, retrying"}


def test_loser_waits_and_is_told_while_another_holds_a_long_write(db_path: Path, tmp_path: Path) -> None:
    Library(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO searches(query, used_at) VALUES ('holder', 'now')")
    busy_file = tmp_path / "busy"
    loser = CTX.Process(target=_hold_then_write, args=(str(db_path), str(busy_file)))
    loser.start()
    time.sleep(1.5)
    # Readers are not blocked by the writer (WAL).
    with Library(db_path) as reader:
        assert reader.store.query("SELECT count(*) FROM searches")[0][0] == 0
    holder.execute("COMMIT")
    holder.close()
    loser.join(30)
    assert loser.exitcode == 0
    waited, *messages = busy_file.read_text().splitlines()
    assert float(waited) >= 1.0
    assert messages == ["library busy, retrying"]
    with Library(db_path) as lib:
        rows = sorted(row[0] for row in lib.store.query("SELECT query FROM searches"))
    assert rows == ["holder", "loser"]


def test_busy_error_after_the_wait_limit(db_path: Path) -> None:
    Library(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    told: list[str] = []
    store = Store(db_path, busy_timeout_s=0.1, write_wait_s=0.6, on_busy=told.append)
    began = time.monotonic()
    with pytest.raises(LibraryBusyError, match="another Newsdesk process is writing"), \
            store.write():
        pass
    elapsed = time.monotonic() - began
    holder.execute("ROLLBACK")
    holder.close()
    assert 0.5 <= elapsed < 3
    assert told == ["library busy, retrying"]
    # Once the lock is free the same store writes normally.
    with store.write() as conn:
        conn.execute("INSERT INTO searches(query, used_at) VALUES ('after', 'now')")
    assert store.query("SELECT query FROM searches") == [("after",)]
    store.close()


def test_failed_write_rolls_back_and_releases_the_lock(db_path: Path) -> None:
    store = Store(db_path, busy_timeout_s=0.1, write_wait_s=0.5)
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("INSERT INTO searches(query, used_at) VALUES ('half', 'now')")
        raise RuntimeError("boom")
    other = Store(db_path, busy_timeout_s=0.1, write_wait_s=0.5)
    with other.write() as conn:
        conn.execute("INSERT INTO searches(query, used_at) VALUES ('whole', 'now')")
    assert store.query("SELECT query FROM searches") == [("whole",)]
    store.close()
    other.close()


def test_processes_creating_the_same_new_library_at_once(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    start = CTX.Event()
    results = [tmp_path / f"result-{n}" for n in range(4)]
    workers = [CTX.Process(target=_open_fresh, args=(str(db), start, str(r))) for r in results]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
    outcomes = [r.read_text() for r in results]
    assert all(text.startswith("ok ") for text in outcomes), outcomes
