"""A yes/no question as a modal: `push_screen(ConfirmScreen("Delete?"), callback)` -> bool."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from core.text import safe_display


class ConfirmScreen(ModalScreen[bool]):
    """Asks `question` (untrusted text is fine: shown literally); `y`/`enter` yes, `n`/`escape` no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("enter", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
        Binding("q", "answer(False)", "No", show=False),
    ]

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    #confirm-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $warning;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, question: str, *, detail: str = "", yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        lines = [Content.styled(safe_display(self.question), "bold")]
        if self.detail:
            lines.append(Content(safe_display(self.detail)))
        lines.append(Content.from_markup(
            "[dim]y / enter: $yes  ·  n / escape: cancel[/dim]", yes=safe_display(self.yes)
        ))
        with Vertical(id="confirm-box"):
            yield Static(Content("\n\n").join(lines), id="confirm-text")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
