"""The one writer: walk paths, parse changed files, store them in batches of one transaction each.

A bad file never stops a run: it becomes a failure with its reason. Cancelling stops after the
current batch commits, so every article is stored all or nothing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from core.errors import IngestError, NewsdeskError, NotFoundError
from core.ingest.decode import EmptyFileError
from core.ingest.parse import SUFFIXES, parse_file, preload_parsers
from core.library import Library
from core.models import IngestFailure, IngestReport, ParsedArticle, Progress
from core.notes import reanchor_notes
from core.processes import children_exit_with_parent
from core.store.articles import (
    FtsRow,
    forget_article_terms,
    index_new_articles,
    known_file,
    optimize_fts,
    upsert_article,
)

ProgressCallback = Callable[[Progress], None]


@dataclass
class _Parsed:
    """The outcome of parsing one file in a worker: an article, a skip or a failure."""

    path: str
    article: ParsedArticle | None = None
    skipped: bool = False
    reason: str = ""


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
        return _Parsed(path, article=parse_file(path, resolved=True))  # `walk` resolved it
    except EmptyFileError:
        return _Parsed(path, skipped=True, reason="empty file")
    except IngestError as exc:
        return _Parsed(path, reason=exc.message)
    except Exception as exc:  # a parser bug must not stop the run; report it per file
        return _Parsed(path, reason=f"could not parse ({type(exc).__name__}: {exc})")


def _parse_chunk(paths: list[str]) -> list[_Parsed]:
    """Parse a few files in a worker (one round trip per chunk, not per file)."""
    return [_parse_one(path) for path in paths]


# Files per task sent to a parse process, and how many files may be parsed ahead of the writer:
# enough that the workers keep parsing while the writer stores a batch, few enough that the
# parsed-but-unwritten articles stay a few megabytes however large the run.
CHUNK_FILES = 8
AHEAD_BATCHES = 2


def _parse_stream(
    candidates: Iterator[_Candidate],
    start_pool: Callable[[], ProcessPoolExecutor] | None,
    ahead: int,
) -> Iterator[tuple[_Candidate, _Parsed]]:
    """Each candidate with its parse, in order; with `start_pool` (called once the first file
    needs parsing: a re-run where nothing changed starts no processes), up to `ahead` files in
    flight."""
    if start_pool is None:
        for candidate in candidates:
            yield candidate, _parse_one(str(candidate.path))
        return
    first = next(candidates, None)
    if first is None:
        return
    candidates = chain([first], candidates)
    pool = start_pool()
    in_flight: deque[tuple[list[_Candidate], Future[list[_Parsed]]]] = deque()
    queued = 0
    exhausted = False
    while True:
        while not exhausted and queued < ahead:
            chunk = list(islice(candidates, CHUNK_FILES))
            if not chunk:
                exhausted = True
                break
            in_flight.append((chunk, pool.submit(_parse_chunk, [str(c.path) for c in chunk])))
            queued += len(chunk)
        if not in_flight:
            return
        chunk, future = in_flight.popleft()
        queued -= len(chunk)
        yield from zip(chunk, future.result(), strict=True)


# `jobs=None` parses with two processes from this many files on (measured on 2 cores: the pool
# costs ~0.2 s to start, a small run is faster in one process).
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

    `jobs` processes parse ahead of this one, which writes batches of `batch_size` articles;
    with `nlp`, the analysis step follows (term index, then entities and topics in `jobs`
    processes). `None` picks the parse processes by run size (`parse_workers`) and runs NLP in
    one.
    """
    started = time.perf_counter()
    report = IngestReport()
    files = walk(paths, report)
    total = len(files)
    batch_size = max(1, batch_size)
    cancelled = is_cancelled or (lambda: False)
    workers = parse_workers(jobs, total)
    pools: list[ProcessPoolExecutor] = []

    def start_pool() -> ProcessPoolExecutor:
        preload_parsers({path.suffix.lower() for path in files})  # imported once, forked to all
        children_exit_with_parent()
        pools.append(ProcessPoolExecutor(max_workers=workers))
        return pools[0]

    use_pool = workers > 1 and total > batch_size // 2
    done = 0

    def tell(path: str) -> None:
        if progress is not None:
            progress(Progress(done, total, path))

    def changed_files() -> Iterator[_Candidate]:
        """The files that need parsing; unchanged, empty and unreadable ones are counted here."""
        nonlocal done
        conn = lib.store.conn
        for path in files:
            if cancelled():
                report.cancelled = True
                return
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
                if done % batch_size == 0:
                    tell(str(path))
                continue
            yield _Candidate(path, stat.st_size, stat.st_mtime)

    pending: list[tuple[ParsedArticle, int, float]] = []
    try:
        stream = _parse_stream(
            changed_files(), start_pool if use_pool else None, AHEAD_BATCHES * batch_size
        )
        for candidate, parsed in stream:
            done += 1
            if parsed.article is not None:
                pending.append((parsed.article, candidate.size, candidate.mtime))
                if parsed.article.encoding_flagged:
                    report.flagged.append(parsed.path)
            elif parsed.skipped:
                report.skipped += 1
                report.skipped_paths.append(parsed.path)
            else:
                report.failed.append(IngestFailure(parsed.path, parsed.reason))
            tell(parsed.path)
            if cancelled():
                report.cancelled = True
                break
            if len(pending) >= batch_size:
                _write_batch(lib, pending, report)
                pending = []
        else:
            if cancelled():
                report.cancelled = True
        _write_batch(lib, pending, report)
        if done and progress is not None and not report.cancelled:
            tell(str(files[-1]))
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    if report.added or report.updated:
        with lib.store.write() as conn:
            optimize_fts(conn)
        if not report.cancelled:
            _keep_vocabulary(lib)
    report.elapsed_s = time.perf_counter() - started
    if nlp and not report.cancelled:
        from core.nlp import annotate_articles
        from core.terms import reindex_terms

        reindex_terms(lib, progress, is_cancelled=is_cancelled)
        if not cancelled():
            annotate_articles(
                lib, None, model=model, jobs=jobs or 1, progress=progress, is_cancelled=is_cancelled
            )
        report.cancelled = cancelled()  # the articles are stored; analysis resumes next run
        report.elapsed_s = time.perf_counter() - started
    return report


def _keep_vocabulary(lib: Library) -> None:
    """Read the new index's vocabulary into the cache file now (2 s at 100k articles), so the
    first search that finds nothing after an ingest answers did-you-mean at once."""
    from core.search.suggest import vocabulary

    with contextlib.suppress(sqlite3.Error, NewsdeskError):
        vocabulary(lib)


def _write_batch(
    lib: Library, pending: list[tuple[ParsedArticle, int, float]], report: IngestReport
) -> None:
    """Store one batch in one transaction, re-anchoring notes; a changed article's term row is
    dropped, to be rebuilt by the analysis step (`reindex_terms`) or the first comparison."""
    if not pending:
        return
    outcomes: list[tuple[str, int]] = []
    new_rows: list[FtsRow] = []
    with lib.store.write() as conn:
        for article, size, mtime in pending:
            outcome = upsert_article(
                conn, article, file_size=size, file_mtime=mtime, new_rows=new_rows
            )
            if outcome.status == "updated":
                forget_article_terms(conn, outcome.article_id)
            if outcome.status in ("added", "updated"):
                reanchor_notes(conn, outcome.article_id, article.body)
            outcomes.append((outcome.status, outcome.article_id))
        index_new_articles(conn, new_rows)
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
