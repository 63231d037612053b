"""Deterministic pictures of the screens at 80x24 and 120x40 (look at the SVG before updating)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.conftest import make_library, settle
from tui.app import make_app


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
