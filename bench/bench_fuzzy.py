"""Fuzzy name lookup at 100,000 names: p50/p95 per query (core.nlp.fuzzy.NameIndex)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.nlp.fuzzy import Entry, NameIndex

SYLLABLES = ["ka", "ri", "to", "mo", "na", "shi", "ya", "ha", "ma", "sa", "yo", "ko", "ta", "be", "ro", "li", "an", "el", "jo", "mi", "ne", "da", "vi", "lu", "ce"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()


def main(count: int = 100_000) -> None:
    rng = random.Random(7)
    firsts = [word(rng) for _ in range(3000)]
    lasts = [word(rng) for _ in range(20000)]
    kinds = ["PERSON"] * 6 + ["ORG", "GPE", "NORP", "EVENT"]
    entries = [Entry(i, rng.choice(kinds), f"{rng.choice(firsts)} {rng.choice(lasts)}",
                     rng.randint(1, 50), "") for i in range(count - 3)]
    entries = [Entry(e.item_id, e.kind, e.name, e.articles, e.name) for e in entries]
    entries += [Entry(count, "PERSON", "Yoshimasa Hayashi", 3, "Yoshimasa Hayashi"),
                Entry(count + 1, "PERSON", "Melanie Joly", 3, "Melanie Joly"),
                Entry(count + 2, "PERSON", "Fumio Kishida", 3, "Fumio Kishida")]
    started = time.perf_counter()
    index = NameIndex(entries)
    build_s = time.perf_counter() - started
    queries = ["Hayshi", "joly melanie", "kishida", "Yoshimasa", "mel"]
    for _ in range(195):
        name = rng.choice(entries).name
        chars = list(name.lower())
        position = rng.randrange(len(chars))
        chars[position] = rng.choice("aeioukst")
        queries.append("".join(chars) if rng.random() < 0.7 else name.split()[-1][:4])
    times = []
    for query in queries:
        started = time.perf_counter()
        index.search(query, ["PERSON"], limit=20)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"names={len(entries)} build={build_s:.2f}s queries={len(times)} "
          f"p50={statistics.median(times):.1f}ms p95={times[int(0.95 * len(times))]:.1f}ms "
          f"max={times[-1]:.1f}ms")
    print("Hayshi ->", [m.entry.name for m in index.search("Hayshi", ["PERSON"], 3)])
    print("joly melanie ->", [m.entry.name for m in index.search("joly melanie", ["PERSON"], 3)])


if __name__ == "__main__":
    main()
