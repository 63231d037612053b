"""The registry of the app's numbered screens: adding a screen is one line in `SCREENS`.

Each entry names a module and a `Screen` class constructed as `cls(library)`, imported when
the screen is first shown.
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

    def load(self) -> Callable[[Library], Screen]:
        """A factory for the screen.

        The module is imported only when the screen is first shown, so screens with heavy
        imports cost nothing at start-up.
        """
        module_name, _, class_name = self.target.partition(":")

        def build(library: Library) -> Screen:
            screen_class = getattr(importlib.import_module(module_name), class_name)
            return screen_class(library)  # type: ignore[no-any-return]

        return build


SCREENS: list[ScreenSpec] = [
    ScreenSpec("1", "search", "Search", "tui.screens.search:SearchScreen"),
    ScreenSpec("2", "reader", "Reader", "tui.screens.reader:ReaderScreen"),
    ScreenSpec("3", "people", "People & topics", "tui.screens.people:PeopleScreen"),
    ScreenSpec("4", "compare", "Compare", "tui.screens.compare:CompareScreen"),
    ScreenSpec("5", "notes", "Notes", "tui.screens.notes:NotesScreen"),
]
