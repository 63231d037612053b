"""The term index: tokenising rules, per-article blobs, re-indexing an older library."""

from __future__ import annotations

import numpy as np
import pytest

from core.library import Library
from core.models import ParsedArticle
from core.store import articles as article_sql
from core.store import terms as sql
from core.terms import count_terms, extract_terms, index_article_terms, reindex_terms, term_pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # casefold; stop words out; bigram of adjacent content words
        ("The North Korea test", ["north", "north korea", "korea", "korea test", "test"]),
        # hyphenated compounds stay whole, typographic hyphen folded to "-"
        # ... and their parts count as unigrams too
        ("counter\u2010terrorism talks",
         ["counter-terrorism", "counter", "terrorism", "counter-terrorism talks", "talks"]),
        ("an intelligence-sharing pact",
         ["intelligence-sharing", "intelligence", "sharing", "intelligence-sharing pact", "pact"]),
        # a part that is a stop word or a number is not a term
        ("the 10-year state-of-the-art plan",
         ["10-year", "10-year state-of-the-art", "state-of-the-art", "state", "art",
          "state-of-the-art plan", "plan"]),
        # soft hyphen vanishes
        ("reac\u00adtors", ["reactors"]),
        # possessive dropped (straight and curly apostrophes)
        ("Japan's LNG", ["japan", "japan lng", "lng"]),
        ("Canada\u2019s LNG", ["canada", "canada lng", "lng"]),
        # numbers out, and they break a bigram
        ("LNG 2022 exports of 3.5 million tonnes", ["lng", "exports", "million", "million tonnes", "tonnes"]),
        # punctuation ends a bigram run: sentence and clause
        ("Ottawa. Tokyo", ["ottawa", "tokyo"]),
        ("Canada, Japan", ["canada", "japan"]),
        ("security (defence) pact", ["security", "defence", "pact"]),
        # a stop word between two words: no bigram across it
        ("Canada and Japan", ["canada", "japan"]),
        # one-letter tokens are not terms; dotted acronyms keep their dots
        ("U.S. forces", ["u.s.", "u.s. forces", "forces"]),
        ("a b c", []),
        # letters with digits stay (G7), pure numbers go
        ("the G7 summit in 2016", ["g7", "g7 summit", "summit"]),
        # line breaks end a run
        ("Small modular\nreactors", ["small", "small modular", "modular", "reactors"]),
        ("", []),
    ],
)
def test_extract_terms(text: str, expected: list[str]) -> None:
    assert extract_terms(text) == expected


def test_count_terms_total_counts_every_word_but_numbers() -> None:
    counts, total = count_terms("LNG deal", "The LNG deal was signed in 2022, the LNG deal.")
    # words: lng deal the lng deal was signed in the lng deal = 11 (2022 is a number)
    assert total == 11
    assert counts["lng"] == 3
    assert counts["lng deal"] == 3
    assert counts["signed"] == 1
    assert "the" not in counts and "2022" not in counts


def test_term_pattern_finds_variants() -> None:
    assert term_pattern("north korea").search("in North\n Korea's capital")
    assert term_pattern("counter-terrorism").search("Counter\u2011terrorism unit")
    assert term_pattern("lng").search("LNGs") is None
    assert term_pattern("u.s.").search("the U.S. said")


def _article(source: str, body: str, title: str = "") -> ParsedArticle:
    return ParsedArticle(source=source, format="txt", body=body, title=title, published="2016-01-02")


def test_index_article_terms_stores_sorted_blobs(lib: Library) -> None:
    with lib.store.write() as conn:
        outcome = article_sql.upsert_article(conn, _article("a.txt", "LNG exports. LNG exports grow."))
        index_article_terms(conn, outcome.article_id, "LNG", "LNG exports. LNG exports grow.")
    rows = sql.load_term_rows(lib.store.conn, [outcome.article_id])
    assert len(rows) == 1
    _, id_blob, count_blob, total = rows[0]
    ids = np.frombuffer(id_blob, dtype=sql.ID_DTYPE)
    counts = np.frombuffer(count_blob, dtype=sql.COUNT_DTYPE)
    assert list(ids) == sorted(ids)
    texts = sql.term_texts(lib.store.conn, ids.tolist())
    stored = {texts[int(i)]: int(c) for i, c in zip(ids, counts, strict=True)}
    assert stored == {"lng": 3, "exports": 2, "lng exports": 2, "grow": 1, "exports grow": 1}
    assert total == 6


def test_reindexing_replaces_row_and_reuses_vocabulary(lib: Library) -> None:
    with lib.store.write() as conn:
        outcome = article_sql.upsert_article(conn, _article("a.txt", "alpha beta"))
        index_article_terms(conn, outcome.article_id, "", "alpha beta")
        index_article_terms(conn, outcome.article_id, "", "alpha gamma")
    vocabulary = dict(lib.store.conn.execute("SELECT term, id FROM terms"))
    assert set(vocabulary) == {"alpha", "beta", "alpha beta", "gamma", "alpha gamma"}
    _, id_blob, _, _ = sql.load_term_rows(lib.store.conn, [outcome.article_id])[0]
    ids = set(np.frombuffer(id_blob, dtype=sql.ID_DTYPE).tolist())
    assert ids == {vocabulary["alpha"], vocabulary["gamma"], vocabulary["alpha gamma"]}


def test_reindex_terms_fills_missing_rows(lib: Library) -> None:
    with lib.store.write() as conn:
        first = article_sql.upsert_article(conn, _article("a.txt", "alpha beta")).article_id
        second = article_sql.upsert_article(conn, _article("b.txt", "gamma delta")).article_id
        index_article_terms(conn, first, "", "alpha beta")
    seen = []
    assert reindex_terms(lib, seen.append, batch=1) == 1
    assert sql.articles_with_terms(lib.store.conn, [first, second]) == {first, second}
    assert seen[-1].done == seen[-1].total == 1
    assert reindex_terms(lib) == 0


def test_empty_article_gets_an_empty_row(lib: Library) -> None:
    with lib.store.write() as conn:
        article_id = article_sql.upsert_article(conn, _article("a.txt", "2016 2017")).article_id
        index_article_terms(conn, article_id, "", "2016 2017")
    rows = sql.load_term_rows(lib.store.conn, [article_id])
    assert rows[0][1] == b"" and rows[0][3] == 0
