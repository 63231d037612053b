"""The ugly corpus through ingest and the CLI: a clear failure or a clean article, never a leak."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core import maintenance
from core.ingest import ingest_paths
from core.library import Library
from core.models import IngestReport
from tests.ugly import (
    BIDI_CHARS,
    CONTROL_CHARS,
    UGLY_CASES,
    UglyCase,
    restore_permissions,
    write_ugly_corpus,
)
from tui.cli import main

TEXT_FIELDS = ("title", "outlet", "byline", "dateline", "body", "comments", "language", "url")
# Anything that could drive a terminal: C0 but tab/newline, DEL, C1, bidi controls.
UNSAFE_RE = re.compile("[" + re.escape("".join(c for c in CONTROL_CHARS if c not in "\t\n")
                                       + "".join(BIDI_CHARS)) + "]")


@dataclass
class Ingested:
    folder: Path
    db: Path
    report: IngestReport
    rows: dict[str, dict[str, object]]  # file name -> stored article


def _ingest_corpus(root: Path, *, include_huge: bool) -> Ingested:
    folder = root / "corpus"
    write_ugly_corpus(folder, include_huge=include_huge)
    db = root / "library.db"
    with Library(db) as lib:
        report = ingest_paths(lib, [folder], nlp=False)
        columns = ["id", "source", "encoding_flagged", *TEXT_FIELDS]
        rows = {
            Path(row[1]).name: dict(zip(columns, row, strict=True))
            for row in lib.store.query(f"SELECT {', '.join(columns)} FROM articles")
        }
    return Ingested(folder, db, report, rows)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    data = _ingest_corpus(tmp_path_factory.mktemp("ugly"), include_huge=True)
    yield data
    restore_permissions(data.folder)


@pytest.fixture(scope="module")
def ingested_small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    """The corpus without the 5 MB article (a search hitting it takes ~30 s: see below)."""
    data = _ingest_corpus(tmp_path_factory.mktemp("ugly-small"), include_huge=False)
    yield data
    restore_permissions(data.folder)


def _outcome(data: Ingested, case: UglyCase) -> str:
    failed = {Path(f.path).name for f in data.report.failed}
    skipped = {Path(p).name for p in data.report.skipped_paths}
    if case.name in data.rows:
        return "flagged" if data.rows[case.name]["encoding_flagged"] else "article"
    if case.name in failed:
        return "failed"
    if case.name in skipped:
        return "skipped"
    return "missing"


@pytest.mark.parametrize("case", UGLY_CASES, ids=[c.name.encode("unicode_escape").decode() for c in UGLY_CASES])
def test_each_ugly_case(ingested: Ingested, case: UglyCase, request: pytest.FixtureRequest) -> None:
    if case.needs_non_root and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    if case.known_issue:
        request.applymarker(pytest.mark.xfail(reason=case.known_issue, strict=False))
    outcome = _outcome(ingested, case)
    assert outcome == case.expect, f"{case.name!r}: {case.note}"
    if outcome in ("article", "flagged"):
        row = ingested.rows[case.name]
        text = f"{row['title']}\n{row['body']}"
        for piece in case.present:
            assert piece in text, f"{piece!r} lost from {case.name!r}"
        stored = "\n".join(str(row[name]) for name in TEXT_FIELDS)
        for piece in case.absent:
            assert piece not in stored, f"{piece!r} stored from {case.name!r}"
    else:
        assert case.name not in ingested.rows  # no partial row


def test_no_control_or_bidi_characters_stored(ingested: Ingested) -> None:
    assert ingested.rows
    for name, row in ingested.rows.items():
        for field in TEXT_FIELDS:
            found = UNSAFE_RE.search(str(row[field]))
            assert found is None, f"{name!r}.{field} holds {found.group()!r}"


def test_failure_reasons_are_one_clean_line(ingested: Ingested) -> None:
    assert ingested.report.failed
    for failure in ingested.report.failed:
        assert failure.reason and "\n" not in failure.reason and len(failure.reason) < 200
        assert UNSAFE_RE.search(failure.reason) is None
        assert "Traceback" not in failure.reason


def test_library_is_sound_after_the_ugly_corpus(ingested: Ingested) -> None:
    with Library(ingested.db) as lib:
        report = maintenance.check(lib)
    assert report.ok, report.problems()
    assert report.counts["articles"] == len(ingested.rows)


def test_reingest_is_unchanged(ingested: Ingested, tmp_path: Path) -> None:
    """A second run over the same files stores nothing new and fails the same files."""
    copy = tmp_path / "copy.db"
    with Library(ingested.db) as lib:
        maintenance.backup(lib, copy)
    with Library(copy) as lib:
        again = ingest_paths(lib, [ingested.folder], nlp=False)
        count = lib.store.query("SELECT count(*) FROM articles")[0][0]
    assert again.added == 0
    assert count == len(ingested.rows)
    assert sorted(f.path for f in again.failed) == sorted(f.path for f in ingested.report.failed)


def _assert_terminal_safe(text: str, what: str) -> None:
    found = UNSAFE_RE.search(text)
    assert found is None, f"{what} wrote {found.group()!r} near {text[max(0, found.start() - 40):found.end() + 40]!r}"


def test_cli_output_never_carries_escape_bytes(
    ingested_small: Ingested, capsys: pytest.CaptureFixture[str]
) -> None:
    ingested = ingested_small
    db = str(ingested.db)
    commands: list[list[str]] = [["articles"], ["articles", "--json"], ["stats"], ["check"]]
    for row in ingested.rows.values():
        commands += [["show", str(row["id"])], ["show", str(row["id"]), "--json"]]
        title = str(row["title"])
        body_words = str(row["body"]).split()[:6]
        commands += [["search", title], ["search", " ".join(body_words)],
                     ["search", "--json", title], ["search", "--raw", title]]
    for case in UGLY_CASES:  # the hostile text itself, as queries
        commands.append(["search", case.name])
    commands += [["search", "\x1b[31m OR \x9b2J \u202e [@click=app.quit]x[/]"]]
    for command in commands:
        code = main(["--db", db, *command])
        captured = capsys.readouterr()
        assert code in (0, 1), command
        _assert_terminal_safe(captured.out, f"newsdesk {command!r} (stdout)")
        _assert_terminal_safe(captured.err, f"newsdesk {command!r} (stderr)")


def test_cli_ingest_messages_never_carry_escape_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    write_ugly_corpus(folder, include_huge=False)
    try:
        code = main(["--db", str(tmp_path / "lib.db"), "ingest", str(folder), "--no-nlp"])
    finally:
        restore_permissions(folder)
    captured = capsys.readouterr()
    assert code in (0, 1)
    assert "evil.example" in captured.out + captured.err  # the failing file was named
    _assert_terminal_safe(captured.out, "newsdesk ingest (stdout)")
    _assert_terminal_safe(captured.err, "newsdesk ingest (stderr)")


def test_corpus_has_every_kind_of_case() -> None:
    kinds = {case.expect for case in UGLY_CASES}
    assert kinds == {"article", "flagged", "failed", "skipped"}
    assert len({case.name for case in UGLY_CASES}) == len(UGLY_CASES)


def test_search_hitting_the_5mb_article_is_prompt(ingested: Ingested) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    script = (f"import sys; sys.path.insert(0, {str(root)!r}); from tui.cli import main; "
              "sys.exit(main(sys.argv[1:]))")
    try:
        result = subprocess.run(
            [sys.executable, "-c", script, "--db", str(ingested.db), "show", "1"],
            capture_output=True, timeout=30,
        )
        assert result.returncode in (0, 1)
        result = subprocess.run(
            [sys.executable, "-c", script, "--db", str(ingested.db), "search", "liquefied"],
            capture_output=True, timeout=8,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("newsdesk search took more than 8 s on a library with a 5 MB article")
    assert result.returncode == 0
