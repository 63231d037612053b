"""Annotation feeds spaCy one stream for all batches, so worker processes start only once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

import core.nlp as nlp
from core.library import Library
from core.models import ParsedArticle, Progress
from core.nlp.pipeline import Span, load_extractor
from core.store.articles import upsert_article


def add_articles(lib: Library, count: int) -> None:
    with lib.store.write() as conn:
        for index in range(count):
            upsert_article(conn, ParsedArticle(
                source=f"/a/{index}.txt", format="txt", title=f"Talks {index}",
                body=f"Foreign Minister Melanie Joly met Yoshimasa Hayashi in Tokyo ({index}).",
            ))


def test_one_stream_for_every_batch_and_writes_per_batch(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = nlp.ARTICLES_PER_WRITE * 2 + 5
    add_articles(lib, count)
    extractor, _ = load_extractor("rules")
    calls: list[int] = []
    original = type(extractor).pipe

    def counting_pipe(self, texts: Iterable[str], jobs: int = 1) -> Iterator[list[Span]]:
        calls.append(jobs)
        yield from original(self, texts, jobs)

    monkeypatch.setattr(type(extractor), "pipe", counting_pipe)
    progress: list[Progress] = []
    report = nlp.annotate_articles(lib, model="rules", progress=progress.append)
    assert calls == [1]
    assert report.articles == count
    assert [p.done for p in progress] == [64, 128, count]
    pending = lib.store.conn.execute("SELECT count(*) FROM articles WHERE nlp_done = 0")
    assert pending.fetchone()[0] == 0


def test_cancel_between_batches_keeps_what_was_written(lib: Library) -> None:
    count = nlp.ARTICLES_PER_WRITE * 3
    add_articles(lib, count)
    progress: list[Progress] = []
    report = nlp.annotate_articles(
        lib, model="rules", progress=progress.append, is_cancelled=lambda: bool(progress)
    )
    assert report.cancelled
    assert report.articles == nlp.ARTICLES_PER_WRITE
    done = lib.store.conn.execute("SELECT count(*) FROM articles WHERE nlp_done = 1")
    assert done.fetchone()[0] == nlp.ARTICLES_PER_WRITE
    rerun = nlp.annotate_articles(lib, model="rules")  # a rerun completes the job
    assert rerun.articles == count - nlp.ARTICLES_PER_WRITE


def test_an_all_caps_dateline_does_not_name_the_place(lib: Library) -> None:
    bodies = [
        "TOKYO, Japan - Leaders of Japan and Canada met on Monday for talks on energy.",
        "Japanese and Canadian officials met in Tokyo on Monday for talks on energy and trade.",
    ]
    with lib.store.write() as conn:
        for index, body in enumerate(bodies):
            upsert_article(conn, ParsedArticle(
                source=f"/d/{index}.txt", format="txt", title="", body=body,
            ))
    nlp.annotate_articles(lib)  # the spaCy model: it tags both forms GPE, one entity
    names = [row[0] for row in lib.store.conn.execute(
        "SELECT name FROM entities WHERE norm_key = 'tokyo'")]
    assert names == ["Tokyo"]
