"""Marking passages in the reader and noting them: the reader's base class adds `v`, `n`, `y`.

The cursor is a paragraph (`j`/`k`) or one sentence of it (`{`/`}`). A mark runs from what the
cursor covered when `v` was pressed to what it covers now, so every movement key extends it by
a sentence or a paragraph; the note keeps the exact character offsets of the marked text. The
reader calls `refresh_mark()` whenever its cursor or article changes; it returns status words.
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
from core.text import safe_display, unsafe_positions
from tui.messages import CoreFailed
from tui.screens.note_dialog import NoteDialog, NoteDraft
from tui.widgets.paged_text import PagedText
from tui.widgets.paragraphs import split_sentences

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
        + unsafe_positions(body)
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
    """Base of the reader: a sentence cursor, a mark, a note on it (or the article), citations."""

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

    _mark_anchor: tuple[int, int] | None = None  # text span where `v` was pressed
    _mark_whole: bool = True  # the anchor was a whole paragraph
    _mark_article: int | None = None
    _sentence_at: tuple[int, int] | None = None  # (paragraph, sentence) of the sentence cursor

    # -- the cursor: a paragraph, or one sentence of it -------------------------------------

    def sentence_spans(self, index: int) -> list[tuple[int, int]]:
        """Sentence spans of paragraph `index`, as offsets into the displayed text."""
        paragraphs = self.query_one(PagedText).layout_data.paragraphs
        if not 0 <= index < len(paragraphs):
            return []
        paragraph = paragraphs[index]
        return [(paragraph.start + a, paragraph.start + b)
                for a, b in split_sentences(paragraph.text)]

    def current_sentence(self) -> tuple[int, int] | None:
        """The sentence under the cursor, or None when the cursor is a whole paragraph."""
        cursor = self.query_one(PagedText).cursor
        if self._sentence_at is None or self._sentence_at[0] != cursor:
            return None
        spans = self.sentence_spans(cursor)
        return spans[self._sentence_at[1]] if self._sentence_at[1] < len(spans) else None

    def cursor_span(self) -> tuple[int, int] | None:
        """What the cursor covers, as displayed-text offsets: its sentence or paragraph."""
        body = self.query_one(PagedText)
        paragraphs = body.layout_data.paragraphs
        if not paragraphs:
            return None
        sentence = self.current_sentence()
        if sentence is not None:
            return sentence
        paragraph = paragraphs[min(body.cursor, len(paragraphs) - 1)]
        return paragraph.start, paragraph.end

    async def move_sentence(self, step: int) -> None:
        """Put the cursor on the next (`step=1`) or previous (`-1`) sentence, across paragraphs."""
        body = self.query_one(PagedText)
        total = len(body.layout_data.paragraphs)
        if not total:
            return
        paragraph = body.cursor
        count = len(self.sentence_spans(paragraph))
        if self.current_sentence() is None:  # from a whole paragraph to its first/last sentence
            index = 0 if step > 0 else count - 1
        else:
            assert self._sentence_at is not None
            index = self._sentence_at[1] + step
        while not 0 <= index < count:
            paragraph += 1 if index >= count else -1
            if not 0 <= paragraph < total:
                return  # already at the first or last sentence
            count = len(self.sentence_spans(paragraph))
            index = 0 if step > 0 else count - 1
        if paragraph != body.cursor:
            await body.move_cursor(paragraph)
        self._sentence_at = (paragraph, index)

    def clear_sentence(self) -> None:
        """Back to whole-paragraph movement (`j`/`k`)."""
        self._sentence_at = None

    # -- the mark ----------------------------------------------------------------------------

    def mark_range(self) -> tuple[int, int] | None:
        """The marked span of the displayed text (anchor to cursor, both included), or None."""
        if self._mark_anchor is None:
            return None
        cursor = self.cursor_span()
        if cursor is None:
            return None
        return min(self._mark_anchor[0], cursor[0]), max(self._mark_anchor[1], cursor[1])

    def marked_passage(self) -> Passage | None:
        """The marked text as a passage of the article body, or None without a mark."""
        marked = self.mark_range()
        if marked is None or self.article is None:
            return None
        body_widget = self.query_one(PagedText)
        paragraphs = body_widget.layout_data.paragraphs
        pieces = [
            p.text[max(marked[0], p.start) - p.start : min(marked[1], p.end) - p.start]
            for p in (paragraphs[i] for i in body_widget.paragraphs_of(marked))
        ]
        if not pieces:
            return None
        shown = "\n\n".join(pieces)
        body = self.article.body
        start, end = body_offsets(body, *marked)
        if safe_display(body[start:end]).split() == shown.split():
            return Passage(body[start:end], start, end)
        return Passage(shown, None, None)  # offsets do not line up: core finds it by text

    def refresh_mark(self) -> list[str]:
        """Show the sentence cursor and the mark; words for the status line."""
        article_id = self.article.id if self.article is not None else None
        if article_id != self._mark_article:
            self._mark_anchor = None
            self._sentence_at = None
            self._mark_article = article_id
        body = self.query_one(PagedText)
        marked = self.mark_range()
        sentence = self.current_sentence()
        body.set_spans(sentence=sentence, mark=marked)
        whole = set(body.paragraphs_of(marked))
        paragraphs = body.layout_data.paragraphs
        first = getattr(body, "_first", 0)
        for offset, view in enumerate(body.children):
            index = first + offset
            inside = (index in whole and index < len(paragraphs)
                      and marked is not None and marked[0] <= paragraphs[index].start
                      and paragraphs[index].end <= marked[1])
            view.set_class(inside, "-marked")
        words = []
        if sentence is not None:
            spans = self.sentence_spans(body.cursor)
            words.append(f"sentence {spans.index(sentence) + 1} of {len(spans)}")
        if marked is None:
            return words
        if self._mark_whole and sentence is None:
            count = len(whole)
            return [*words, f"marked {count} para{'' if count == 1 else 's'}"]
        count = sum(1 for i in whole for a, b in self.sentence_spans(i)
                    if a < marked[1] and b > marked[0])
        return [*words, f"marked {count} sentence{'' if count == 1 else 's'}"]

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
            self._mark_anchor = self.cursor_span()
            self._mark_whole = self.current_sentence() is None
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
