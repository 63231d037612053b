"""SQLite access: one connection per thread, WAL, foreign keys, busy timeout, migrations.

Only this package writes SQL. Writers go through `Store.write()`, which takes the write lock
with BEGIN IMMEDIATE and retries (telling the caller) while another process holds it.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from core.errors import LibraryBusyError, LibraryError
from core.store.schema import LATEST_VERSION, MIGRATIONS

BusyCallback = Callable[[str], None]


def utc_now() -> str:
    """Current time as an ISO string in UTC, second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """A library database file. Safe to share between threads; each gets its own connection."""

    def __init__(
        self,
        path: Path | str,
        *,
        busy_timeout_s: float = 5.0,
        write_wait_s: float = 60.0,
        on_busy: BusyCallback | None = None,
        migrate: bool = True,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self.write_wait_s = write_wait_s
        self.on_busy = on_busy
        self.readonly = False
        self.warnings: list[str] = []  # said once to the user on opening (CLI stderr, app notice)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._prepare_location()
        self._check_location()
        if migrate:
            self.migrate()

    # -- connections ---------------------------------------------------------------------------

    def _prepare_location(self) -> None:
        parent = self.path.parent
        if self.path.exists():
            if self.path.is_dir():
                raise LibraryError(f"{self.path} is a folder, not a library file")
            if not _writable(self.path) or not _writable(parent):
                self.readonly = True
            return
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create the library folder {parent}: {exc.strerror}") from exc
        if not _writable(parent):
            raise LibraryError(f"cannot create a library in {parent}: the folder is read-only")

    def _check_location(self) -> None:
        """Warnings about where the library lives: read-only, or a network filesystem."""
        from core.store.mounts import network_filesystem

        if self.readonly:
            self.warnings.append(
                f"the library {self.path} is read-only: you can search and read, "
                "but notes, merges and ingests cannot be saved"
            )
        fs_type = network_filesystem(self.path)
        if fs_type is not None:
            self.warnings.append(
                f"the library {self.path} is on a network filesystem ({fs_type}): SQLite's "
                "locking may be unreliable there, so keep one Newsdesk process at a time "
                "or move the library to a local disk"
            )

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.readonly:
                conn = self._connect_readonly()
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                       timeout=self.busy_timeout_s)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -32000")
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"cannot open library {self.path}: {exc}") from exc
        return conn

    def _connect_readonly(self) -> sqlite3.Connection:
        """mode=ro; in a read-only folder a WAL library has no -shm to share, so open immutable."""
        base = self.path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(base, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=self.busy_timeout_s)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "unable to open" not in str(exc):
                raise
            conn.close()
            conn = sqlite3.connect(base + "&immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=self.busy_timeout_s)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE), retried while another process holds the lock."""
        if self.readonly:
            raise LibraryError(f"the library {self.path} is read-only; changes cannot be saved")
        conn = self.conn
        if conn.in_transaction:  # nested use joins the outer transaction
            yield conn
            return
        deadline = time.monotonic() + self.write_wait_s
        told = False
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise LibraryError(f"cannot write to the library: {exc}") from exc
                if time.monotonic() > deadline:
                    raise LibraryBusyError(
                        "another Newsdesk process is writing to this library; try again shortly"
                    ) from exc
                if not told and self.on_busy is not None:
                    self.on_busy("library busy, retrying")
                    told = True
                time.sleep(0.1)
        try:
            yield conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[tuple]:
        """Run a read query on this thread's connection and return all rows."""
        return self.conn.execute(sql, params).fetchall()

    # -- migrations ----------------------------------------------------------------------------

    @property
    def user_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the schema to the latest version, one transaction per step, backup first."""
        try:  # one statement, so one snapshot: another process may be creating the library
            version, foreign = self.conn.execute(
                "SELECT (SELECT user_version FROM pragma_user_version), "
                "EXISTS (SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite%')"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{self.path} is not a Newsdesk library ({exc})") from exc
        if version > LATEST_VERSION:
            raise LibraryError(
                f"this library was written by a newer Newsdesk (schema {version}, "
                f"this version knows {LATEST_VERSION})"
            )
        if version == LATEST_VERSION:
            return
        if version == 0 and foreign:
            raise LibraryError(f"{self.path} is an SQLite database but not a Newsdesk library")
        if self.readonly:
            raise LibraryError(f"the library {self.path} is read-only and needs an upgrade")
        if version > 0:
            self.backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
        for number in range(version + 1, LATEST_VERSION + 1):
            try:
                self.apply_migration(number, MIGRATIONS[number - 1])
            except LibraryError:
                if self.user_version >= number:  # another process migrated it meanwhile
                    continue
                raise

    def apply_migration(self, number: int, script: str) -> None:
        """Run one migration script and set user_version, all or nothing."""
        conn = self.conn
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise LibraryError(f"upgrading the library to schema {number} failed: {exc}") from exc

    def backup(self, target: Path | str) -> Path:
        """A consistent copy of the library, safe while others read and write (backup API)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        dest = sqlite3.connect(tmp)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        shutil.move(tmp, target)
        return target


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK)
