"""The footer rebuilds its keys only when the keys it shows change (not on every bindings
signal: three came before the first frame, one more with each focus change)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tests.tui.conftest import make_library, settle
from tui.app import make_app
from tui.widgets.key_footer import KeyFooter
from tui.widgets.query_input import QueryInput
from tui.widgets.results import ResultList


def _descriptions(footer: KeyFooter) -> list[str]:
    return [key.description for key in footer.query(FooterKey)]


async def test_footer_is_built_once_at_start_and_again_only_when_its_keys_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilt: list[list[str]] = []
    recompose = KeyFooter.recompose

    async def counting(self: KeyFooter) -> None:
        await recompose(self)
        rebuilt.append(_descriptions(self))

    monkeypatch.setattr(KeyFooter, "recompose", counting)
    lib = make_library(tmp_path / "footer.db")
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert len(rebuilt) == 1, "the footer's keys were built more than once at start"
        in_box = _descriptions(footer)
        assert "Help" not in in_box and "Palette" in " ".join(in_box).title()

        app.screen.refresh_bindings()  # a signal with nothing changed: no rebuild
        app.screen.refresh_bindings()
        await settle(pilot)
        assert len(rebuilt) == 1

        app.screen.query_one(ResultList).focus()  # the list's keys differ from the box's
        await settle(pilot)
        assert len(rebuilt) == 2
        assert "Help" in _descriptions(footer) and "Open" in _descriptions(footer)

        app.screen.query_one(QueryInput).focus()
        await settle(pilot)
        assert len(rebuilt) == 3 and _descriptions(footer) == in_box
    lib.close()


class _Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("a dialog")


async def test_footer_follows_focus_after_a_dialog_closed_before_its_check_ran(
    tmp_path: Path,
) -> None:
    """Opening a dialog signals the screen below; its footer's check is parked on the dialog,
    and Textual drops it when the dialog closes first (ctrl+p then escape in one read). Later
    signals must still reach the footer."""
    lib = make_library(tmp_path / "dialog.db")
    app = make_app(library=lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        screen.query_one(ResultList).focus()
        await settle(pilot)
        on_list = _descriptions(footer)
        dialog = _Dialog()
        app.push_screen(dialog)
        for _ in range(2000):
            await asyncio.sleep(0)
            if any(getattr(getattr(callback, "func", callback), "__name__", "")
                   == "_rebuild_if_changed" for callback, _pump in dialog._callbacks):
                break
        else:
            pytest.fail("the footer's check never reached the dialog")
        app.pop_screen()
        await settle(pilot)
        screen.query_one(QueryInput).focus()
        await settle(pilot)
        assert _descriptions(footer) != on_list and "Help" not in _descriptions(footer)
    lib.close()
