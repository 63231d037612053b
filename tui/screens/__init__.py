"""The registry of the app's numbered screens: adding a screen is one line in `SCREENS`.

Each entry names a module and a `Screen` class constructed as `cls(library)`. A module that
does not exist yet (a feature still being built) is skipped, so the app runs with what exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from core.library import Library


@dataclass(frozen=True)
class ScreenSpec:
    """One numbered screen: its key, mode name, title and `module:Class` to build it."""

    key: str
    name: str
    title: str
    target: str

    def load(self) -> Callable[[Library], Screen] | None:
        """The screen class, or None when its module is not there yet."""
        module_name, _, class_name = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        return getattr(module, class_name)  # type: ignore[no-any-return]


SCREENS: list[ScreenSpec] = [
    ScreenSpec("1", "search", "Search", "tui.screens.search:SearchScreen"),
    ScreenSpec("2", "reader", "Reader", "tui.screens.reader:ReaderScreen"),
    ScreenSpec("3", "people", "People & topics", "tui.screens.people:PeopleScreen"),
    ScreenSpec("4", "compare", "Compare", "tui.screens.compare:CompareScreen"),
    ScreenSpec("5", "notes", "Notes", "tui.screens.notes:NotesScreen"),
]
