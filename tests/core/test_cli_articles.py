"""`newsdesk search`, `show`, `articles` and `stats`: output shape, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_search import ARTICLES, build_library
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(db_path: Path) -> Path:
    build_library(db_path).close()
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_text_output(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db), "search", "intelligence")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "1. Canada and Japan sign intelligence-sharing pact"
    assert "Japan Today · 2022-10-12 · Mari Yamaguchi" in lines[1]
    assert "\x1b" not in out  # not a terminal: plain text
    assert lines[-1] == "1-2 of 2 results"


def test_search_json_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "tokyo", "--json", "--limit", "2", "--db", str(db))
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 2
    for hit in hits:
        assert {"id", "title", "outlet", "byline", "published", "year", "snippet",
                "score"} <= set(hit)
        assert isinstance(hit["id"], int) and isinstance(hit["score"], float)


def test_search_words_joined(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "search", "tokyo", "rain", "--json")
    assert code == 0
    assert [h["title"] for h in json.loads(out)] == ["Rain in Tokyo"]


def test_search_no_results_hint_exit_0(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db), "search", "intelligance")
    assert code == 0 and out == ""
    assert err == "newsdesk: no results; did you mean: intelligence?\n"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["search", "year:abc"], "not a year"),
        (["search", "--raw", '"open'], "unbalanced quote"),
        (["search", "--raw", "foo:bar"], "unknown column"),
        (["show", "999"], "no article with id 999"),
        (["show", "abc"], "not an article id"),
        (["show", "-1"], "not an article id"),
    ],
)
def test_errors_are_one_line_exit_1(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, "--db", str(db), *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and words in err


@pytest.mark.parametrize("query", ['"', "AND OR", "NEAR(", "col:term", "C++", "*", "a\x00b\n\t"])
def test_ugly_queries_exit_0(db: Path, capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, _, err = run(capsys, "--db", str(db), "search", query)
    assert code == 0
    assert "Traceback" not in err and "sqlite" not in err.lower()


def test_show_text_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "show", "1", "--json")
    article = json.loads(out)
    assert code == 0
    assert {"id", "title", "outlet", "byline", "published", "year", "dateline", "source",
            "body"} <= set(article)
    assert article["source"] == ARTICLES[0][0] and article["body"].startswith("Joly")
    code, out, _ = run(capsys, "--db", str(db), "show", "1")
    assert code == 0
    assert out.splitlines()[0] == ARTICLES[0][1]
    assert "Outlet: Japan Today" in out and "Source: a1" in out and "Joly and Hayashi" in out


def test_show_strips_escape_sequences(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.library import Library
    from core.models import ParsedArticle
    from core.store.articles import upsert_article

    with Library(db_path) as lib, lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="x", format="txt",
                                           title="Red \x1b[31malert\x07", body="Body \x1b]0;t\x07"))
    code, out, _ = run(capsys, "--db", str(db_path), "show", "1")
    assert code == 0 and "\x1b" not in out and "\x07" not in out


def test_articles_listing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "articles")
    assert code == 0 and len(out.splitlines()) == len(ARTICLES)
    code, out, _ = run(capsys, "--db", str(db), "articles", "--json", "--limit", "3")
    rows = json.loads(out)
    assert len(rows) == 3
    assert {"id", "title", "outlet", "published", "year", "source"} <= set(rows[0])
    assert rows[0]["published"] == "2015-08-11"  # oldest first


def test_articles_empty_library(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "articles")
    assert code == 0 and out == "" and "empty" in err


def test_stats(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["articles"] == len(ARTICLES)
    assert {"year": 2016, "articles": 2} in stats["by_year"]
    assert {"outlet": "Kyodo", "articles": 3} in stats["by_outlet"]
    assert stats["not_analysed"] == stats["not_term_indexed"] == len(ARTICLES)  # no NLP yet
    code, out, _ = run(capsys, "--db", str(db), "stats")
    assert out.startswith(f"{len(ARTICLES)} articles") and "By year" in out and "Kyodo" in out
    assert "Not analysed yet" in out and "term index (for compare)" in out


def test_stats_after_analysis_has_nothing_pending(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.library import Library
    from core.terms import reindex_terms

    with Library(db) as lib:
        reindex_terms(lib)
        with lib.store.write() as conn:
            conn.execute("UPDATE articles SET nlp_done = 1")
    code, out, _ = run(capsys, "--db", str(db), "stats", "--json")
    assert code == 0
    assert (json.loads(out)["not_analysed"], json.loads(out)["not_term_indexed"]) == (0, 0)
    code, out, _ = run(capsys, "--db", str(db), "stats")
    assert code == 0 and "Not analysed yet" not in out


def test_search_process_keeps_heavy_imports_out(db: Path) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"rc = main(['--db', {str(db)!r}, 'search', 'tokyo', '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'spacy', 'textual', 'trafilatura', 'numpy', 'thinc', 'lxml'})\n"
        "print('HEAVY', ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY"
