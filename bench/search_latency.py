"""Search latency on generated articles: median/p95 per query shape, and CLI start to exit.

Usage: .venv/bin/python bench/search_latency.py [N_ARTICLES]   (default 10000)
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.library import Library  # noqa: E402
from core.models import ParsedArticle  # noqa: E402
from core.search import search  # noqa: E402
from core.store.articles import optimize_fts, upsert_article  # noqa: E402

WORDS = ["intelligence", "sharing", "agreement", "defence", "ties", "minister", "talks", "tokyo", "ottawa", "nuclear", "reactor", "lng", "energy", "supply", "trade", "china", "korea", "pacific", "security", "cooperation", "summit", "leaders", "economy", "policy", "government", "election", "market", "export", "import", "climate", "research", "technology", "military", "exercise", "counter", "terrorism", "border", "maritime", "fisheries", "investment", "agriculture", "health", "vaccine", "railway"]
OUTLETS = ["Japan Today", "The Japan Times", "NHK World", "Kyodo", "The Diplomat", "CBC News"]


def generate(count: int, seed: int = 7) -> list[ParsedArticle]:
    rng = random.Random(seed)
    vocab = WORDS + [f"w{n}" for n in range(20000)]
    weights = [50] * len(WORDS) + [1] * 20000
    out = []
    for i in range(count):
        body = " ".join(rng.choices(vocab, weights, k=600))
        year = rng.randint(2015, 2023)
        out.append(ParsedArticle(
            source=f"gen/{i}.txt", format="txt", title=" ".join(rng.choices(WORDS, k=6)),
            outlet=rng.choice(OUTLETS), published=f"{year}-{rng.randint(1, 12):02d}-10",
            body=body,
        ))
    return out


def timed(lib: Library, query: str, runs: int = 30) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        search(lib, query)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        lib = Library(db)
        start = time.perf_counter()
        with lib.store.write() as conn:
            for article in generate(count):
                upsert_article(conn, article)
            optimize_fts(conn)
        print(f"built {count} articles in {time.perf_counter() - start:.1f} s")
        queries = {
            "single word": "reactor",
            "two words": "nuclear cooperation",
            "phrase": '"intelligence sharing"',
            "3-letter prefix": "tec*",
            "filter only": "year:2016",
            "words + filter": 'lng outlet:"Japan Today" year:2016..2018',
            "no results (suggest)": "intelligance",
        }
        for label, query in queries.items():
            median, p95 = timed(lib, query)
            print(f"{label:22} {query!r:45} median {median:7.1f} ms  p95 {p95:7.1f} ms")
        lib.close()
        small = Path(tmp) / "small.db"
        with Library(small) as small_lib, small_lib.store.write() as conn:
            for article in generate(30, seed=3):
                upsert_article(conn, article)
        for label, target in (("small library", small), (f"{count} articles", db)):
            runs = []
            for _ in range(10):
                start = time.perf_counter()
                subprocess.run([str(Path(sys.executable).parent / "newsdesk"), "--db", str(target), "search",
                                "nuclear"], cwd=ROOT, capture_output=True, check=False)
                runs.append(time.perf_counter() - start)
            print(f"`newsdesk search nuclear` ({label}): median {statistics.median(runs):.3f} s")


if __name__ == "__main__":
    main()
