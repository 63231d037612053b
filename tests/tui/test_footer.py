"""The footer rebuilds its keys only when the keys it shows change (not on every bindings
signal: three came before the first frame, one more with each focus change)."""

from __future__ import annotations

from pathlib import Path

import pytest
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
