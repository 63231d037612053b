"""`?`: the keys of the screen underneath, generated from its active bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every described binding active on `screen`, app keys included."""
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not description:
            continue
        shown = screen.app.get_key_display(binding)
        if (shown, description) in seen:
            continue
        seen.add((shown, description))
        rows.append((shown or key, description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists keys; any of escape, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.rows), default=1)
        lines = [Content.styled(f"Keys: {self.title_text}", "bold"), Content("")]
        lines += [
            Content.assemble((key.ljust(width), "bold"), "  ", description)
            for key, description in self.rows
        ]
        lines += [Content(""), Content.styled("escape closes · ctrl+p finds any command", "dim")]
        with VerticalScroll(id="help-box"):
            yield Static(Content("\n").join(lines), id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
