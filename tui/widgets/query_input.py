"""The search box: an `Input` whose up/down arrows walk back through recent searches."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class QueryInput(Input):
    """`history` (newest first) is set by the screen; up recalls older, down newer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "recall(1)", "Older search", show=False),
        Binding("down", "recall(-1)", "Newer search", show=False),
    ]

    # Input sets its virtual size (the text's width) on every keystroke, and Widget declares it
    # with layout=True: a reflow and repaint of the whole screen per key (20-30 ms at 100x30
    # with 100k articles). The box is one line whatever it holds, so a repaint is enough; the
    # horizontal scroll reads the size directly.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = -1

    def set_history(self, history: list[str]) -> None:
        self.history = history
        self._position = -1

    def action_recall(self, step: int) -> None:
        """Replace the text with an older (step 1) or newer (-1) search; down past the newest
        leaves the box and moves to the results."""
        position = self._position + step
        if position < -1:
            self.screen.focus_next()
            return
        if position >= len(self.history):
            self.app.bell()
            return
        self._position = position
        self.value = "" if position == -1 else self.history[position]
        self.cursor_position = len(self.value)
