"""Deterministic pictures of every screen at 80x24 and 120x40 (look at the SVG before updating).

The library is fixed: the conftest articles, their entities from the spaCy model, and one note
with a fixed creation time, so nothing in a picture depends on the clock or the machine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

import core.compare
import core.notes
from core.library import Library
from core.nlp import annotate_articles
from core.notes import add_note
from tests.core.test_nlp import spacy_model
from tests.tui.conftest import make_library, settle
from tui.app import make_app

__all__ = ["spacy_model"]

FIXED_TIME = "2024-03-01T09:30:00+00:00"


@pytest.fixture
def snap_lib(tmp_path: Path, spacy_model: str, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setattr(core.notes, "utc_now", lambda: FIXED_TIME)
    compare = core.compare.compare
    monkeypatch.setattr(core.compare, "compare",  # the timing shown would differ per run
                        lambda *args, **kwargs: replace(compare(*args, **kwargs), elapsed_ms=0.0))
    lib = make_library(tmp_path / "snap.db")
    annotate_articles(lib, model=spacy_model)
    add_note(lib, 1, quote="Officials said counter-terrorism information would be shared",
             comment="sharing, 2016", tags=["pact", "2016"])
    return lib


def _app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(library=make_library(tmp_path / "snap.db"))


def test_search_80x24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*"ministers", "enter")
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=search)


def test_reader_120x40(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def read(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*"counter-terrorism", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=read)


def test_help_80x24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def help_screen(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "question_mark")
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=help_screen)


def _keys(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


SCREENS = {
    "search": _keys(*"ministers", "enter"),
    "reader": _keys(*"counter-terrorism", "enter", "enter", "right_curly_bracket", "v",
                    "right_curly_bracket"),
    "people": _keys("down", "3"),
    "compare": _keys("down", "4"),
    "notes": _keys("down", "5"),
    "help": _keys("down", "2", "question_mark"),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen(  # type: ignore[no-untyped-def]
    snap_compare, snap_lib: Library, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(library=snap_lib), terminal_size=size,
                        run_before=SCREENS[screen])
