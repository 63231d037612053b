"""The note editor: a comment and tags for a passage, as a modal returning a `NoteDraft`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from core.text import one_line, safe_display

EXCERPT_CHARS = 240


@dataclass
class NoteDraft:
    """What the user typed: a comment and tags (core cleans both)."""

    comment: str
    tags: list[str] = field(default_factory=list)


def parse_tags(text: str) -> list[str]:
    """Tags from one line: split at commas when there are any (tags may hold spaces), else at
    whitespace; a leading '#' is optional."""
    parts = text.split(",") if "," in text else text.split()
    return [part.strip().lstrip("#").strip() for part in parts if part.strip().lstrip("#").strip()]


def format_tags(tags: list[str]) -> str:
    """Tags as the editor shows them, so that `parse_tags(format_tags(t)) == t`."""
    if any(re.search(r"\s", tag) for tag in tags):
        return ", ".join(tags)
    return " ".join(tags)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One display-safe line of at most `limit` characters."""
    line = one_line(safe_display(text))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class NoteDialog(ModalScreen[NoteDraft | None]):
    """Edit a comment and tags; `enter` saves, `escape` cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    NoteDialog {
        align: center middle;
    }
    #note-box {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    #note-heading {
        text-style: bold;
    }
    #note-quote {
        max-height: 4;
        color: $text-muted;
        margin-bottom: 1;
    }
    #note-box Input {
        margin: 0 0 1 0;
    }
    #note-box .note-label {
        color: $text-muted;
    }
    #note-hint {
        color: $text-muted;
    }
    """

    def __init__(
        self, heading: str, quote: str, *, comment: str = "", tags: list[str] | None = None
    ) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.initial_comment = comment
        self.initial_tags = list(tags or [])

    def compose(self) -> ComposeResult:
        quote = excerpt(self.quote) if self.quote else "(the whole article)"
        with Vertical(id="note-box"):
            yield Static(Content(safe_display(self.heading)), id="note-heading")
            yield Static(Content.assemble(("> ", "bold"), quote), id="note-quote")
            yield Static(Content("Comment"), classes="note-label")
            yield Input(self.initial_comment, placeholder="Comment (optional)", id="note-comment",
                        compact=True, select_on_focus=False)
            yield Static(Content("Tags"), classes="note-label")
            yield Input(format_tags(self.initial_tags),
                        placeholder="Tags: words, or comma-separated phrases", id="note-tags",
                        compact=True, select_on_focus=False)
            yield Static(Content("enter saves · tab next field · escape cancels"), id="note-hint")

    def on_mount(self) -> None:
        self.query_one("#note-comment", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        comment = self.query_one("#note-comment", Input).value
        tags = parse_tags(self.query_one("#note-tags", Input).value)
        self.dismiss(NoteDraft(comment, tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
