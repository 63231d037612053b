"""Pick a saved or recent search: `push_screen(SearchPicker(saved, recent), callback)`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.text import one_line, safe_display


class SearchPicker(ModalScreen[str | None]):
    """Saved searches (by name) then recent ones; `enter` returns the query, `escape` None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    DEFAULT_CSS = """
    SearchPicker { align: center middle; }
    #picker-box { width: 72; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; padding: 0 1; background: $surface; }
    #picker-list { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, saved: list[tuple[str, str]], recent: list[str]) -> None:
        super().__init__()
        self.saved = saved
        self.recent = recent

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for number, (name, query) in enumerate(self.saved):
            label = Content.assemble(
                ("saved  ", "dim"), (one_line(safe_display(name)), "bold"), "  ",
                one_line(safe_display(query)),
            )
            options.append(Option(label, id=f"q{number}"))
        if self.saved and self.recent:
            options.append(None)
        for number, query in enumerate(self.recent, start=len(self.saved)):
            label = Content.assemble(("recent ", "dim"), one_line(safe_display(query)))
            options.append(Option(label, id=f"q{number}"))
        with Vertical(id="picker-box"):
            yield Static(Content.styled("Saved and recent searches", "bold"))
            if options:
                yield OptionList(*options, id="picker-list")
            else:
                yield Static(Content("No saved or recent searches yet."))
            yield Static(Content.styled("enter: search  ·  escape: cancel", "dim"))

    def on_mount(self) -> None:
        for option_list in self.query(OptionList):
            option_list.focus()

    def queries(self) -> list[str]:
        """The query behind each option, in the list's order (separators skipped)."""
        return [query for _, query in self.saved] + list(self.recent)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.queries()[int((event.option.id or "q0")[1:])])

    def action_cursor(self, step: int) -> None:
        for option_list in self.query(OptionList):
            if step > 0:
                option_list.action_cursor_down()
            else:
                option_list.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
