"""`newsdesk open --sample`: the sample corpus goes into an empty library once."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.articles import list_articles
from core.library import Library
from tui.cli import open_cmd


def test_sample_is_ingested_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(
            f"Article number {n}\n\nTOKYO -- Ministers met for talk number {n} about trade.\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(open_cmd, "sample_corpus_dir", lambda: corpus)
    monkeypatch.setattr(open_cmd, "nlp_available", lambda: False)
    with Library(tmp_path / "lib.db") as lib:
        open_cmd.ingest_sample(lib)
        ids = [a.id for a in list_articles(lib)]
        assert len(ids) == 3
        assert "3 added" in capsys.readouterr().err
        open_cmd.ingest_sample(lib)  # not empty any more: nothing happens
        assert [a.id for a in list_articles(lib)] == ids
        assert capsys.readouterr().err == ""


def test_open_on_an_unusable_library_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    folder = tmp_path / "adir.db"
    folder.mkdir()
    assert main(["--db", str(folder), "open"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: ") and err.count("\n") == 1


def test_the_app_starts_with_the_cyclic_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsdesk` builds the app with the collector off (about 100 passes, 25-35 ms, came
    before the first frame) and turns it back on however the app ends."""
    import gc

    import tui.app

    seen: list[tuple[bool, bool]] = []

    class FakeApp:
        def __init__(self, gc_paused: bool) -> None:
            self.gc_paused = gc_paused

        def run(self) -> None:
            seen.append((self.gc_paused, gc.isenabled()))
            raise RuntimeError("the app failed")

    monkeypatch.setattr(tui.app, "make_app", lambda library, gc_paused: FakeApp(gc_paused))
    assert gc.isenabled()
    from tui.cli import main

    with pytest.raises(RuntimeError):
        main(["--db", str(tmp_path / "lib.db")])
    assert seen == [(True, False)]
    assert gc.isenabled(), "the collector stays off after the app"
