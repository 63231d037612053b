"""The ingest fast paths give the same results as the plain ones they replace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ingest import ingest_paths
from core.library import Library
from core.store import terms as sql
from core.terms import (
    count_terms,
    count_terms_by_segments,
    index_article_terms,
    reindex_terms,
    term_id_cache,
)
from tests.core.test_ingest_pipeline import write_corpus

# Characters that exercise every tokenising rule: hyphen variants, apostrophes, dots, digits,
# numerics that are not decimals, punctuation, line breaks, underscores and non-Latin letters.
_ALPHABET = "ab cs'\u2019\u02bc-\u2010\u2011\u00ad.,;\n\t_0123\u00bd\u00b2 Ã©Ü\u4e00\u0661 "
_WORDS = ["the", "u.s.", "north", "korea's", "counter-terrorism", "10-year", "it's", "LNG",
          "state-of-the-art", "e.u.", "a", "3.5", "\u00bdx", "x\u00bd", "_", "1990s"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("", ""),
        ("LNG deal", "The LNG deal was signed in 2022, the LNG deal."),
        ("U.S. and E.U.", "u.s. forces; the e.u. said. a.b c.d.e. Japan's and Canada\u2019s LNG."),
        ("", "counter\u2010terrorism talks, an intelligence-sharing pact, reac\u00adtors"),
        ("", "the 10-year state-of-the-art plan \u00bdx x\u00bd \u00b2a 3-4 1990s it's_ok"),
    ],
)
def test_count_terms_matches_the_token_walk(title: str, body: str) -> None:
    assert count_terms(title, body) == count_terms_by_segments(title, body)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_ALPHABET, max_size=80),
    st.lists(st.sampled_from(_WORDS) | st.text(alphabet=_ALPHABET, max_size=12), max_size=40),
)
def test_count_terms_matches_the_token_walk_on_any_text(title: str, words: list[str]) -> None:
    body = " ".join(words)
    assert count_terms(title, body) == count_terms_by_segments(title, body)


def _vocabulary(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT term, id FROM terms"))


def test_term_ids_with_and_without_cache_agree(lib: Library) -> None:
    cache = sql.TermIdCache()
    with lib.store.write() as conn:
        first = dict(sql.term_ids(conn, ["beta", "alpha"]))
        cache.begin()
        both = sql.term_ids(conn, ["gamma", "alpha", "delta"], cache)
        assert {t: both[t] for t in ("gamma", "alpha", "delta")} == {
            t: i for t, i in _vocabulary(conn).items() if t in ("gamma", "alpha", "delta")
        }
    cache.commit()
    assert first == {"alpha": 1, "beta": 2}  # new terms get ids in sorted order
    assert both["delta"] < both["gamma"]
    assert _vocabulary(lib.store.conn) == {"alpha": 1, "beta": 2, "delta": 3, "gamma": 4}


def test_term_cache_forgets_ids_of_a_rolled_back_transaction(lib: Library) -> None:
    cache = sql.TermIdCache()
    with pytest.raises(RuntimeError), lib.store.write() as conn, term_id_cache(conn, cache):
        sql.term_ids(conn, ["kept", "lost"], cache)
        raise RuntimeError("crash")
    assert _vocabulary(lib.store.conn) == {}
    with lib.store.write() as conn, term_id_cache(conn, cache):
        ids = sql.term_ids(conn, ["other", "lost"], cache)
        assert "kept" not in ids  # dropped by begin(): its row was rolled back
    cache.commit()
    vocabulary = _vocabulary(lib.store.conn)
    assert {t: ids[t] for t in vocabulary} == vocabulary


def test_term_cache_starts_afresh_past_its_limit(lib: Library) -> None:
    cache = sql.TermIdCache(limit=3)
    with lib.store.write() as conn, term_id_cache(conn, cache):
        sql.term_ids(conn, ["a1", "a2", "a3", "a4"], cache)
    cache.commit()
    with lib.store.write() as conn, term_id_cache(conn, cache):
        assert len(cache.ids) == 0
        ids = sql.term_ids(conn, ["a2", "b1"], cache)
        assert ids["a2"] == 2 and ids["b1"] == 5


def test_shared_cache_gives_the_same_index_as_one_article_at_a_time(tmp_path: Path) -> None:
    texts = [
        ("North Korea", "North Korea tested a missile. The U.S. and Japan's leaders met."),
        ("LNG", "LNG exports to Japan grew; north korea was not discussed."),
        ("Reactors", "Small modular reactors and LNG: Japan's energy plan."),
    ]

    def build(shared: bool) -> list[tuple[int, bytes, bytes, int]]:
        library = Library(tmp_path / f"lib-{shared}.db")
        try:
            cache = sql.TermIdCache()
            for start in (0, 2):  # two transactions
                with (
                    library.store.write() as conn,
                    term_id_cache(conn, cache if shared else None) as active,
                ):
                    for number, (title, body) in enumerate(texts[start : start + 2], start + 1):
                        conn.execute(
                            "INSERT INTO articles(id, source, format, title, body, content_hash,"
                            " ingested_at, updated_at) VALUES (?, ?, 'txt', ?, ?, ?, '', '')",
                            (number, f"s{number}", title, body, f"h{number}"),
                        )
                        index_article_terms(conn, number, title, body, active)
                cache.commit()
            return library.store.query(
                "SELECT article_id, term_ids, counts, total FROM article_terms ORDER BY 1"
            )
        finally:
            library.close()

    assert build(True) == build(False)


def _term_index(library: Library) -> list[tuple[str, list[tuple[str, int]], int]]:
    """Each article's source, its (term, count) pairs and word total, independent of term ids."""
    vocabulary = dict(library.store.query("SELECT id, term FROM terms"))
    rows = library.store.query(
        "SELECT a.source, t.term_ids, t.counts, t.total FROM article_terms t"
        " JOIN articles a ON a.id = t.article_id ORDER BY a.source"
    )
    decoded = []
    for source, id_blob, count_blob, total in rows:
        ids = np.frombuffer(id_blob, dtype=sql.ID_DTYPE)
        counts = np.frombuffer(count_blob, dtype=sql.COUNT_DTYPE)
        assert (np.diff(ids.astype(np.int64)) > 0).all()  # sorted by id, each once
        pairs = sorted((vocabulary[int(i)], int(c)) for i, c in zip(ids, counts, strict=True))
        decoded.append((source, pairs, total))
    return decoded


def test_term_indexing_gives_the_same_index_in_small_and_large_batches(
    lib: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder, 12, words=80)
    ingest_paths(lib, [folder], nlp=False)
    assert reindex_terms(lib, batch=5) == 12
    other = Library(tmp_path / "other.db")
    try:
        ingest_paths(other, [folder], nlp=False)
        assert reindex_terms(other, batch=100) == 12
        small, large = _term_index(lib), _term_index(other)
    finally:
        other.close()
    assert len(small) == 12 and all(len(pairs) > 10 for _, pairs, _ in small)
    assert small == large
    for _, pairs, total in small:  # the stored counts are what count_terms gives
        assert total > 0 and sum(count for _, count in pairs) > 0


def test_parse_workers_by_run_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.ingest import pipeline

    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    assert pipeline.parse_workers(None, pipeline.AUTO_JOBS_MIN_FILES - 1) == 1
    assert pipeline.parse_workers(None, pipeline.AUTO_JOBS_MIN_FILES) == 2
    assert pipeline.parse_workers(1, 10_000) == 1 and pipeline.parse_workers(3, 5) == 3
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 1)
    assert pipeline.parse_workers(None, 10_000) == 1


def test_terms_counted_in_workers_match_serial(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder, 24, words=80)
    report = ingest_paths(lib, [folder], nlp=False, jobs=2, batch_size=10)
    assert report.added == 24 and report.ok
    other = Library(tmp_path / "serial.db")
    try:
        ingest_paths(other, [folder], nlp=False, jobs=1)
        assert _term_index(lib) == _term_index(other)
    finally:
        other.close()


def test_term_cache_tracks_new_terms_without_lookups(lib: Library) -> None:
    cache = sql.TermIdCache()
    with lib.store.write() as conn, term_id_cache(conn, cache):
        assert cache.tracks_vocabulary  # an empty vocabulary is loaded at once
        ids = dict(sql.term_ids(conn, ["beta", "alpha"], cache))
    cache.commit()
    assert ids == {"alpha": 1, "beta": 2} == {t: i for t, i in _vocabulary(lib.store.conn).items()}


def test_term_cache_sees_terms_another_connection_added(lib: Library, db_path: Path) -> None:
    cache = sql.TermIdCache()
    with lib.store.write() as conn, term_id_cache(conn, cache):
        sql.term_ids(conn, ["alpha"], cache)
    cache.commit()
    with Library(db_path) as other, other.store.write() as conn:  # a second running copy
        sql.term_ids(conn, ["beta", "gamma"])
    with lib.store.write() as conn, term_id_cache(conn, cache):
        ids = dict(sql.term_ids(conn, ["gamma", "delta", "alpha"], cache))
    cache.commit()
    vocabulary = _vocabulary(lib.store.conn)
    assert {t: ids[t] for t in ("alpha", "gamma", "delta")} == {
        t: vocabulary[t] for t in ("alpha", "gamma", "delta")
    }
    assert len(vocabulary) == 4


def test_term_cache_after_a_rollback_and_another_writer(lib: Library, db_path: Path) -> None:
    """Ids a rolled-back transaction handed out may be taken by another writer's terms."""
    cache = sql.TermIdCache()
    with pytest.raises(RuntimeError), lib.store.write() as conn, term_id_cache(conn, cache):
        sql.term_ids(conn, ["lost1", "lost2"], cache)
        raise RuntimeError("crash")
    with Library(db_path) as other, other.store.write() as conn:
        sql.term_ids(conn, ["theirs1", "theirs2"])  # ids 1 and 2 again
    with lib.store.write() as conn, term_id_cache(conn, cache):
        ids = dict(sql.term_ids(conn, ["theirs2", "lost1", "mine"], cache))
    cache.commit()
    vocabulary = _vocabulary(lib.store.conn)
    assert {t: ids[t] for t in ("theirs2", "lost1", "mine")} == {
        t: vocabulary[t] for t in ("theirs2", "lost1", "mine")
    }


def test_term_cache_skips_loading_a_large_vocabulary_for_a_small_run(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql, "PRELOAD_TERMS_PER_ARTICLE", 2)
    with lib.store.write() as conn:
        sql.term_ids(conn, ["a1", "a2", "a3", "a4", "a5"])
    cache = sql.TermIdCache()
    cache.expected_articles = 1  # 5 terms > 2 per article: plain lookups
    with lib.store.write() as conn, term_id_cache(conn, cache):
        assert not cache.tracks_vocabulary
        ids = dict(sql.term_ids(conn, ["a3", "b1"], cache))
    cache.commit()
    assert ids == {"a3": 3, "b1": 6}
    cache.expected_articles = 10  # now worth loading: 5 terms <= 2 x 10
    with lib.store.write() as conn, term_id_cache(conn, cache):
        assert cache.tracks_vocabulary
        ids = dict(sql.term_ids(conn, ["a1", "b1", "c1"], cache))
    cache.commit()
    assert {t: ids[t] for t in ("a1", "b1", "c1")} == {"a1": 1, "b1": 6, "c1": 7}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdé -'", min_size=1, max_size=6), max_size=60))
def test_bloom_filter_never_misses_an_added_string(items: list[str]) -> None:
    bloom = sql._Bloom(capacity=len(items) + 1)
    bloom.add(items[: len(items) // 2])
    if items[: len(items) // 2]:
        assert bloom.might_contain(items[: len(items) // 2]).all()


def test_bloom_filter_false_alarms_are_rare() -> None:
    bloom = sql._Bloom(capacity=50_000)
    bloom.add([f"term {i}" for i in range(50_000)])
    alarms = bloom.might_contain([f"other {i}" for i in range(20_000)]).mean()
    assert alarms < 0.02


def test_term_cache_copes_with_terms_added_without_it_in_the_same_transaction(
    lib: Library,
) -> None:
    cache = sql.TermIdCache()
    with lib.store.write() as conn, term_id_cache(conn, cache):
        sql.term_ids(conn, ["alpha"], cache)
        sql.term_ids(conn, ["beta", "gamma"])  # a plain call, outside the cache
        ids = dict(sql.term_ids(conn, ["gamma", "delta"], cache))
    cache.commit()
    vocabulary = _vocabulary(lib.store.conn)
    assert len(vocabulary) == 4 and {t: ids[t] for t in ids} == {t: vocabulary[t] for t in ids}
