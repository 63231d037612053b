"""Search latency on generated libraries: p50/p95 per query kind (wall and CPU), and the CLI.

Usage: .venv/bin/python -m bench.search_latency [N_ARTICLES ...] [--dir DIR] [--rounds R]

Libraries are built once from `bench.generate` articles (upserted directly, in big
transactions, no NLP) and cached as DIR/search-N.db (default /tmp), so reruns start at once.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import iter_articles
from core.library import Library
from core.models import ParsedArticle
from core.search import clear_cache, search
from core.store.articles import optimize_fts, upsert_article

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
QUERIES = {
    "common word": "security",
    "two words": "nuclear energy",
    "phrase": '"intelligence sharing"',
    "3-letter prefix": "min*",
    "2-letter prefix": "tr*",
    "word + filter": "trade year:2016",
    "words + outlet": 'lng outlet:"Northern Dispatch" year:2016..2018',
    "filter only": "year:2016",
    "rare word": "reactor",
    "no results": "intelligance",
}
BARE = ("SELECT rowid, snippet(articles_fts, 3, '[', ']', '...', 12) FROM articles_fts "
        "WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20")


def build(db: Path, count: int, batch: int = 5_000) -> None:
    """A library of `count` generated articles (cached: skipped when DB.done exists)."""
    done = Path(f"{db}.done")
    if done.exists():
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Library(db) as lib:
        articles = iter_articles(count)
        while True:
            chunk = [a for _, a in zip(range(batch), articles, strict=False)]
            if not chunk:
                break
            with lib.store.write() as conn:
                for a in chunk:
                    upsert_article(conn, ParsedArticle(
                        source=a.relpath, format=a.format, body=a.body, title=a.title,
                        outlet=a.outlet, byline=a.byline, published=a.published.isoformat(),
                        date_precision="day", dateline=a.dateline,
                    ))
            print(f"  {chunk[-1].index + 1} articles, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        with lib.store.write() as conn:
            optimize_fts(conn)
    done.write_text("ok\n")


def measure(lib: Library, query: str, rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `rounds` searches, the result cache emptied before each."""
    search(lib, query)
    wall, cpu = [], []
    for _ in range(rounds):
        clear_cache(lib)
        w, c = time.perf_counter(), time.process_time()
        search(lib, query)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return wall, cpu


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def report(db: Path, count: int, rounds: int) -> None:
    import sqlite3

    print(f"\n## {count:,} articles ({db})")
    print(f"{'kind':16} {'query':42} {'p50':>7} {'p95':>7} {'cpu p50':>8} {'cpu p95':>8}  total")
    all_wall: list[float] = []
    all_cpu: list[float] = []
    with Library(db) as lib:
        for kind, query in QUERIES.items():
            wall, cpu = measure(lib, query, rounds)
            all_wall += wall
            all_cpu += cpu
            total = search(lib, query).total
            print(f"{kind:16} {query!r:42} {statistics.median(wall):7.1f} {p95(wall):7.1f} "
                  f"{statistics.median(cpu):8.1f} {p95(cpu):8.1f}  {total}")
    print(f"{'mix':16} {'':42} {statistics.median(all_wall):7.1f} {p95(all_wall):7.1f} "
          f"{statistics.median(all_cpu):8.1f} {p95(all_cpu):8.1f}")
    with Library(db) as lib:
        warm = []
        for query in QUERIES.values():
            search(lib, query)
            for _ in range(rounds):
                started = time.perf_counter()
                search(lib, query)
                warm.append((time.perf_counter() - started) * 1000)
    print(f"{'mix, repeated':16} {'(answered from the result cache)':42} "
          f"{statistics.median(warm):7.2f} {p95(warm):7.2f}")
    conn = sqlite3.connect(db)
    for match in ("security", "min*"):
        bare = []
        for _ in range(rounds):
            c = time.process_time()
            conn.execute(BARE, (match,)).fetchall()
            bare.append((time.process_time() - c) * 1000)
        print(f"bare FTS5 {match!r}: cpu p50 {statistics.median(bare):.1f} ms")
    conn.close()
    cli, cli_cpu, probe, probe_cpu = [], [], [], []
    code = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
            f"c.execute({BARE!r}, ('security',)).fetchall()")
    # As installed: bytecode cached (this machine sets PYTHONDONTWRITEBYTECODE, which made
    # every run compile ~20 modules from source: about 250 ms of CPU).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "newsdesk-bench-pycache")
    for _ in range(8):
        for command, walls, cpus in (
            ([NEWSDESK, "--db", str(db), "search", "security"], cli, cli_cpu),
            ([sys.executable, "-c", code, str(db)], probe, probe_cpu),
        ):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=env)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"`newsdesk search security`: median {statistics.median(cli[1:]):.3f} s wall, "
          f"{statistics.median(cli_cpu[1:]):.3f} s CPU (python + sqlite3 + ranked query: "
          f"{statistics.median(probe[1:]):.3f} s wall, {statistics.median(probe_cpu[1:]):.3f} s CPU)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    for count in args.sizes:
        db = args.dir / f"search-{count}.db"
        build(db, count)
        report(db, count, args.rounds)


if __name__ == "__main__":
    main()
