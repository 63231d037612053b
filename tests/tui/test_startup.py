"""Start-up cost: what the app imports before its first frame, and the browse list's query plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.library import Library
from core.models import ParsedArticle
from core.store.articles import list_articles, upsert_article
from tui.cli import APP_MODULE, COMMAND_MODULES, QUICK_COMMANDS, command_modules, opens_app

ROOT = Path(__file__).resolve().parents[2]

# Heavy modules the first frame must not wait for: each belongs to another screen or command.
HEAVY = ("spacy", "numpy", "yaml", "rapidfuzz", "trafilatura", "lxml", "core.nlp",
         "core.compare", "core.entities", "core.export", "core.ingest", "tui.screens.people",
         "tui.screens.reader", "tui.screens.compare", "tui.screens.notes", "tui.cli.notes_cmd",
         "tui.cli.compare_cmd", "tui.cli.ingest_cmd")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return set(result.stdout.split())


def test_app_module_and_its_cli_path_import_nothing_heavy(tmp_path: Path) -> None:
    code = (
        "import argparse\n"
        "from tui.cli import APP_MODULE, build_parser, opens_app\n"
        "assert opens_app(['--db', 'x'])\n"
        "build_parser([APP_MODULE]).parse_args(['--db', 'x', 'open'])\n"
        "import tui.app\n"
        f"app = tui.app.make_app({str(tmp_path / 'lib.db')!r})\n"
    )
    loaded = _loaded_after(code)
    assert "textual" in loaded and "tui.app" in loaded  # the probe ran
    assert sorted(name for name in HEAVY if name in loaded) == []


@pytest.mark.parametrize(("argv", "expected"), [
    ([], True),
    (["--db", "lib.db"], True),
    (["--db=lib.db"], True),
    (["open"], True),
    (["--db", "lib.db", "open", "--sample"], True),
    (["search", "open"], False),
    (["--db", "lib.db", "stats"], False),
    (["--help"], False),
    (["open", "-h"], False),
    (["--db"], False),
    (["--bogus"], False),
])
def test_opens_app(argv: list[str], expected: bool) -> None:
    assert opens_app(argv) is expected


@pytest.mark.parametrize(("argv", "expected"), [
    (["search", "security"], [QUICK_COMMANDS["search"]]),
    (["--db", "lib.db", "search", "--json", "a b"], [QUICK_COMMANDS["search"]]),
    (["search", "--help"], COMMAND_MODULES),
    (["--db", "lib.db"], [APP_MODULE]),
    (["stats"], COMMAND_MODULES),
    (["serch", "x"], COMMAND_MODULES),  # a typo: the full parser lists the commands
])
def test_command_modules(argv: list[str], expected: list[str]) -> None:
    assert command_modules(argv) == expected


CLI = [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


def test_search_command_builds_only_its_own_parser(tmp_path: Path) -> None:
    """`newsdesk search` is a budget (0.2 s at 100k): no other command's module is loaded."""
    db = tmp_path / "lib.db"
    with Library(db) as lib, lib.store.write() as conn:
        upsert_article(conn, ParsedArticle(source="a", format="txt", title="Reactors",
                                           body="Small modular reactors."))
    code = ("import sys\nfrom tui.cli import main\n"
            f"assert main(['--db', {str(db)!r}, 'search', 'reactors']) == 0\n")
    loaded = _loaded_after(code)
    assert "tui.cli.search_cmd" in loaded
    assert sorted(name for name in (*HEAVY, *COMMAND_MODULES) if name in loaded
                  and name != QUICK_COMMANDS["search"]) == []


def test_help_still_lists_every_command() -> None:
    result = subprocess.run([*CLI, "--help"], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    for command in ("search", "ingest", "open", "show"):
        assert command in result.stdout


def test_open_without_db_value_is_argparse_error() -> None:
    result = subprocess.run([*CLI, "--db"], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    assert result.returncode == 2
    assert result.stderr.count("expected one argument") == 1


def _article(n: int, published: str | None) -> ParsedArticle:
    return ParsedArticle(source=f"/a/{n}.txt", format="txt", title=f"Article {n}", outlet="Wire",
                         byline="", published=published, date_precision="day" if published else "",
                         body=f"Body number {n} about trade.")


def test_newest_first_keeps_undated_last_and_reads_the_index(lib: Library) -> None:
    dates = ["2016-05-12", None, "2022-10-12", "2019-01-01", None, "2022-10-12"]
    with lib.store.write() as conn:
        ids = [upsert_article(conn, _article(n, d)).article_id for n, d in enumerate(dates)]
    statements: list[str] = []
    lib.store.conn.set_trace_callback(statements.append)
    got = [s.id for s in list_articles(lib.store.conn, 4, newest_first=True)]
    lib.store.conn.set_trace_callback(None)
    assert got == [ids[5], ids[2], ids[3], ids[0]]
    every = [s.id for s in list_articles(lib.store.conn, None, newest_first=True)]
    assert every[-2:] == [ids[4], ids[1]]
    (browse,) = [sql for sql in statements if "ORDER BY" in sql]
    plan = " ".join(str(row) for row in lib.store.conn.execute(f"EXPLAIN QUERY PLAN {browse}"))
    assert "TEMP B-TREE" not in plan.upper()


def test_oldest_first_puts_undated_last_and_reads_the_index(lib: Library) -> None:
    """Oldest first is two index walks (dated, then undated): sorting every row instead took
    3.6 s at 100k articles with a cold cache, and `open --sample` asked it of any library."""
    from core.store.articles import has_articles

    assert not has_articles(lib.store.conn)
    dates = ["2016-05-12", None, "2022-10-12", "2019-01-01", None, "2022-10-12"]
    with lib.store.write() as conn:
        ids = [upsert_article(conn, _article(n, d)).article_id for n, d in enumerate(dates)]
    assert has_articles(lib.store.conn)
    statements: list[str] = []
    lib.store.conn.set_trace_callback(statements.append)
    every = [s.id for s in list_articles(lib.store.conn)]
    lib.store.conn.set_trace_callback(None)
    assert every == [ids[0], ids[3], ids[2], ids[5], ids[1], ids[4]]
    for limit in range(len(ids) + 2):
        assert [s.id for s in list_articles(lib.store.conn, limit)] == every[:limit]
    walks = [sql for sql in statements if "ORDER BY" in sql]
    assert len(walks) == 2
    for walk in walks:
        plan = " ".join(str(row) for row in lib.store.conn.execute(f"EXPLAIN QUERY PLAN {walk}"))
        assert "TEMP B-TREE" not in plan.upper()
