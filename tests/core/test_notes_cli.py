"""`newsdesk notes ...` and `newsdesk export` through main(): output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.library import Library
from core.models import ParsedArticle
from core.store.articles import upsert_article
from tui.cli import main

BODY = "Officials met in Tokyo.\n\nThe two sides agreed to share intelligence on missiles."


@pytest.fixture
def article_id(db_path: Path) -> int:
    parsed = ParsedArticle(source="/c/a.txt", format="txt", body=BODY,
                           title="Pact \x1b[31m[b]signed[/b]", outlet="NHK",
                           published="2022-01-06")
    with Library(db_path) as lib, lib.store.write() as conn:
        return upsert_article(conn, parsed).article_id


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_add_list_edit_delete(db_path: Path, article_id: int,
                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "notes", "add", str(article_id), "--quote", "share intelligence",
               "--comment", "key", "--tag", "pact", "--tag", "intel") == 0
    assert capsys.readouterr().out.strip() == f"note 1 added to article {article_id}"
    assert run(db_path, "notes", "list") == 0
    out = capsys.readouterr().out
    assert "share intelligence" in out and "tags: intel, pact" in out and "\x1b" not in out
    assert run(db_path, "notes", "list", "--tag", "pact", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [n["id"] for n in data] == [1] and data[0]["comment"] == "key"
    assert run(db_path, "notes", "list", "--search", "inteligence") == 0  # fuzzy
    assert "share intelligence" in capsys.readouterr().out
    assert run(db_path, "notes", "edit", "1", "--comment", "changed", "--tag", "x") == 0
    capsys.readouterr()
    assert run(db_path, "notes", "list", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["comment"] == "changed" and data[0]["tags"] == ["x"]
    assert run(db_path, "notes", "tags") == 0
    assert capsys.readouterr().out.split() == ["1", "x"]
    assert run(db_path, "notes", "delete", "1") == 0
    capsys.readouterr()
    assert run(db_path, "notes") == 0
    assert capsys.readouterr().out.strip() == "no notes"


def test_errors_are_one_line(db_path: Path, article_id: int,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "notes", "add", str(article_id), "--quote", "not there") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in the article" in err
    assert run(db_path, "notes", "add", "999", "--quote", "x") == 1
    assert "no article with id 999" in capsys.readouterr().err
    assert run(db_path, "notes", "delete", "5") == 1
    assert "no note with id 5" in capsys.readouterr().err
    assert run(db_path, "notes", "edit", "5") == 2
    assert run(db_path, "notes", "list", "--since", "last week") == 1
    assert "not a date" in capsys.readouterr().err


def test_export_command(db_path: Path, article_id: int, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "export", "-o", str(tmp_path / "out.md")) == 1
    assert "nothing exported" in capsys.readouterr().err
    run(db_path, "notes", "add", str(article_id), "--quote", "Officials met", "--tag", "a")
    run(db_path, "notes", "add", str(article_id), "--quote", "share intelligence", "--tag", "b")
    capsys.readouterr()
    target = tmp_path / "out.md"
    assert run(db_path, "export", "--tag", "a", "-o", str(target)) == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    text = target.read_text()
    assert "> Officials met" in text and "share intelligence" not in text
    assert "tags:\n- a\n" in text
    assert run(db_path, "export", "--tag", "a", "--tag", "b", "--by", "tag",
               "-o", str(target)) == 0
    second = Path(capsys.readouterr().out.strip())
    assert second.name == "out-2.md" and "## a" in second.read_text()
    assert run(db_path, "export", "--article", str(article_id), "-o", str(target),
               "--force") == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    assert "share intelligence" in target.read_text()
    assert run(db_path, "export", "--tag", "nope") == 1
    assert capsys.readouterr().err.count("\n") == 1
    # Default folder: the documents folder, name from the title.
    assert run(db_path, "export", "--title", "../Weekly/report") == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.name == "Weekly-report.md" and written.parent.name == "newsdesk"
