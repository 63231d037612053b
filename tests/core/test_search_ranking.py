"""Ranking by a bm25() column with a bounded sorter gives FTS5's own `ORDER BY rank` order."""

from __future__ import annotations

import random

import pytest

from core.library import Library
from core.models import ParsedArticle
from core.search import clear_cache, search
from core.store import search as sql
from core.store.articles import upsert_article

WORDS = ["security", "nuclear", "energy", "trade", "minister", "mining", "talks", "reactor",
         "intelligence", "sharing", "summit", "pacific"] + [f"w{n}" for n in range(200)]
OUTLETS = ["Kyodo", "NHK World", "Japan Today"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Library:
    rng = random.Random(11)
    lib = Library(tmp_path_factory.mktemp("ranking") / "library.db")
    with lib.store.write() as conn:
        for i in range(300):
            weights = [30] * 12 + [1] * 200
            upsert_article(conn, ParsedArticle(
                source=f"g{i}", format="txt",
                title=" ".join(rng.choices(WORDS[:12], k=rng.randint(2, 6))),
                body=" ".join(rng.choices(WORDS, weights, k=rng.randint(20, 300))),
                outlet=rng.choice(OUTLETS), published=f"{rng.randint(2015, 2022)}-05-01",
            ))
    return lib


def expected(lib: Library, match: str, year: int | None, limit: int, offset: int) -> list[int]:
    """FTS5 ranking the documented way: `ORDER BY rank` with the rank function configured."""
    year_sql = "AND +rowid IN (SELECT id FROM articles WHERE year = ?)" if year else ""
    params: list[object] = [match, sql.RANK_CONFIG, *([year] if year else []), limit, offset]
    rows = lib.store.conn.execute(
        f"SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? AND rank MATCH ? "
        f"{year_sql} ORDER BY rank, rowid LIMIT ? OFFSET ?",
        params,
    ).fetchall()
    return [r[0] for r in rows]


@pytest.mark.parametrize(("query", "match", "year"), [
    ("security", "security", None),
    ("nuclear energy", "nuclear AND energy", None),
    ('"intelligence sharing"', '"intelligence sharing"', None),
    ("min*", "min*", None),
    ("trade year:2016", "trade", 2016),
    ("reactor OR summit", "reactor OR summit", None),
])
@pytest.mark.parametrize(("limit", "offset"), [(20, 0), (7, 5), (300, 0)])
def test_same_order_as_fts5_rank(generated: Library, query: str, match: str, year: int | None,
                                 limit: int, offset: int) -> None:
    clear_cache(generated)
    result = search(generated, query, limit=limit, offset=offset)
    want = expected(generated, match, year, limit, offset)
    assert want, "the generated corpus should match every query"
    assert [hit.id for hit in result.hits] == want
    assert all(hit.snippet for hit in result.hits)
