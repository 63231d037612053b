"""The benchmark corpus generator: deterministic, three formats, word counts in range."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.generate import MAX_WORDS, MIN_WORDS, generate_article, write_corpus


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.*"))}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 40, seed=3, jobs=1)
    write_corpus(tmp_path / "b", 40, seed=3, jobs=1)
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert len(first) == 40
    assert first == second


def test_other_seed_other_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 10, seed=3, jobs=1)
    write_corpus(tmp_path / "b", 10, seed=4, jobs=1)
    assert set(_digest(tmp_path / "a").values()).isdisjoint(_digest(tmp_path / "b").values())


def test_article_alone_equals_article_in_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path, 12, seed=5, jobs=1)
    article = generate_article(5, 11)
    assert (tmp_path / article.relpath).read_text(encoding="utf-8") == article.text


def test_three_formats_with_their_shapes() -> None:
    articles = [generate_article(1, i) for i in range(60)]
    by_format = {fmt: [a for a in articles if a.format == fmt] for fmt in ("txt", "md", "html")}
    assert all(by_format.values()), {k: len(v) for k, v in by_format.items()}
    for article in by_format["md"]:
        assert article.text.startswith("---\ntitle: ")
        assert f"date: {article.published.isoformat()}" in article.text
    for article in by_format["html"]:
        assert '<meta property="article:published_time"' in article.text
        assert f'<meta name="author" content="{article.byline}">' in article.text
    for article in by_format["txt"]:
        assert "See also:" in article.text
        assert article.title in article.text.split("\n\n", 3)[0] + article.text[:400]
        assert article.relpath.endswith(".txt")


def test_word_counts_in_range_and_typical_near_600() -> None:
    counts = [generate_article(2, i).word_count for i in range(150)]
    assert all(MIN_WORDS <= c <= MAX_WORDS for c in counts), (min(counts), max(counts))
    counts.sort()
    assert 450 <= counts[len(counts) // 2] <= 800


def test_people_named_in_body_with_variants() -> None:
    articles = [generate_article(7, i) for i in range(50)]
    for article in articles:
        assert 2 <= len(article.people) <= 6
        surname = article.people[0].split()[-1]
        assert surname in article.body or surname in article.title
    dates = [a.published.year for a in articles]
    assert min(dates) >= 2010 and max(dates) <= 2025
    assert len(set(dates)) > 5
