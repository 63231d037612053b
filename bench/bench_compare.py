"""Benchmark: compare two slices of 10,000 generated articles each (target < 1 s).

Builds (or reuses) a library of 20,000 deterministic synthetic articles, half dated 2016 and
half 2022, each with ~350 words drawn from a Zipf-like vocabulary, its term row and synthetic
entity mentions, then times `compare(lib, "year:2016", "year:2022")` (median of 5).

    .venv/bin/python bench/bench_compare.py [--db PATH] [--articles N] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.compare import compare
from core.compare.examples import examples
from core.entities import name_key
from core.library import Library
from core.models import ParsedArticle
from core.store import articles as article_sql
from core.store import utc_now
from core.terms import index_article_terms

SEED = 20161122
SYLLABLES = ["ka", "ri", "to", "mo", "na", "se", "lu", "pe", "vi", "da", "go", "shi", "ne", "ra", "zu", "ko", "mi", "ta", "be", "ho"]
KINDS = ("PERSON", "ORG", "GPE", "LOC")


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def build(path: Path, articles: int) -> float:
    """Fill a fresh library at `path`; returns seconds taken."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    vocabulary = make_vocabulary(rng, 30_000)
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    # each year leans on its own slice of the vocabulary, so there is something to find
    lean = {2016: vocabulary[100:400], 2022: vocabulary[400:700]}
    names = [(f"Name {i}", KINDS[i % len(KINDS)]) for i in range(3_000)]
    with Library(path) as lib:
        with lib.store.write() as conn:
            entity_ids = []
            for name, kind in names:
                entity_ids.append(conn.execute(
                    "INSERT INTO entities(name, kind, norm_key) VALUES (?, ?, ?)",
                    (name, kind, name_key(name)),
                ).lastrowid)
        batch = 500
        for first in range(0, articles, batch):
            with lib.store.write() as conn:
                for number in range(first, min(first + batch, articles)):
                    year = 2016 if number % 2 == 0 else 2022
                    words = rng.choices(vocabulary, weights=weights, k=330)
                    words += rng.choices(lean[year], k=20)
                    rng.shuffle(words)
                    sentences = [
                        " ".join(words[i: i + 15]).capitalize() + "."
                        for i in range(0, len(words), 15)
                    ]
                    body = " ".join(sentences)
                    title = " ".join(words[:6]).title()
                    parsed = ParsedArticle(
                        source=f"gen/{number}.txt", format="txt", body=body, title=title,
                        outlet=f"Outlet {number % 12}", published=f"{year}-{1 + number % 12:02d}-01",
                        date_precision="day",
                    )
                    article_id = article_sql.upsert_article(conn, parsed).article_id
                    index_article_terms(conn, article_id, title, body)
                    for entity_index in rng.sample(range(len(entity_ids)), 8):
                        conn.execute(
                            "INSERT INTO mentions(article_id, entity_id, count, spans, surface)"
                            " VALUES (?, ?, 1, '[]', ?)",
                            (article_id, entity_ids[entity_index], names[entity_index][0]),
                        )
        with lib.store.write() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('bench_compare', ?)",
                         (json.dumps({"articles": articles, "built": utc_now()}),))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "newsdesk-bench-compare.db")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        seconds = build(args.db, args.articles)
        print(f"built {args.articles:,} articles in {seconds:.1f} s -> {args.db}")
    with Library(args.db) as lib:
        conn = lib.store.conn
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        vocabulary = conn.execute("SELECT count(*) FROM terms").fetchone()[0]
        blob_bytes = conn.execute(
            "SELECT sum(length(term_ids) + length(counts)) FROM article_terms"
        ).fetchone()[0]
        print(f"library: {total:,} articles, {vocabulary:,} terms, "
              f"term blobs {blob_bytes / 1e6:.1f} MB ({blob_bytes / total:.0f} B/article), "
              f"file {args.db.stat().st_size / 1e6:.0f} MB")
        timings = []
        cpu = []  # process CPU time: the work itself, apart from waiting on a busy machine
        result = None
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = compare(lib, "year:2016", "year:2022")
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert result is not None
        print(f"compare year:2016 ({result.left.articles:,}) vs year:2022 "
              f"({result.right.articles:,}): median {statistics.median(timings) * 1000:.0f} ms, "
              f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
              f"over {args.runs} runs; CPU median {statistics.median(cpu) * 1000:.0f} ms")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average {load:.2f} on {os.cpu_count()} cores (a busy machine inflates wall time)")
        top = result.distinctive_left[0]
        print(f"top left term {top.term!r} G2 {top.g2:.1f}; people only-left "
              f"{result.people.totals[0]}, shared {result.people.totals[1]}")
        started = time.perf_counter()
        found = examples(lib, "year:2016", top.term, 5)
        print(f"examples for {top.term!r}: {len(found)} in "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
        ok = statistics.median(timings) < 1.0
        print("target < 1 s:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
