"""Entity page time at 100,000 articles (synthetic mentions: 20 entities per article, one person
in 10% of the articles). Usage: python bench/bench_entity_page.py [ARTICLES]"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.entities import entity_page
from core.library import Library
from core.store import utc_now
from core.store.articles import index_articles_after


def main(articles: int = 100_000) -> None:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "bench.db")
        now = utc_now()
        with lib.store.write() as conn:  # bench setup writes rows directly
            conn.executemany(
                "INSERT INTO articles (id, source, title, body, content_hash, published, year, "
                "ingested_at, updated_at) VALUES (?, ?, ?, 'body', ?, ?, ?, ?, ?)",
                [(i, f"s{i}", f"title {i}", f"h{i}", f"{2010 + i % 14}-01-01", 2010 + i % 14,
                  now, now) for i in range(1, articles + 1)],
            )
            index_articles_after(conn, 0)
            conn.executemany(
                "INSERT INTO entities (id, name, kind, norm_key) VALUES (?, ?, 'PERSON', ?)",
                [(e, f"Person {e}", f"person {e}") for e in range(1, 20_001)],
            )
            rows = []
            for article in range(1, articles + 1):
                chosen = set(rng.sample(range(2, 20_001), 19))
                if article % 10 == 0:
                    chosen.add(1)
                rows.extend((article, e) for e in chosen)
            conn.executemany("INSERT INTO mentions (article_id, entity_id) VALUES (?, ?)", rows)
            conn.execute("UPDATE entities SET article_count = (SELECT count(*) FROM mentions m "
                         "WHERE m.entity_id = entities.id)")
        times, cpu = [], []  # wall and process CPU time (a loaded machine inflates wall)
        for _ in range(11):
            started = time.process_time()
            times.append(entity_page(lib, 1).elapsed_ms)
            cpu.append((time.process_time() - started) * 1000)
        typical = sorted(entity_page(lib, 5).elapsed_ms for _ in range(11))
        times.sort()
        cpu.sort()
        print(f"articles={articles} mentions={len(rows)}; entity in {articles // 10} articles: "
              f"median {times[5]:.0f} ms (CPU {cpu[5]:.0f} ms); typical entity: median "
              f"{typical[5]:.1f} ms")
        lib.close()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
