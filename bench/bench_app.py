"""The app on a pty: start to first frame, and keystroke to updated results.

Both spawn the real `newsdesk --db LIB` on a 100x30 pseudo-terminal and read what it draws.
CPU seconds come from `os.wait4` after the child is killed the moment the marker is on screen,
so they hold on a loaded machine where wall time does not.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import os
import select
import signal
import sqlite3
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Iterator
from pathlib import Path

from bench.run import ANSI_RE, MINIMAL_APP, NEWSDESK, PYTHON, ROOT, SEARCH_MIX, Bench, Figure
from bench.run import sqlite_copy as _sqlite_copy
from core.store.articles import index_articles_after

FOOTER = "palette"  # the footer's `^p palette`, drawn with the first frame of a screen
BROWSE = "most recent articles"  # the status line once the newest articles are listed


class PtyApp:
    """A child process on its own pty, read as plain text (escape sequences stripped)."""

    def __init__(self, argv: list[str], rows: int = 30, columns: int = 100) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=ROOT, start_new_session=True)
        os.close(slave)
        self.master = master
        self.seen = ""
        self.argv = argv

    def wait_for(self, marker: str | None, since: float, timeout: float = 20.0) -> float:
        """Seconds from `since` until `marker` has been drawn (None: until the child exits)."""
        while time.perf_counter() - since < timeout:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if marker is None:
                        return time.perf_counter() - since
                    break
                self.seen += ANSI_RE.sub("", chunk.decode("utf-8", "replace"))
                if marker is not None and marker in self.seen:
                    return time.perf_counter() - since
            elif marker is None and self.proc.poll() is not None:
                return time.perf_counter() - since
        raise RuntimeError(f"no {marker!r} on screen within {timeout:.0f}s from {self.argv[:3]}")

    def send(self, keys: str) -> float:
        """Write keys as one burst (as a fast typist's terminal would); the time written."""
        self.seen = ""
        written = time.perf_counter()
        os.write(self.master, keys.encode())
        return written

    def cpu_seconds(self) -> float:
        """The child's CPU seconds so far (user + system, from /proc; 0 where there is none)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> float:
        """Kill the child now; its CPU seconds (user + system) so far."""
        cpu = 0.0
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            _, _, usage = os.wait4(self.proc.pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
        self.proc.returncode = self.proc.returncode or -9
        os.close(self.master)
        return cpu


def first_frame(argv: list[str], marker: str | None) -> tuple[float, float]:
    """(wall s, CPU s) from spawning `argv` until `marker` is drawn (None: until it exits)."""
    app = PtyApp(argv)
    try:
        wall = app.wait_for(marker, app.started)
    finally:
        cpu = app.kill()
    return wall, cpu


def app_library(bench: Bench) -> tuple[Path, int, str]:
    """The library the app figures run on: 100k in a full run, the largest size in a quick one.

    Without a cached 100k ingest, the 10k library is cloned ten times over by SQL (titles
    and bodies kept, sources and hashes made unique, then added to the full-text index); building the
    real 100k corpus takes half an hour, and the first frame depends on the row count only.
    """
    n = bench.sizes[-1]
    if bench.quick or n < 100_000:
        return bench.library(n), n, ""
    real = bench.work / f"lib-100000-s{bench.seed}.db"
    if Path(f"{real}.done").exists():
        return real, 100_000, ""
    clone = bench.work / f"lib-100000-clone-s{bench.seed}.db"
    stamp = Path(f"{clone}.done")
    if not stamp.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{clone}{suffix}").unlink(missing_ok=True)
        _sqlite_copy(bench.library(10_000), clone)
        _clone_articles(clone, copies=10)
        stamp.write_text("ok\n")
    return clone, 100_000, "10k library cloned x10 by SQL"


def _clone_articles(db: Path, copies: int) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)") if row[1] != "id"]
    changed = {"source": "source || '#copy' || :copy",
               "content_hash": "content_hash || '-' || :copy"}
    select_list = ", ".join(changed.get(name, name) for name in columns)
    insert = (f"INSERT INTO articles ({', '.join(columns)}) SELECT {select_list} FROM articles "
              "WHERE id <= :last")
    last = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    for copy in range(1, copies):
        conn.execute("BEGIN")
        conn.execute(insert, {"copy": copy, "last": last})
        conn.execute("COMMIT")
    index_articles_after(conn, last)  # new rows reach the full-text index from the writer
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.close()


def fig_first_frame(bench: Bench) -> Iterator[Figure]:
    """App start to first frame (footer drawn) and to the browse list, beside a minimal app."""
    import tui.app  # noqa: F401  (skip when the app is not built)

    db, n, how = app_library(bench)
    minimal = bench.work / "minimal_app.py"
    minimal.write_text(MINIMAL_APP)
    ours, ours_cpu, listed, limit, limit_cpu, bare = [], [], [], [], [], []
    for _ in range(bench.start_runs):
        wall, cpu = first_frame([NEWSDESK, "--db", str(db)], FOOTER)
        ours.append(wall)
        ours_cpu.append(cpu)
        listed.append(first_frame([NEWSDESK, "--db", str(db)], BROWSE)[0])
        wall, cpu = first_frame([PYTHON, str(minimal)], FOOTER)
        limit.append(wall)
        limit_cpu.append(cpu)
        bare.append(first_frame([PYTHON, "-c", "pass"], None)[0])
    label = f"{n // 1000}k"
    yield Figure(f"app first frame (footer drawn), {label}", "s", ours, 0.6, False,
                 "minimal Textual app (Header + Footer)", limit,
                 note=f"`python -c pass` on the same pty: {statistics.median(bare):.3f} s"
                      + (f"; {how}" if how else ""))
    yield Figure(f"app first frame, CPU time, {label}", "s", ours_cpu, None, False,
                 "minimal Textual app, CPU time", limit_cpu)
    yield Figure(f"app start to newest articles listed, {label}", "s", listed, None, False,
                 "", [])


def _app_setting(module: str, name: str, default: float) -> float:
    """A timing constant of the app (its default when that part is not built)."""
    try:
        return float(getattr(importlib.import_module(module), name))
    except (ImportError, AttributeError):
        return default


def fig_keystroke(bench: Bench) -> Iterator[Figure]:
    """A query typed in one burst on the pty, to its result count drawn; then ctrl+u clears it.

    The limit beside it is the debounce plus `core.search.search` for the same query in this
    process (result cache cleared, page cache warm, ranked lists kept): what no app could beat
    with that debounce.
    """
    from core.library import Library
    from core.search import clear_cache, search

    db, n, how = app_library(bench)
    debounce = _app_setting("tui.screens.search", "DEBOUNCE_S", 0.0)
    first_page = int(_app_setting("tui.widgets.results", "FIRST_PAGE", 300))
    preview_after = _app_setting("tui.screens.search", "PREVIEW_AFTER_S", 0.0)
    expected: dict[str, str] = {}
    previewed: dict[str, str] = {}
    core_ms: list[float] = []
    with Library(db) as lib:
        for _, query, _, _ in SEARCH_MIX:
            for _ in range(3):  # builds the ranked lists the app will read, one a search
                search(lib, query, limit=first_page)
                clear_cache(lib)
            started = time.perf_counter()
            result = search(lib, query, limit=first_page)  # the page the app shows first
            core_ms.append((time.perf_counter() - started) * 1000)
            total = result.total
            expected[query] = f"{total} result" if total else (result.message or "0 result")
            if result.hits:  # the preview's meta line: outlet and byline, which the list omits
                top = result.hits[0]
                previewed[query] = " · ".join(p for p in (top.outlet, top.byline) if p)
    core_median = statistics.median(core_ms)
    rounds = 2 if bench.quick else 4
    samples: list[float] = []
    cpu_ms: list[float] = []
    preview_ms: list[float] = []
    app = PtyApp([NEWSDESK, "--db", str(db)])
    try:
        app.wait_for(BROWSE, app.started)
        for _ in range(rounds):
            for _, query, _, _ in SEARCH_MIX:
                cpu = app.cpu_seconds()
                written = app.send(query)
                samples.append(app.wait_for(expected[query], written) * 1000)
                cpu_ms.append((app.cpu_seconds() - cpu) * 1000)
                if previewed.get(query):
                    preview_ms.append(app.wait_for(previewed[query], written) * 1000)
                app.wait_for(BROWSE, app.send("\x15"))  # ctrl+u: back to the browse list
    finally:
        app.kill()
    label = f"{n // 1000}k"
    p95 = sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]
    yield Figure(f"keystroke to updated results, {label}", "ms", samples, 100, False,
                 "debounce + core search (in process)", [debounce * 1000 + core_median],
                 note=f"debounce {debounce * 1000:.0f} ms; p95 {p95:.0f} ms; core search median "
                      f"{core_median:.1f} ms; " + "; ".join(q for _, q, _, _ in SEARCH_MIX)
                      + (f"; {how}" if how else ""))
    yield Figure(f"keystroke to updated results, app CPU time, {label}", "ms", cpu_ms, None,
                 False, "core search (in process)", [core_median],
                 note="CPU the app spent from the keys written to the count drawn "
                      "(/proc, 10 ms ticks): typing, search, the first page of rows")
    if preview_ms:
        yield Figure(f"keystroke to the top result's preview drawn, {label}", "ms", preview_ms,
                     None, False, "", [],
                     note="the preview waits until the cursor rests "
                          f"({preview_after * 1000:.0f} ms) and follows the list")
