"""`newsdesk ingest`: summary, failures, flagged encodings and exit codes through tui.cli.main."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture
def corpus(articles_dir: Path) -> Path:
    for name in ("forum_shape.txt", "wire_shape.txt", "briefing.md"):
        shutil.copy(FIXTURES / name, articles_dir / name)
    return articles_dir


def test_ingest_ok(corpus: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "ingest", str(corpus), "--no-nlp"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("3 added, 0 updated, 0 unchanged, 0 skipped, 0 failed")
    assert err == ""
    assert main(["ingest", "--db", str(db_path), str(corpus), "--no-nlp"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("0 added, 0 updated, 3 unchanged")


def test_ingest_failure_exit_1(
    corpus: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "image.txt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (corpus / "legacy.txt").write_bytes("Caf\xe9 news\n\nA story about caf\xe9s.".encode("latin-1"))
    code = main(["--db", str(db_path), "ingest", str(corpus), "--no-nlp", "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{(corpus / 'image.txt').resolve()}: binary file (a JPEG image), not text" in err
    assert "legacy encoding" in out and "legacy.txt" in out
    assert "4 added" in out and "1 failed" in out
    assert "Traceback" not in err


def test_missing_path_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "ingest", str(tmp_path / "nowhere"), "--no-nlp"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.strip() == f"newsdesk: {tmp_path / 'nowhere'}: no such file or folder"


def test_bad_jobs_value(db_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "ingest", str(corpus), "--jobs", "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_progress_bar_only_on_tty() -> None:
    import io

    from core.models import Progress
    from tui.cli.common import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(Progress(5, 10, "/x/evil\x1b[31m.txt"))
    bar(Progress(10, 10, "/x/b.txt"))
    bar.finish()
    text = stream.getvalue()
    assert "[#####-----] 5/10" in text and "[##########] 10/10" in text
    assert "\x1b" not in text
