"""Annotation throughput against raw spaCy `nlp.pipe` on the same texts with the same components,
and entity page time. Usage: python bench/bench_annotate.py [FOLDER] [REPEAT]"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.entities import entity_page  # noqa: E402
from core.ingest.pipeline import ingest_paths  # noqa: E402
from core.library import Library  # noqa: E402
from core.nlp import annotate_articles, article_text  # noqa: E402
from core.nlp.pipeline import load_extractor  # noqa: E402
from core.store import entities as sql  # noqa: E402


def main(folder: str = str(ROOT / "sample_corpus"), repeat: int = 8) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "bench.db")
        ingest_paths(lib, [folder], nlp=False)
        rows = sql.texts_for_annotation(lib.store.conn, sql.pending_article_ids(lib.store.conn))
        texts = [article_text(title, body)[0] for _, title, body, _ in rows]
        ids = [row[0] for row in rows]
        extractor, _ = load_extractor()
        nlp = extractor.nlp  # type: ignore[attr-defined]
        list(nlp.pipe(texts[:4]))  # warm up
        chars = sum(map(len, texts)) * repeat
        started = time.perf_counter()
        for _ in range(repeat):
            for _doc in nlp.pipe(texts, batch_size=32):
                pass
        raw_s = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(repeat):
            annotate_articles(lib, ids)
        ours_s = time.perf_counter() - started
        print(f"model={extractor.name} pipes={nlp.pipe_names} articles={len(texts) * repeat} "
              f"chars={chars}")
        print(f"raw nlp.pipe: {chars / raw_s / 1000:.0f} kchar/s; annotate_articles: "
              f"{chars / ours_s / 1000:.0f} kchar/s; ratio {raw_s / ours_s:.2f}")
        top = sql.top_entities(lib.store.conn, ("PERSON",), 1)[0]
        times = []
        for _ in range(20):
            times.append(entity_page(lib, top[0]).elapsed_ms)
        print(f"entity page ({top[1]}, {top[3]} articles): median {sorted(times)[10]:.1f} ms")
        lib.close()


if __name__ == "__main__":
    main(*(sys.argv[1:2]), *(int(a) for a in sys.argv[2:3]))
