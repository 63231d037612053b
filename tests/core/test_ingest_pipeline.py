"""The ingest pipeline: folders, dedupe, idempotent re-ingest, updates in place, failures, batches."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from core.articles import get_article
from core.errors import NotFoundError
from core.ingest import ingest_paths
from core.ingest import pipeline as pipeline_module
from core.library import Library
from core.models import Progress

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"

WORDS = [
    "ministers",
    "agreed",
    "talks",
    "security",
    "defence",
    "cooperation",
    "energy",
    "supply",
    "reactor",
    "intelligence",
    "sharing",
    "pact",
    "region",
    "partners",
    "exercise",
    "officials",
    "statement",
    "summit",
    "economy",
    "trade",
    "policy",
    "minister",
    "foreign",
    "capital",
    "week",
    "meeting",
    "plan",
    "support",
    "growth",
    "network",
    "research",
    "agency",
]

REPORTERS = ["Ann Lee", "KEN SATO", "Marie Dubois", "Tom Reid", "Aiko Mori"]


def make_article(index: int, words: int = 600, seed: int = 0) -> str:
    """A generated saved-page article: headline, byline, date, paragraphs of ~`words` words."""
    rng = random.Random(index * 7919 + seed)
    paragraphs = []
    remaining = words
    while remaining > 0:
        size = min(remaining, rng.randint(40, 80))
        sentence = " ".join(rng.choice(WORDS) for _ in range(size))
        paragraphs.append(f"{sentence.capitalize()} number {index}.")
        remaining -= size
    year = 2015 + index % 9
    reporter = REPORTERS[index % len(REPORTERS)]
    return (
        f"Headline {index} about {rng.choice(WORDS)} and {rng.choice(WORDS)}\n"
        f"By {reporter} on {1 + index % 28:02d} March {year}\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def write_corpus(folder: Path, count: int, words: int = 600) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:05d}.txt").write_text(make_article(i, words), encoding="utf-8")


def ids_by_source(lib: Library) -> dict[str, int]:
    return {source: aid for aid, source in lib.store.query("SELECT id, source FROM articles")}


def test_fixture_folder(lib: Library, articles_dir: Path) -> None:
    for path in FIXTURES.iterdir():
        shutil.copy(path, articles_dir / path.name)
    (articles_dir / "notes.docx").write_bytes(b"PK\x03\x04zip")
    report = ingest_paths(lib, [articles_dir], nlp=False)
    assert (report.added, report.updated, report.unchanged, len(report.failed)) == (5, 0, 0, 0)
    assert report.skipped == 1 and report.skipped_paths[0].endswith("notes.docx")
    sources = ids_by_source(lib)
    assert all(Path(s).is_absolute() for s in sources)
    assert str((articles_dir / "wire_shape.txt").resolve()) in sources
    article = get_article(lib, sources[str((articles_dir / "wire_shape.txt").resolve())])
    assert article.outlet == "Japan Today" and article.comments


def test_reingest_is_idempotent_and_keeps_ids(lib: Library, articles_dir: Path) -> None:
    write_corpus(articles_dir, 12, words=80)
    first = ingest_paths(lib, [articles_dir], nlp=False, batch_size=5)
    assert first.added == 12
    before = ids_by_source(lib)
    again = ingest_paths(lib, [articles_dir], nlp=False, batch_size=5)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 12)
    # Touch every file: the quick (size, mtime) check misses, the content hash still matches.
    for path in articles_dir.iterdir():
        os.utime(path, (time.time() + 10, time.time() + 10))
    touched = ingest_paths(lib, [articles_dir], nlp=False)
    assert (touched.added, touched.updated, touched.unchanged) == (0, 0, 12)
    assert ids_by_source(lib) == before


def test_changed_file_updates_in_place(lib: Library, articles_dir: Path) -> None:
    path = articles_dir / "story.txt"
    path.write_text(make_article(1, 100), encoding="utf-8")
    ingest_paths(lib, [path], nlp=False)
    (old_id,) = ids_by_source(lib).values()
    path.write_text(make_article(1, 100, seed=5), encoding="utf-8")
    report = ingest_paths(lib, [path], nlp=False)
    assert (report.added, report.updated) == (0, 1)
    assert report.article_ids == [old_id]
    assert ids_by_source(lib) == {str(path.resolve()): old_id}
    assert get_article(lib, old_id).body.endswith("number 1.")


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n").encode(),
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: t.replace("\n", "   \n").encode(),
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    ],
    ids=["crlf", "bom", "trailing-space", "utf16"],
)
def test_duplicates_are_one_row(lib: Library, articles_dir: Path, variant) -> None:
    text = make_article(3, 120)
    (articles_dir / "a.txt").write_text(text, encoding="utf-8")
    (articles_dir / "b.txt").write_bytes(variant(text))
    report = ingest_paths(lib, [articles_dir], nlp=False)
    assert (report.added, report.duplicates) == (1, 1)
    assert lib.store.query("SELECT count(*) FROM articles") == [(1,)]


def test_bad_files_never_stop_the_run(lib: Library, articles_dir: Path) -> None:
    (articles_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (articles_dir / "empty.md").write_bytes(b"")
    (articles_dir / "blank.txt").write_text("  \n\n")
    with open(articles_dir / "huge.txt", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: refused from its size, never read
    (articles_dir / "good.txt").write_text(make_article(9, 50), encoding="utf-8")
    locked = articles_dir / "locked.txt"
    locked.write_text(make_article(10, 50), encoding="utf-8")
    locked.chmod(0)
    try:
        report = ingest_paths(lib, [articles_dir], nlp=False)
    finally:
        locked.chmod(0o644)
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert "binary" in reasons["photo.txt"]
    assert "too large" in reasons["huge.txt"]
    if os.geteuid() != 0:  # root can read anything
        assert "ermission" in reasons["locked.txt"]
    assert report.skipped == 2
    assert report.added >= 1
    assert not report.ok
    titles = [t for (t,) in lib.store.query("SELECT source FROM articles")]
    assert not any(t.endswith(("photo.txt", "huge.txt", "empty.md", "blank.txt")) for t in titles)


def test_symlink_loop_and_duplicate_paths(lib: Library, articles_dir: Path) -> None:
    sub = articles_dir / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(make_article(1, 50), encoding="utf-8")
    (sub / "loop").symlink_to(articles_dir, target_is_directory=True)
    (articles_dir / "dangling.txt").symlink_to(articles_dir / "missing.txt")
    report = ingest_paths(lib, [articles_dir, sub / "a.txt"], nlp=False)
    assert report.added == 1
    assert [Path(f.path).name for f in report.failed] == ["dangling.txt"]


def test_missing_path(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        ingest_paths(lib, [tmp_path / "nope"], nlp=False)


def test_flagged_encodings_reported(lib: Library, articles_dir: Path) -> None:
    (articles_dir / "old.txt").write_bytes("Café crème\n\nDéjà vu in Montréal.".encode("cp1252"))
    report = ingest_paths(lib, [articles_dir], nlp=False)
    assert report.flagged == [str((articles_dir / "old.txt").resolve())]
    assert lib.store.query("SELECT encoding, encoding_flagged FROM articles") == [("cp1252", 1)]


def test_progress_and_cancel_after_batch(lib: Library, articles_dir: Path) -> None:
    write_corpus(articles_dir, 10, words=60)
    seen: list[Progress] = []
    report = ingest_paths(
        lib,
        [articles_dir],
        nlp=False,
        batch_size=4,
        progress=seen.append,
        is_cancelled=lambda: len(seen) >= 2,
    )
    assert report.cancelled
    assert report.added == 2  # the current batch committed what it had parsed
    assert lib.store.query("SELECT count(*) FROM articles") == [(2,)]
    assert seen[-1].total == 10
    rest = ingest_paths(lib, [articles_dir], nlp=False, batch_size=4)
    assert (rest.added, rest.unchanged) == (8, 2)


def test_notes_hook_runs_in_the_write_transaction(
    lib: Library, articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(
        pipeline_module,
        "reanchor_notes",
        lambda conn, aid, body: calls.append((aid, conn.in_transaction)),
    )
    write_corpus(articles_dir, 3, words=40)
    report = ingest_paths(lib, [articles_dir], nlp=False)
    assert sorted(calls) == sorted((aid, True) for aid in report.article_ids)
    calls.clear()
    ingest_paths(lib, [articles_dir], nlp=False)
    assert calls == []  # unchanged articles are not touched


def test_term_index_is_left_to_the_analysis_step(
    lib: Library, articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--no-nlp stores articles only; the analysis step indexes terms before NER, and a changed
    article loses its stale term row in the transaction that changes it."""
    write_corpus(articles_dir, 3, words=40)
    ingest_paths(lib, [articles_dir], nlp=False)
    assert lib.store.query("SELECT count(*) FROM article_terms") == [(0,)]
    seen: list[int] = []
    import core.nlp

    def fake_annotate(library: Library, *args: object, **kwargs: object) -> None:
        seen.append(library.store.query("SELECT count(*) FROM article_terms")[0][0])

    monkeypatch.setattr(core.nlp, "annotate_articles", fake_annotate)
    ingest_paths(lib, [articles_dir], nlp=True)
    assert seen == [3]  # every article indexed before entity extraction starts
    target = sorted(articles_dir.glob("*.txt"))[0]
    (changed_id,) = lib.store.query(
        "SELECT id FROM articles WHERE source = ?", (str(target.resolve()),)
    )[0]
    target.write_text(target.read_text() + "\n\nA closing paragraph about zeppelins.")
    ingest_paths(lib, [articles_dir], nlp=False)
    indexed = {row[0] for row in lib.store.query("SELECT article_id FROM article_terms")}
    assert len(indexed) == 2 and changed_id not in indexed
    ingest_paths(lib, [articles_dir], nlp=True)
    assert lib.store.query(
        "SELECT count(*) FROM article_terms t JOIN terms v ON v.term = 'zeppelins'"
        " WHERE t.article_id = ?",
        (changed_id,),
    ) == [(1,)]


def test_failing_batch_rolls_back_whole_batch(
    lib: Library, articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(conn, aid, body):
        if aid == 3:
            raise RuntimeError("simulated crash")

    monkeypatch.setattr(pipeline_module, "reanchor_notes", boom)
    write_corpus(articles_dir, 4, words=40)
    with pytest.raises(RuntimeError):
        ingest_paths(lib, [articles_dir], nlp=False, batch_size=2)
    assert lib.store.query("SELECT count(*) FROM articles") == [(2,)]  # first batch only


def test_parallel_parse_matches_serial(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    write_corpus(folder, 24, words=60)
    report = ingest_paths(lib, [folder], nlp=False, jobs=2, batch_size=10)
    assert report.added == 24 and report.ok
    other = Library(tmp_path / "serial.db")
    try:
        ingest_paths(other, [folder], nlp=False)
        query = "SELECT source, title, published, content_hash FROM articles ORDER BY source"
        assert lib.store.query(query) == other.store.query(query)
    finally:
        other.close()


def test_generated_articles_parse_as_expected(lib: Library, articles_dir: Path) -> None:
    write_corpus(articles_dir, 2, words=100)
    ingest_paths(lib, [articles_dir], nlp=False)
    row = lib.store.query(
        "SELECT title, byline, published, date_precision FROM articles "
        "WHERE source LIKE '%a00001.txt'"
    )
    assert row[0][1:] == ("Ken Sato", "2016-03-02", "day")
    assert row[0][0].startswith("Headline 1 about")


def test_cancel_while_scanning_unchanged_files(lib: Library, articles_dir: Path) -> None:
    write_corpus(articles_dir, 30, words=40)
    ingest_paths(lib, [articles_dir], nlp=False)
    polls: list[int] = []

    def cancel_soon() -> bool:
        polls.append(1)
        return len(polls) > 5

    report = ingest_paths(lib, [articles_dir], nlp=False, is_cancelled=cancel_soon)
    assert report.cancelled and report.unchanged < 30


def test_cancel_during_the_analysis_step_is_reported(
    lib: Library, articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import core.nlp

    annotated: list[bool] = []
    monkeypatch.setattr(core.nlp, "annotate_articles", lambda *a, **k: annotated.append(True))
    write_corpus(articles_dir, 4, words=40)
    seen: list[Progress] = []
    report = ingest_paths(
        lib, [articles_dir], nlp=True, progress=seen.append,
        is_cancelled=lambda: any(step.current == "term index" for step in seen),
    )
    assert report.added == 4 and report.cancelled and annotated == []


def test_a_rerun_with_nothing_changed_starts_no_parse_processes(
    lib: Library, articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(articles_dir, 12, words=40)
    ingest_paths(lib, [articles_dir], nlp=False, jobs=2, batch_size=4)
    started: list[int] = []
    real = pipeline_module.ProcessPoolExecutor

    def spy(*args: object, **kwargs: object) -> object:
        started.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline_module, "ProcessPoolExecutor", spy)
    report = ingest_paths(lib, [articles_dir], nlp=False, jobs=2, batch_size=4)
    assert report.unchanged == 12 and started == []
    (articles_dir / "new.txt").write_text("A new headline\n\n" + "Fresh words here. " * 30)
    report = ingest_paths(lib, [articles_dir], nlp=False, jobs=2, batch_size=4)
    assert report.added == 1 and started == [1]


def test_ingest_keeps_the_new_index_vocabulary_for_did_you_mean(
    lib: Library, articles_dir: Path
) -> None:
    """The first search to find nothing after an ingest need not decode the whole index."""
    from core.store.ranklists import RankCache, index_key

    for path in FIXTURES.iterdir():
        shutil.copy(path, articles_dir / path.name)
    ingest_paths(lib, [articles_dir], nlp=False)
    kept = RankCache(lib.store.path).get_vocabulary(index_key(lib.store.conn))
    assert kept is not None
    terms, docs = kept
    assert "tokyo" in terms and len(docs) == len(terms) and min(docs) >= 1
