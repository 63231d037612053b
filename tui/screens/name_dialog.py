"""Ask for one line of text as a modal: `push_screen(NameDialog("Merge into?"), callback)`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from core.text import safe_display


class NameDialog(ModalScreen[str | None]):
    """Shows `question` literally; `enter` returns the typed text, `escape` returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    DEFAULT_CSS = """
    NameDialog { align: center middle; }
    #name-box { width: 60; max-width: 100%; height: auto; border: round $accent;
        padding: 0 1; background: $surface; }
    #name-input { margin-top: 1; }
    """

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Content.styled(safe_display(self.question), "bold"))
            yield Input(placeholder=safe_display(self.placeholder), id="name-input")
            yield Static(Content.styled("enter: choose  ·  escape: cancel", "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#name-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
