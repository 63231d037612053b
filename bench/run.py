"""Measure every budget beside the limit it is held against, print a table, write bench/RESULTS.md.

    python -m bench.run [--quick] [--max-size N] [--only NAME ...]

A figure is a small function `fig_*(bench) -> Iterator[Figure]` listed in FIGURES; one whose
feature is not built yet (ImportError) is reported as skipped, an error as a row of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import pty  # noqa: F401  (documents the mechanism; the pty is opened with os.openpty)
import random
import re
import select
import signal
import sqlite3
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.generate import WORK_DIR, ensure_corpus, iter_articles

if TYPE_CHECKING:
    from core.library import Library

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("RESULTS.md")
PYTHON = sys.executable
NEWSDESK = str(Path(PYTHON).parent / "newsdesk")


@dataclass
class Figure:
    """One measured figure, its budget and the limit measured beside it in the same run."""

    name: str
    unit: str
    samples: list[float]
    budget: float | None = None
    higher_is_better: bool = False
    limit_name: str = ""
    limit_samples: list[float] = field(default_factory=list)
    ratio_budget: float | None = None  # a budget on figure / limit rather than on the figure
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def limit(self) -> float | None:
        return statistics.median(self.limit_samples) if self.limit_samples else None

    @property
    def ratio(self) -> float | None:
        limit = self.limit
        return self.median / limit if limit else None

    def budget_text(self) -> str:
        sign = ">=" if self.higher_is_better else "<"
        if self.ratio_budget is not None:
            return f"ratio {sign} {self.ratio_budget:g}"
        return f"{sign} {_num(self.budget)} {self.unit}" if self.budget is not None else ""

    def met(self) -> str:
        value, target = (self.ratio, self.ratio_budget) if self.ratio_budget is not None else (
            self.median, self.budget)
        if target is None or value is None:
            return ""
        ok = value >= target if self.higher_is_better else value < target
        return "met" if ok else "MISSED"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


# -- the context: cached corpora and libraries ------------------------------------------------


class Bench:
    """Run settings and the cached corpora and libraries under bench/.work/."""

    def __init__(self, quick: bool, max_size: int, seed: int = 1) -> None:
        self.quick = quick
        self.seed = seed
        self.repeats = 3 if quick else 5
        # Process start-up figures vary most from run to run here (page cache, scheduler):
        # each takes twice the runs, ours and its limit in turn.
        self.start_runs = 2 * self.repeats + 1
        sizes = [1_000] if quick else [1_000, 10_000, 100_000]
        self.sizes = [n for n in sizes if n <= max_size] or [min(sizes)]
        self.work = WORK_DIR
        self.work.mkdir(parents=True, exist_ok=True)

    def corpus(self, n: int) -> Path:
        return ensure_corpus(n, self.seed, self.work)

    def library(self, n: int) -> Path:
        """A library of the n-article corpus, ingested with --no-nlp (cached)."""
        db = self.work / f"lib-{n}-s{self.seed}.db"
        stamp = Path(f"{db}.done")
        if not stamp.exists():
            _remove_db(db)
            run_child(["ingest", str(db), str(self.corpus(n))])
            stamp.write_text("ok\n")
        return db

    def annotated_library(self, n: int) -> Path:
        """The same library with entities from the rule-based extractor (cheap at 10k+)."""
        db = self.work / f"lib-{n}-s{self.seed}-rules.db"
        stamp = Path(f"{db}.done")
        if not stamp.exists():
            _remove_db(db)
            sqlite_copy(self.library(n), db)
            run_child(["annotate", str(db), "--model", "rules"])
            stamp.write_text("ok\n")
        return db


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a library with SQLite's backup API (safe with WAL)."""
    source_conn, target_conn = sqlite3.connect(source), sqlite3.connect(target)
    source_conn.backup(target_conn)
    source_conn.close()
    target_conn.close()


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".done"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _db_bytes(db: Path) -> int:
    return sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())


@dataclass
class ChildResult:
    data: dict[str, float]
    wall_s: float
    max_rss_mb: float
    cpu_s: float = 0.0  # user + system CPU of the child and the workers it waited for


def run_child(args: list[str]) -> ChildResult:
    """Run `python -m bench.child ARGS`; its JSON, wall time and peak RSS (os.wait4)."""
    import tempfile

    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen([PYTHON, "-m", "bench.child", *args], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL,
                                text=True)
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not out.strip():
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}"
        raise RuntimeError(f"bench.child {args[0]} failed: {last}")
    return ChildResult(json.loads(out.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024,
                       usage.ru_utime + usage.ru_stime)


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


# -- figures ------------------------------------------------------------------------------------


def bare_fts_insert(n: int, seed: int, db: Path) -> float:
    """Articles/s of a plain FTS5 insert of the same titles and bodies (one transaction)."""
    texts = [(a.title, a.body) for a in iter_articles(n, seed)]
    _remove_db(db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body)")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO fts(title, body) VALUES (?, ?)", texts)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    _remove_db(db)
    return n / elapsed


def fig_ingest(bench: Bench) -> Iterator[Figure]:
    """Ingest --no-nlp throughput vs bare FTS5, its peak memory, and library size per article."""
    import core.ingest  # noqa: F401  (skip when ingest is not built)

    baseline = run_child(["baseline"]).max_rss_mb
    sizes = bench.sizes if not bench.quick else [1_000]
    for n in sizes:
        corpus = bench.corpus(n)
        runs = 1 if bench.quick or n >= 10_000 else 3
        rates, rss, limits, cpu_rates = [], [], [], []
        db = bench.work / f"ingest-{n}.db"
        per_article = 0.0
        for _ in range(runs):
            _remove_db(db)
            child = run_child(["ingest", str(db), str(corpus)])
            rates.append(child.data["added"] / child.data["elapsed"])
            cpu_rates.append(child.data["added"] / max(child.cpu_s, 1e-9))
            rss.append(child.max_rss_mb)
            per_article = _db_bytes(db) / max(1, child.data["added"]) / 1024
            limits.append(bare_fts_insert(n, bench.seed, bench.work / "bare.db"))
        raw_kb = sum(p.stat().st_size for p in corpus.rglob("*.*")) / n / 1024
        label = f"{n // 1000}k"
        yield Figure(f"ingest --no-nlp, {label}", "articles/s", rates, None, True,
                     "bare FTS5 insert", limits,
                     note=f"1 process (`--jobs 1`; the budget is for the CLI default, the row "
                          f"below); per CPU second (whole process, imports included) "
                          f"{statistics.median(cpu_rates):,.0f} articles/s")
        _remove_db(db)
        two = run_child(["ingest", str(db), str(corpus), "--jobs", "2"])
        yield Figure(f"ingest --no-nlp, {label}, 2 parse processes", "articles/s",
                     [two.data["added"] / two.data["elapsed"]], 500, True,
                     "bare FTS5 insert", limits,
                     note=f"the CLI default from 400 files; CPU of all processes "
                          f"{two.cpu_s / max(1, two.data['added']) * 1000:.2f} ms per article")
        terms = run_child(["terms", str(db)])
        yield Figure(f"term index (analysis step, or first compare), {label}", "articles/s",
                     [terms.data["indexed"] / terms.data["elapsed"]], None, True,
                     "", [], note="one process; --no-nlp leaves it to the analysis step")
        yield Figure(f"ingest --no-nlp peak RSS, {label}", "MB", rss, 1024, False,
                     "python + import core", [baseline])
        yield Figure(f"library size per article, {label}", "KB", [per_article], None, False,
                     "source file size", [raw_kb])
        library = bench.work / f"lib-{n}-s{bench.seed}.db"
        if not Path(f"{library}.done").exists():  # keep the last run as the cached library
            _remove_db(library)
            sqlite_copy(db, library)
            Path(f"{library}.done").write_text("ok\n")
        _remove_db(db)


def fig_ingest_ner(bench: Bench) -> Iterator[Figure]:
    """Ingest with NER vs raw nlp.pipe(NER only, batch 32) on the same texts."""
    import core.nlp  # noqa: F401

    n = 100 if bench.quick else 300
    jobs = 1 if bench.quick else 2
    corpus = bench.corpus(n)
    rates, limits, rss, raw_rss = [], [], [], []
    db = bench.work / f"ingest-ner-{n}.db"
    for _ in range(1 if bench.quick else 3):  # one 300-article run varied 0.79-0.98x
        _remove_db(db)
        child = run_child(["ingest", str(db), str(corpus), "--nlp", "--jobs", str(jobs)])
        rates.append(child.data["added"] / child.data["elapsed"])
        rss.append(child.max_rss_mb)
        raw = run_child(["rawner", str(n), str(bench.seed), "--n-process", str(jobs)])
        limits.append(raw.data["articles"] / raw.data["elapsed"])
        raw_rss.append(raw.max_rss_mb)
    _remove_db(db)
    yield Figure(f"ingest with NER, {n} articles, jobs {jobs}", "articles/s", rates, None, True,
                 f"raw nlp.pipe n_process={jobs} (incl. model load)", limits, ratio_budget=0.8)
    yield Figure(f"ingest with NER peak RSS, {n} articles", "MB", rss, 1024, False,
                 "raw nlp.pipe peak RSS", raw_rss)


SEARCH_MIX = (
    ("common word", "security", "security", None),
    ("two words", "nuclear energy", "nuclear energy", None),
    ("phrase", '"intelligence sharing"', '"intelligence sharing"', None),
    ("3-letter prefix", "min*", "min*", None),
    ("word + filter", "trade year:2016", "trade", 2016),
)
BARE_QUERY = (
    "SELECT a.id, snippet(articles_fts, 3, '[', ']', '...', 12) FROM articles_fts "
    "JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? {year} "
    "ORDER BY rank LIMIT 20"
)


def bare_search(conn: sqlite3.Connection, match: str, year: int | None) -> list[tuple]:
    if year is None:
        return conn.execute(BARE_QUERY.format(year=""), (match,)).fetchall()
    return conn.execute(BARE_QUERY.format(year="AND a.year = ?"), (match, year)).fetchall()


def fig_search(bench: Bench) -> Iterator[Figure]:
    """In-app search (core.search.search, top 20 with snippets) p50/p95 vs bare FTS5."""
    from core.library import Library
    from core.search import clear_cache, search

    for n in bench.sizes:
        db = bench.library(n)
        rounds = 10 if bench.quick else 20
        ours, bare = [], []
        with Library(db) as lib:
            conn = sqlite3.connect(db)
            for _ in range(3):  # warm both page caches; a search builds one missing list
                for _, query, match, year in SEARCH_MIX:
                    clear_cache(lib)
                    search(lib, query)
                    bare_search(conn, match, year)
            for _ in range(rounds):
                for _, query, match, year in SEARCH_MIX:
                    clear_cache(lib)  # a repeat would be answered from the result cache
                    ours.append(timed(lambda q=query: search(lib, q)) * 1000)
                    bare.append(timed(lambda m=match, y=year, c=conn: bare_search(c, m, y)) * 1000)
            conn.close()
            first, first_bare = first_searches(lib, 2 if bench.quick else 3)
        label = f"{n // 1000}k"
        yield Figure(f"search p50 (mix), {label}", "ms", [statistics.median(ours)], 10, False,
                     "bare FTS5 p50", [statistics.median(bare)],
                     note="; ".join(q for _, q, _, _ in SEARCH_MIX) + "; common terms "
                          "answered from their ranked lists (built by the warm-up rounds)")
        yield Figure(f"search p95 (mix), {label}", "ms", [percentile(ours, 0.95)], 100, False,
                     "bare FTS5 p95", [percentile(bare, 0.95)])
        yield Figure(f"search, first query after a change, {label}", "ms", first, None, False,
                     "bare FTS5, same queries", first_bare,
                     note="; ".join(FIRST_QUERIES) + ": no ranked list yet, so each common "
                          "term is scored and its list kept (once per index version)")


FIRST_QUERIES = ("security", "min*", "nuclear energy")


def first_searches(lib: Library, rounds: int) -> tuple[list[float], list[float]]:
    """`search` with no ranked lists kept (as after an ingest), and bare FTS5 on the same."""
    from core.search import clear_cache, search
    from core.store.ranklists import RankCache

    conn = sqlite3.connect(lib.store.path)
    ours, bare = [], []
    for _ in range(rounds):
        for query in FIRST_QUERIES:
            RankCache(lib.store.path).clear()
            clear_cache(lib)
            ours.append(timed(lambda q=query: search(lib, q)) * 1000)
            match = " AND ".join(query.split())
            bare.append(timed(lambda m=match: bare_search(conn, m, None)) * 1000)
    conn.close()
    return ours, bare


def fig_cli_search(bench: Bench) -> Iterator[Figure]:
    """`newsdesk search` process start to exit vs python + sqlite3 + one ranked query."""
    import tui.cli  # noqa: F401

    n = bench.sizes[-1]
    db = bench.library(n)
    probe = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"SELECT rowid, "
             "snippet(articles_fts, 3, '[', ']', '...', 12) FROM articles_fts WHERE articles_fts "
             "MATCH 'security' ORDER BY rank LIMIT 20\").fetchall()")
    ours, limit = [], []
    for _ in range(bench.start_runs):
        ours.append(timed(lambda: subprocess.run(
            [NEWSDESK, "--db", str(db), "search", "security"], capture_output=True, check=True)))
        limit.append(timed(lambda: subprocess.run(
            [PYTHON, "-c", probe, str(db)], capture_output=True, check=True)))
    yield Figure(f"`newsdesk search`, start to exit, {n // 1000}k", "s", ours, 0.2, False,
                 "python + sqlite3 + ranked query", limit)
    misspelt = [timed(lambda: subprocess.run(
        [NEWSDESK, "--db", str(db), "search", "securty"], capture_output=True, check=False))
        for _ in range(bench.start_runs)]
    yield Figure(f"`newsdesk search` for a misspelt word, {n // 1000}k", "s", misspelt, None,
                 False, "", [],
                 note="no results, and did-you-mean from the index's vocabulary kept in the "
                      "cache file (decoding the whole index instead took 1.7 s at 100k)")


def _name_pool(count: int, seed: int) -> list[tuple[str, str]]:
    from bench import names as N

    rng = random.Random(seed)
    syllables = ["ka", "ri", "to", "mo", "na", "shi", "ya", "ha", "ma", "sa", "yo", "ko", "ta", "be", "ro", "li", "an", "el", "jo", "mi", "ne", "da", "vi", "lu", "ce"]
    made = {f"{f} {s}" for f in N.FIRST_NAMES for s in N.SURNAMES}
    surnames = list(N.SURNAMES)
    while len(made) < count * 0.8:
        surname = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
        surnames.append(surname)
        made.add(f"{rng.choice(N.FIRST_NAMES)} {surname}")
    people = sorted(made)[: int(count * 0.8)]
    others: set[str] = set()
    while len(others) < count - len(people):
        others.add(f"{rng.choice(surnames)} {rng.choice(N.ORG_WORDS_B)} {rng.choice(N.ORG_SUFFIXES)}")
    return [(p, "PERSON") for p in people] + [(o, "ORG") for o in sorted(others)]


def names_library(bench: Bench, count: int) -> Path:
    """A library holding `count` entity names (no articles), for the fuzzy lookup figure."""
    from core.entities import name_key
    from core.library import Library
    from core.store import entities as entity_sql

    db = bench.work / f"names-{count}.db"
    stamp = Path(f"{db}.done")
    if stamp.exists():
        return db
    _remove_db(db)
    with Library(db) as lib, lib.store.write() as conn:
        for name, kind in _name_pool(count, bench.seed):
            entity_sql.insert_entity(conn, name, kind, name_key(name))
        entity_sql.bump_names_version(conn)
    stamp.write_text("ok\n")
    return db


def _typo_queries(names: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        chars = list(rng.choice(names).lower())
        chars[rng.randrange(len(chars))] = rng.choice("aeioukst")
        text = "".join(chars)
        queries.append(text if rng.random() < 0.7 else text.split()[-1][:5])
    return queries


FUZZY_SIZES = ((100_000, 30.0, 40), (1_000_000, 150.0, 10))  # names, p95 budget ms, brute queries


def fig_fuzzy(bench: Bench) -> Iterator[Figure]:
    """Fuzzy people lookup (core.entities.find_entities) p95 vs brute-force rapidfuzz."""
    from rapidfuzz import fuzz, process, utils

    from core.entities import find_entities, name_index
    from core.library import Library

    for count, budget, brute_queries in FUZZY_SIZES[:1] if bench.quick else FUZZY_SIZES:
        db = names_library(bench, count)
        names = [name for name, kind in _name_pool(count, bench.seed) if kind == "PERSON"]
        queries = _typo_queries(names, 60 if bench.quick else 200, bench.seed)
        processed = [utils.default_process(name) for name in names]
        with Library(db) as lib:
            build = timed(lambda: name_index(lib))
            ours = [timed(lambda q=q: find_entities(lib, q, ("PERSON",), 20)) * 1000
                    for q in queries]
        brute = [timed(lambda q=q, p=processed: process.extract(  # type: ignore[misc]
                     utils.default_process(q), p, scorer=fuzz.WRatio, processor=None, limit=20))
                 * 1000 for q in queries[:brute_queries]]
        label = f"{count // 1000}k" if count < 1_000_000 else f"{count // 1_000_000}M"
        yield Figure(f"fuzzy people lookup p95, {label} names", "ms", [percentile(ours, 0.95)],
                     budget, False, "brute-force rapidfuzz WRatio p95", [percentile(brute, 0.95)],
                     note=f"p50 {statistics.median(ours):.1f} ms; index build {build:.1f} s (once)")


def fig_entity_page(bench: Bench) -> Iterator[Figure]:
    """Entity page of the most mentioned person on a rule-annotated library."""
    from core.entities import entity_page, find_entities
    from core.library import Library

    n = bench.sizes[-1] if bench.quick else min(bench.sizes[-1], 10_000)
    db = bench.annotated_library(n)
    with Library(db) as lib:
        top = find_entities(lib, "", ("PERSON",), 10)
        if not top:
            raise RuntimeError("no people in the annotated library")
        samples = []
        for _ in range(bench.repeats):
            for hit in top:
                samples.append(timed(lambda i=hit.id: entity_page(lib, i)) * 1000)
        name_lookup = [timed(lambda h=hit: find_entities(lib, h.name[:-1], ("PERSON",))) * 1000
                       for hit in top]
    yield Figure(f"entity page p95 (top 10 people), {n // 1000}k", "ms",
                 [percentile(samples, 0.95)], 100, False, "", [],
                 note=f"most mentioned: {top[0].name} in {top[0].articles} articles; "
                      f"fuzzy lookup on this library p50 {statistics.median(name_lookup):.1f} ms")


def fig_compare(bench: Bench) -> Iterator[Figure]:
    """Compare two slices (the compare engineer's library builder, two halves by year)."""
    from bench.bench_compare import build
    from core.compare import compare
    from core.library import Library

    articles = 2_000 if bench.quick else 20_000
    db = bench.work / f"compare-{articles}.db"
    stamp = Path(f"{db}.done")
    if not stamp.exists():
        _remove_db(db)
        build(db, articles)
        stamp.write_text("ok\n")
    with Library(db) as lib:
        compare(lib, "year:2016", "year:2022")
        samples = [timed(lambda: compare(lib, "year:2016", "year:2022"))
                   for _ in range(bench.repeats)]
    half = f"{articles // 2000}k"
    yield Figure(f"compare two {half} slices", "s", samples, 1.0 if articles >= 20_000 else None,
                 False, "", [])


ANSI_RE = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
MINIMAL_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Footer, Header

    class Minimal(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield Footer()

    Minimal().run()
""")


def first_output(argv: list[str], marker: str | None, timeout: float = 20.0) -> float:
    """Seconds from spawning `argv` on a 100x30 pty until `marker` is on screen (None: exit)."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TEXTUAL", None)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                            start_new_session=True)
    os.close(slave)
    seen = ""
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if marker is None:
                        elapsed = time.perf_counter() - started
                    break
                seen += ANSI_RE.sub("", chunk.decode("utf-8", "replace"))
                if marker is not None and marker in seen:
                    elapsed = time.perf_counter() - started
                    break
            elif marker is None and proc.poll() is not None:
                elapsed = time.perf_counter() - started
                break
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"no {marker!r} on screen within {timeout:.0f}s from {argv[:3]}")
    return elapsed


def fig_app_start(bench: Bench) -> Iterator[Figure]:
    """App start to first frame (the footer's `^p palette` on screen) on a pty vs a minimal app."""
    import tui.app  # noqa: F401

    n = bench.sizes[-1]
    db = bench.library(n)
    minimal = bench.work / "minimal_app.py"
    minimal.write_text(MINIMAL_APP)
    ours, limit, bare = [], [], []
    for _ in range(bench.start_runs):
        ours.append(first_output([NEWSDESK, "--db", str(db)], "palette"))
        limit.append(first_output([PYTHON, str(minimal)], "palette"))
        bare.append(first_output([PYTHON, "-c", "pass"], None))
    yield Figure(f"app start to first frame, {n // 1000}k", "s", ours, 0.6, False,
                 "minimal Textual app (Header + Footer)", limit,
                 note=f"`python -c pass` on the same pty: {statistics.median(bare):.3f} s")


def fig_first_frame(bench: Bench) -> Iterator[Figure]:
    """App start to first frame and to the browse list, wall and CPU (bench/bench_app.py)."""
    from bench.bench_app import fig_first_frame as figure

    yield from figure(bench)


def fig_keystroke(bench: Bench) -> Iterator[Figure]:
    """Keystroke to updated results in the app on a pty (bench/bench_app.py)."""
    from bench.bench_app import fig_keystroke as figure

    yield from figure(bench)


FIGURES: list[Callable[[Bench], Iterator[Figure]]] = [
    fig_ingest, fig_ingest_ner, fig_cli_search, fig_search, fig_fuzzy, fig_entity_page,
    fig_compare, fig_app_start, fig_first_frame, fig_keystroke,
]


# -- output -------------------------------------------------------------------------------------


HEADER = ("figure", "median", "min-max", "unit", "budget", "", "limit (measured here)",
          "limit", "ratio")


def row_cells(figure: Figure) -> tuple[str, ...]:
    spread = (f"{_num(min(figure.samples))}-{_num(max(figure.samples))}"
              if len(figure.samples) > 1 else "")
    ratio = figure.ratio
    return (figure.name, _num(figure.median), spread, figure.unit, figure.budget_text(),
            figure.met(), figure.limit_name, _num(figure.limit),
            f"{ratio:.2f}" if ratio is not None else "")


def compile_sources() -> None:
    """Byte-compile core/ and tui/ as a first run writes them (pip compiles installed packages;
    an editable install's first import does). Where PYTHONDONTWRITEBYTECODE is set, as in this
    sandbox, every start would otherwise compile our modules again: 40 ms of `newsdesk search`."""
    import compileall

    for folder in ("core", "tui"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.1f} GB"
    versions = []
    for package in ("textual", "spacy", "rapidfuzz"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {ram}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; {', '.join(versions)}",
        f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}; "
        f"commit {commit}; load average at start {load}",
        "- core/ and tui/ byte-compiled before measuring, as after a first run",
    ]


def markdown(mode: str, figures: list[Figure], skipped: list[str], seconds: float,
             machine_lines: list[str], command: str = "python -m bench.run") -> str:
    lines = [f"# Benchmark results ({mode})", "",
             f"`{command}` took {seconds:.0f} s. Each figure sits beside a limit measured in the same run, "
             "so the ratio holds on a noisy machine.", "", *machine_lines, "",
             "| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for figure in figures:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row_cells(figure)) + " |")
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "Notes:", *notes]
    if skipped:
        lines += ["", "Not measured:", *(f"- {s}" for s in skipped)]
    return "\n".join(lines) + "\n"


def print_row(cells: tuple[str, ...]) -> None:
    widths = (44, 9, 15, 10, 14, 6, 36, 9, 6)
    print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip(), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k articles, fewer repeats")
    parser.add_argument("--max-size", type=int, default=100_000,
                        help="largest library to build (full mode: 1k, 10k, 100k)")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these figures (e.g. search fuzzy app_start)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown file to write")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    command = " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)])
    bench = Bench(args.quick, args.max_size)
    started = time.perf_counter()
    compile_sources()
    machine_lines = machine()
    print("\n".join(machine_lines))
    print_row(HEADER)
    figures: list[Figure] = []
    skipped: list[str] = []
    for function in FIGURES:
        name = function.__name__.removeprefix("fig_")
        if args.only and name not in args.only:
            continue
        try:
            for figure in function(bench):
                figures.append(figure)
                print_row(row_cells(figure))
        except ImportError as exc:
            skipped.append(f"{name}: feature not built yet ({exc})")
            print(f"{name}: skipped, feature not built yet ({exc})", flush=True)
        except Exception as exc:  # one broken figure must not lose the others
            skipped.append(f"{name}: error: {type(exc).__name__}: {exc}")
            print(f"{name}: error: {type(exc).__name__}: {exc}", flush=True)
    seconds = time.perf_counter() - started
    mode = "quick" if args.quick else f"full, up to {bench.sizes[-1]:,} articles"
    if args.only:
        mode = f"{', '.join(args.only)}; up to {bench.sizes[-1]:,} articles"
    if not args.no_write:
        args.out.write_text(markdown(mode, figures, skipped, seconds, machine_lines, command))
        print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(f"{seconds:.0f} s")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
