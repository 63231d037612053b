"""Marking passages in the reader and noting them: the reader's base class adds `v`, `n`, `y`.

A mark runs from the paragraph where `v` was pressed to the paragraph cursor, so the reader's
own movement keys (`j`/`k`, hits, top/bottom) extend it. The reader calls `refresh_mark()`
whenever its cursor or article changes; it returns words for the status line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from core.clipboard import citation_text, osc52
from core.errors import NewsdeskError
from core.notes import Note, add_note
from core.text import _UNSAFE_RE as UNSAFE_RE
from core.text import safe_display
from tui.messages import CoreFailed
from tui.screens.note_dialog import NoteDialog, NoteDraft
from tui.widgets.paged_text import PagedText

if TYPE_CHECKING:
    from core.library import Library
    from core.models import Article


def copy_text(app: App[object], text: str) -> None:
    """Put `text` on the clipboard with OSC 52; inside tmux also through its passthrough."""
    app.copy_to_clipboard(text)
    driver = getattr(app, "_driver", None)
    if driver is not None and os.environ.get("TMUX"):
        driver.write(osc52(text))


def body_offsets(body: str, start: int, end: int) -> tuple[int, int]:
    """Offsets into `safe_display(body)` as offsets into `body` (display drops some chars)."""
    removed = sorted(
        [m.start() for m in re.finditer(r"\r(?=\n)", body)]
        + [m.start() for m in UNSAFE_RE.finditer(body) if body[m.start()] != "\r"]
    )
    if not removed:
        return start, end

    def to_body(position: int) -> int:
        for dropped in removed:
            if dropped <= position:
                position += 1
            else:
                break
        return position

    return to_body(start), to_body(end - 1) + 1


@dataclass
class Passage:
    """What a note will quote: body offsets and text (offsets None when they do not line up)."""

    quote: str
    start: int | None
    end: int | None


class NoteMarkingScreen(Screen[None]):
    """Base of the reader: a paragraph mark, a note on it (or the whole article), citations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "mark", "Mark"),
        Binding("n", "note", "Note"),
        Binding("y", "copy_citation", "Copy citation", show=False),
    ]

    DEFAULT_CSS = """
    NoteMarkingScreen #reader-body .paragraph.-marked {
        background: $accent 25%;
    }
    """

    library: Library
    article: Article | None

    @dataclass
    class NoteSaved(Message):
        """The worker saved a note."""

        note: Note

    _mark_anchor: int | None = None
    _mark_article: int | None = None

    # -- the mark ----------------------------------------------------------------------------

    def mark_range(self) -> tuple[int, int] | None:
        """First and last marked paragraph, or None."""
        if self._mark_anchor is None:
            return None
        cursor = self.query_one(PagedText).cursor
        return min(self._mark_anchor, cursor), max(self._mark_anchor, cursor)

    def marked_passage(self) -> Passage | None:
        """The marked paragraphs as a passage of the article body, or None without a mark."""
        marked = self.mark_range()
        if marked is None or self.article is None:
            return None
        paragraphs = self.query_one(PagedText).layout_data.paragraphs
        if not paragraphs:
            return None
        first, last = paragraphs[marked[0]], paragraphs[min(marked[1], len(paragraphs) - 1)]
        shown = "\n\n".join(p.text for p in paragraphs[marked[0] : marked[1] + 1])
        body = self.article.body
        start, end = body_offsets(body, first.start, last.end)
        if safe_display(body[start:end]).split() == shown.split():
            return Passage(body[start:end], start, end)
        return Passage(shown, None, None)  # offsets do not line up: core finds it by text

    def refresh_mark(self) -> list[str]:
        """Show the mark on the mounted paragraphs; words for the status line."""
        article_id = self.article.id if self.article is not None else None
        if article_id != self._mark_article:
            self._mark_anchor = None
            self._mark_article = article_id
        body = self.query_one(PagedText)
        marked = self.mark_range()
        first = getattr(body, "_first", 0)
        for offset, view in enumerate(body.children):
            inside = marked is not None and marked[0] <= first + offset <= marked[1]
            view.set_class(inside, "-marked")
        if marked is None:
            return []
        count = marked[1] - marked[0] + 1
        return [f"marked {count} para{'' if count == 1 else 's'}"]

    def _status_changed(self) -> None:
        update = getattr(self, "_update_status", None)
        if callable(update):
            update()
        else:
            self.refresh_mark()

    def action_mark(self) -> None:
        """Start a mark at the paragraph cursor, or clear the mark."""
        if self.article is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        if self._mark_anchor is None:
            self._mark_anchor = self.query_one(PagedText).cursor
            self._mark_article = self.article.id
        else:
            self._mark_anchor = None
        self._status_changed()

    # -- notes and citations -----------------------------------------------------------------

    def action_note(self) -> None:
        """Note the marked passage, or the whole article when nothing is marked."""
        if self.article is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        passage = self.marked_passage()
        article_id = self.article.id
        heading = "Note on the marked passage" if passage else "Note on the whole article"

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self.save_note(article_id, passage, draft)

        self.app.push_screen(NoteDialog(heading, passage.quote if passage else ""), saved)

    @work(thread=True, exit_on_error=False, group="reader-notes")
    def save_note(self, article_id: int, passage: Passage | None, draft: NoteDraft) -> None:
        try:
            if passage is None:
                note = add_note(self.library, article_id, comment=draft.comment, tags=draft.tags)
            elif passage.start is not None:
                note = add_note(self.library, article_id, start=passage.start, end=passage.end,
                                comment=draft.comment, tags=draft.tags)
            else:
                note = add_note(self.library, article_id, quote=passage.quote,
                                comment=draft.comment, tags=draft.tags)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.NoteSaved(note))

    @on(NoteSaved)
    def _note_saved(self, message: NoteSaved) -> None:
        if self.article is not None and message.note.article_id == self.article.id:
            self._mark_anchor = None
            self._status_changed()
        self.notify(f"Note {message.note.id} saved. Press 5 for notes.", markup=False, timeout=3)

    def action_copy_citation(self) -> None:
        """Copy the open article's citation to the clipboard (OSC 52)."""
        if self.article is None:
            self.notify("Open an article first.", markup=False, timeout=2)
            return
        copy_text(self.app, citation_text(self.article))
        self.notify("Citation copied to the clipboard.", markup=False, timeout=2)
