"""The one writer: walk paths, parse changed files, store them in batches of one transaction each.

A bad file never stops a run: it becomes a failure with its reason. Cancelling stops after the
current batch commits, so every article is stored all or nothing.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from core.errors import IngestError, NotFoundError
from core.ingest.decode import EmptyFileError
from core.ingest.parse import SUFFIXES, parse_file
from core.library import Library
from core.models import IngestFailure, IngestReport, ParsedArticle, Progress
from core.notes import reanchor_notes
from core.store.articles import known_file, optimize_fts, upsert_article
from core.store.terms import TermIdCache
from core.terms import count_terms, index_article_terms, term_id_cache

ProgressCallback = Callable[[Progress], None]


@dataclass
class _Parsed:
    """The outcome of parsing one file in a worker: an article, a skip or a failure."""

    path: str
    article: ParsedArticle | None = None
    skipped: bool = False
    reason: str = ""
    terms: tuple[Counter[str], int] | None = None  # count_terms, when a worker did it


@dataclass
class _Candidate:
    path: Path
    size: int
    mtime: float


def walk(paths: Iterable[str | os.PathLike[str]], report: IngestReport) -> list[Path]:
    """Every file under `paths` (sorted, each once, symlink loops safe, hidden folders left out).

    Files with other extensions are counted as skipped; unreadable folders become failures.
    """
    files: list[Path] = []
    seen_files: set[Path] = set()
    seen_dirs: set[Path] = set()

    def add_file(path: Path) -> None:
        resolved = path.resolve()
        if resolved in seen_files:
            return
        seen_files.add(resolved)
        if resolved.suffix.lower() in SUFFIXES:
            files.append(resolved)
        else:
            report.skipped += 1
            report.skipped_paths.append(str(resolved))

    for raw in paths:
        top = Path(raw).expanduser()
        if not top.exists():
            raise NotFoundError(f"{raw}: no such file or folder")
        if not top.is_dir():
            add_file(top)
            continue

        def on_error(exc: OSError, top: Path = top) -> None:
            report.failed.append(IngestFailure(str(exc.filename or top), _os_reason(exc)))

        for dirpath, dirnames, filenames in os.walk(top, onerror=on_error, followlinks=True):
            real = Path(dirpath).resolve()
            if real in seen_dirs:  # a symlink loop or a folder reached twice
                dirnames[:] = []
                continue
            seen_dirs.add(real)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_file():
                    add_file(path)
                elif not path.exists():
                    report.failed.append(IngestFailure(str(path), "broken link or vanished file"))
    return files


def _os_reason(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _parse_one(path: str) -> _Parsed:
    """Parse a file, turning every problem into a reason (runs in worker processes too)."""
    try:
        return _Parsed(path, article=parse_file(path))
    except EmptyFileError:
        return _Parsed(path, skipped=True, reason="empty file")
    except IngestError as exc:
        return _Parsed(path, reason=exc.message)
    except Exception as exc:  # a parser bug must not stop the run; report it per file
        return _Parsed(path, reason=f"could not parse ({type(exc).__name__}: {exc})")


def _parse_and_count(path: str) -> _Parsed:
    """Parse a file and count its terms: the writer's share of the work moved to a worker."""
    parsed = _parse_one(path)
    if parsed.article is not None:
        parsed.terms = count_terms(parsed.article.title, parsed.article.body)
    return parsed


def _parse_many(paths: list[str], pool: ProcessPoolExecutor | None) -> Iterator[_Parsed]:
    if pool is None:
        for path in paths:
            yield _parse_one(path)
    else:
        yield from pool.map(_parse_and_count, paths, chunksize=8)


# `jobs=None` parses with two processes from this many files on (measured on 2 cores: 1k
# generated articles 178 -> 259 articles/s wall; the pool costs ~0.2 s to start).
AUTO_JOBS_MIN_FILES = 400


def parse_workers(jobs: int | None, total: int) -> int:
    """Parse processes for a run: `jobs` when given, else 2 for a large run on 2+ cores."""
    if jobs is not None:
        return max(1, jobs)
    return 2 if total >= AUTO_JOBS_MIN_FILES and (os.cpu_count() or 1) >= 2 else 1


def ingest_paths(
    lib: Library,
    paths: Iterable[str | os.PathLike[str]],
    *,
    nlp: bool = True,
    model: str | None = None,
    jobs: int | None = 1,
    progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    batch_size: int = 200,
) -> IngestReport:
    """Ingest files and folders into `lib`; see the module docstring for the guarantees.

    `jobs` processes parse (and count terms) while this one writes, and run NLP; `None` picks
    the parse processes by run size (`parse_workers`) and runs NLP in one.
    """
    started = time.perf_counter()
    report = IngestReport()
    files = walk(paths, report)
    total = len(files)
    done = 0
    batch_size = max(1, batch_size)
    cancelled = is_cancelled or (lambda: False)
    workers = parse_workers(jobs, total)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 and total > batch_size // 2 else None
    term_cache = TermIdCache()  # term ids resolved once per run, not once per article
    try:
        for batch_start in range(0, total, batch_size):
            batch = files[batch_start : batch_start + batch_size]
            pending: list[tuple[ParsedArticle, int, float]] = []
            counted: dict[tuple[str, str], tuple[Counter[str], int]] = {}
            to_parse: list[_Candidate] = []
            conn = lib.store.conn
            for path in batch:
                if cancelled():
                    report.cancelled = True
                    break
                try:
                    stat = path.stat()
                except OSError as exc:
                    report.failed.append(IngestFailure(str(path), _os_reason(exc)))
                    done += 1
                    continue
                if stat.st_size == 0:
                    report.skipped += 1
                    report.skipped_paths.append(str(path))
                    done += 1
                    continue
                known = known_file(conn, str(path))
                if known is not None and known[1] == stat.st_size and known[2] == stat.st_mtime:
                    report.unchanged += 1
                    done += 1
                    continue
                to_parse.append(_Candidate(path, stat.st_size, stat.st_mtime))
            if progress is not None and done:
                progress(Progress(done, total, str(batch[0])))
            by_path = {str(c.path): c for c in to_parse}
            for parsed in _parse_many(list(by_path), pool):
                done += 1
                if parsed.article is not None:
                    candidate = by_path[parsed.path]
                    pending.append((parsed.article, candidate.size, candidate.mtime))
                    if parsed.terms is not None:
                        counted[(parsed.article.title, parsed.article.body)] = parsed.terms
                    if parsed.article.encoding_flagged:
                        report.flagged.append(parsed.path)
                elif parsed.skipped:
                    report.skipped += 1
                    report.skipped_paths.append(parsed.path)
                else:
                    report.failed.append(IngestFailure(parsed.path, parsed.reason))
                if progress is not None:
                    progress(Progress(done, total, parsed.path))
                if cancelled():
                    report.cancelled = True
                    break
            _write_batch(lib, pending, report, term_cache, counted)
            if report.cancelled:
                break
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    if report.added or report.updated:
        with lib.store.write() as conn:
            optimize_fts(conn)
    report.elapsed_s = time.perf_counter() - started
    if nlp and not report.cancelled:
        from core.nlp import annotate_articles

        annotate_articles(
            lib, None, model=model, jobs=jobs or 1, progress=progress, is_cancelled=is_cancelled
        )
        report.elapsed_s = time.perf_counter() - started
    return report


def _write_batch(
    lib: Library,
    pending: list[tuple[ParsedArticle, int, float]],
    report: IngestReport,
    term_cache: TermIdCache | None = None,
    counted: dict[tuple[str, str], tuple[Counter[str], int]] | None = None,
) -> None:
    """Store one batch in one transaction, with its term counts and re-anchored notes."""
    if not pending:
        return
    outcomes: list[tuple[str, int]] = []
    with lib.store.write() as conn, term_id_cache(conn, term_cache, counted):
        for article, size, mtime in pending:
            outcome = upsert_article(conn, article, file_size=size, file_mtime=mtime)
            if outcome.status in ("added", "updated"):
                index_article_terms(conn, outcome.article_id, article.title, article.body)
                reanchor_notes(conn, outcome.article_id, article.body)
            outcomes.append((outcome.status, outcome.article_id))
    if term_cache is not None and not conn.in_transaction:  # committed (not joined to an outer one)
        term_cache.commit()
    for status, article_id in outcomes:  # counted only once the batch has committed
        if status == "added":
            report.added += 1
        elif status == "updated":
            report.updated += 1
        elif status == "duplicate":
            report.duplicates += 1
        else:
            report.unchanged += 1
        if status in ("added", "updated"):
            report.article_ids.append(article_id)
