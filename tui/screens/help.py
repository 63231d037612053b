"""`?`: the keys of the screen underneath, generated from its active bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def own_bindings(screen: Screen) -> list[tuple[str, Binding, DOMNode]]:
    """(key shown, binding, node) for each described key Newsdesk defines that is active on
    `screen`: the focused widget's, the screen's, then the app's. Textual's generic scrolling
    and focus keys are left out so the list stays about this app."""
    found: list[tuple[str, Binding, DOMNode]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.description or not active.enabled or not _ours(node, binding):
            continue
        shown = screen.app.get_key_display(binding) or key
        if (shown, binding.description) in seen:
            continue
        seen.add((shown, binding.description))
        found.append((shown, binding, node))
    return found


def palette_bindings(screen: Screen) -> list[tuple[str, Binding, DOMNode]]:
    """`own_bindings` plus the screen's and app's own keys even while a text box has focus
    (a focused `Input` hides printable keys such as `?` from the active bindings)."""
    found = own_bindings(screen)
    actions = {binding.action for _, binding, _ in found}
    for node in (screen, screen.app):
        for _key, binding in node._bindings:
            if binding.description and binding.action not in actions and _ours(node, binding):
                actions.add(binding.action)
                found.append((screen.app.get_key_display(binding), binding, node))
    return found


def _ours(node: DOMNode, binding: Binding) -> bool:
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tui."):
            continue
        for declared in cls.__dict__.get("BINDINGS", []):
            if isinstance(declared, Binding) and declared.action == binding.action:
                return True
    return False


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) rows for the help screen, plus the command palette key."""
    rows = [(shown, binding.description) for shown, binding, _ in own_bindings(screen)]
    return [*rows, ("^p", "Command palette: every action and screen")]


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
