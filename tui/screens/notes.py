"""The notes screen: every note newest first, a tag/text filter, selection, export, edit, delete."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from core.clipboard import citation_text
from core.errors import NewsdeskError
from core.library import Library
from core.notes import ANCHOR_OK, Note, delete_note, get_notes, list_notes, update_note
from core.text import one_line, safe_display
from tui.messages import CoreFailed, OpenArticle
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_dialog import NoteDialog, NoteDraft, excerpt
from tui.screens.reader_notes import copy_text
from tui.widgets.key_footer import KeyFooter

DEBOUNCE_S = 0.15
MAX_ROWS = 500
WIDE = 110  # at this width and more the full note is shown beside the list
PLACEHOLDER = "Filter: #tag and/or words (fuzzy over quote, comment, title, tags)"
SELECTED_MARK = "●"
ANCHOR_WORDS = {"moved": "quote moved", "missing": "quote no longer in article"}


@dataclass
class NoteFilter:
    """A filter line split into `#tags` (all must match) and free text (fuzzy)."""

    tags: list[str] = field(default_factory=list)
    text: str = ""

    @classmethod
    def parse(cls, line: str) -> NoteFilter:
        tags, words = [], []
        for token in line.split():
            if token.startswith("#") and token.strip("#"):
                tags.append(token.lstrip("#"))
            else:
                words.append(token)
        return cls(tags, " ".join(words))

    def query_info(self) -> dict[str, object]:
        return {"tags": self.tags, "query": self.text}


def find_notes(library: Library, line: str) -> list[Note]:
    """Notes matching a filter line, newest first (runs in a worker)."""
    wanted = NoteFilter.parse(line)
    notes = list_notes(library, tag=wanted.tags[0] if wanted.tags else None,
                       text=wanted.text or None)
    for tag in wanted.tags[1:]:
        key = tag.casefold()
        notes = [note for note in notes if any(t.casefold() == key for t in note.tags)]
    return notes


def note_row(note: Note, selected: bool) -> Content:
    """Two lines: mark, quote excerpt; then comment, tags, title and anchor state, dimmed."""
    quote = excerpt(note.quote, 160) if note.quote else "(whole article)"
    mark = (f"{SELECTED_MARK} ", "bold $accent") if selected else ("  ", "")
    details = [excerpt(note.comment, 80)] if note.comment else []
    if note.tags:
        details.append(" ".join("#" + one_line(safe_display(tag)) for tag in note.tags))
    details.append(excerpt(note.title, 80) or "(untitled)")
    first = Content.assemble(mark, (quote, "bold" if note.quote else "italic"))
    second = Content.assemble("  ", (" · ".join(details), "dim"))
    if note.anchor != ANCHOR_OK:
        second = second + Content.styled(f" · {ANCHOR_WORDS.get(note.anchor, note.anchor)}",
                                         "$warning")
    return first + Content("\n") + second


def note_detail(note: Note) -> Content:
    """The whole note for the side pane: quote, comment, tags, citation, state."""
    lines: list[Content] = [Content.styled(f"Note {note.id}", "bold")]
    if note.quote:
        lines += [Content(""), Content(safe_display(note.quote))]
    else:
        lines += [Content(""), Content.styled("(note on the whole article)", "italic")]
    if note.comment:
        lines += [Content(""), Content.styled(safe_display(note.comment), "bold")]
    if note.tags:
        lines.append(Content("Tags: " + ", ".join(one_line(safe_display(t)) for t in note.tags)))
    lines += [Content(""), Content.styled(safe_display(citation_text(note)), "dim")]
    if note.anchor != ANCHOR_OK:
        lines.append(Content.styled(ANCHOR_WORDS.get(note.anchor, note.anchor), "$warning"))
    if note.article_id is None:
        lines.append(Content.styled("the article is no longer in the library", "$warning"))
    lines.append(Content.styled(f"created {note.created_at}", "dim"))
    return Content("\n").join(lines)


def jump_term(quote: str) -> list[str]:
    """The quote's first line as a reader term, so the reader opens at the passage."""
    line = safe_display(quote).split("\n", 1)[0].strip().rstrip("*").strip()
    return [line[:200]] if line else []


class NotesScreen(Screen[None]):
    """Notes newest first; `space` selects, `e` exports, `enter` opens, `c` edits, `d` deletes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("space", "toggle_selected", "Select"),
        Binding("a", "select_all", "All"),
        Binding("e", "export", "Export"),
        Binding("o", "open", "Open"),
        Binding("c", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("y", "copy_citation", "Copy citation", show=False),
        Binding("j", "cursor(1)", "Next", show=False),
        Binding("k", "cursor(-1)", "Previous", show=False),
    ]

    DEFAULT_CSS = """
    #notes-filter {
        margin: 0;
        padding: 0 1;
    }
    #notes-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    #notes-panes {
        height: 1fr;
    }
    #notes-list {
        width: 1fr;
        height: 1fr;
        border: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #notes-detail {
        display: none;
        width: 45%;
        height: 1fr;
        padding: 0 1;
        border-left: vkey $panel;
    }
    NotesScreen.-wide #notes-detail {
        display: block;
    }
    """

    @dataclass
    class Loaded(Message):
        """The worker listed the notes for a filter line."""

        line: str
        notes: list[Note]

    @dataclass
    class Exported(Message):
        path: Path
        count: int

    @dataclass
    class Changed(Message):
        """A note was edited or deleted: say so and list again."""

        text: str
        deleted: int | None = None

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.notes: list[Note] = []
        self.selected: set[int] = set()
        self._loaded_once = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="notes-filter", compact=True)
        yield Static(id="notes-status")
        with Horizontal(id="notes-panes"):
            yield OptionList(id="notes-list")
            with VerticalScroll(id="notes-detail"):
                yield Static(id="notes-detail-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#notes-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    # -- state -----------------------------------------------------------------------------------

    @property
    def filter_line(self) -> str:
        return self.query_one("#notes-filter", Input).value

    @property
    def current(self) -> Note | None:
        index = self.query_one("#notes-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.notes):
            return None
        return self.notes[index]

    def reload(self, debounce: bool = False) -> None:
        self.load_notes(self.filter_line, debounce)

    def _show_rows(self) -> None:
        listing = self.query_one("#notes-list", OptionList)
        old = self.current
        listing.set_options(
            Option(note_row(note, note.id in self.selected), id=str(note.id)) for note in self.notes
        )
        ids = [note.id for note in self.notes]
        if old is not None and old.id in ids:
            listing.highlighted = ids.index(old.id)
        else:
            listing.highlighted = 0 if self.notes else None
        self._update_status()
        self._update_detail()

    def _update_status(self) -> None:
        shown = len(self.notes)
        parts = [f"{shown} note{'' if shown == 1 else 's'}"]
        if self.filter_line.strip():
            parts[0] += " match the filter"
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        if shown == MAX_ROWS:
            parts.append(f"showing the newest {MAX_ROWS}")
        if not shown and not self.filter_line.strip():
            parts = ["No notes yet. In the reader, v marks a passage and n adds a note."]
        self.query_one("#notes-status", Static).update(Content(" · ".join(parts)))

    def _update_detail(self) -> None:
        note = self.current
        detail = note_detail(note) if note is not None else Content("")
        self.query_one("#notes-detail-text", Static).update(detail)

    def _redraw(self, index: int) -> None:
        note = self.notes[index]
        listing = self.query_one("#notes-list", OptionList)
        listing.replace_option_prompt_at_index(index, note_row(note, note.id in self.selected))

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        box = self.query_one("#notes-filter", Input)
        self.set_focus(box)  # at once: keys typed behind the key reach the box (app.on_key)
        box.cursor_position = len(box.value)

    def action_cursor(self, step: int) -> None:
        listing = self.query_one("#notes-list", OptionList)
        listing.focus()
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_toggle_selected(self) -> None:
        note = self.current
        if note is None:
            return
        self.selected.symmetric_difference_update({note.id})
        self._redraw(self.notes.index(note))
        self._update_status()

    def action_select_all(self) -> None:
        shown = {note.id for note in self.notes}
        if shown <= self.selected:
            self.selected -= shown  # everything shown is selected already: a second `a` clears
        else:
            self.selected |= shown
        for index in range(len(self.notes)):
            self._redraw(index)
        self._update_status()

    def action_export(self) -> None:
        """Export the selected notes, or with none selected every note the filter matches
        (not only the rows shown, which stop at MAX_ROWS)."""
        if not self.selected and not self.notes:
            self.notify("No notes to export.", markup=False, timeout=3)
            return
        ids = sorted(self.selected) if self.selected else None
        self.export(ids, self.filter_line, NoteFilter.parse(self.filter_line).query_info())

    def action_open(self) -> None:
        note = self.current
        if note is None:
            return
        if note.article_id is None:
            self.notify("That article is no longer in the library.", markup=False, timeout=3)
            return
        self.post_message(OpenArticle(note.article_id, terms=jump_term(note.quote)))

    def action_edit(self) -> None:
        note = self.current
        if note is None:
            return

        def edited(draft: NoteDraft | None) -> None:
            if draft is not None:
                self.save_edit(note.id, draft)

        dialog = NoteDialog(f"Edit note {note.id}", note.quote, comment=note.comment,
                            tags=note.tags)
        self.app.push_screen(dialog, edited)

    def action_delete(self) -> None:
        note = self.current
        if note is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_note(note.id)

        what = excerpt(note.quote, 120) if note.quote else "(note on the whole article)"
        self.app.push_screen(ConfirmScreen(f"Delete note {note.id}?", detail=what, yes="delete"),
                             answered)

    def action_copy_citation(self) -> None:
        note = self.current
        if note is None:
            return
        copy_text(self.app, citation_text(note))
        self.notify("Citation copied to the clipboard.", markup=False, timeout=2)

    # -- events ----------------------------------------------------------------------------------

    @on(Input.Changed, "#notes-filter")
    def _filter_changed(self) -> None:
        self.reload(debounce=True)

    @on(Input.Submitted, "#notes-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#notes-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#notes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionHighlighted, "#notes-list")
    def _highlighted(self) -> None:
        self._update_detail()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.line != self.filter_line:
            return  # a newer filter is on its way
        self.notes = message.notes[:MAX_ROWS]
        self._show_rows()

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        noun = "note" if message.count == 1 else "notes"
        text = f"Exported {message.count} {noun} to {message.path}"
        self.notify(text, title="Export", markup=False, timeout=8)

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        if message.deleted is not None:
            self.selected.discard(message.deleted)
        self.notify(message.text, markup=False, timeout=3)
        self.reload()

    # -- workers: one core call each -------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes")
    def load_notes(self, line: str, debounce: bool = False) -> None:
        if debounce:
            time.sleep(DEBOUNCE_S)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        try:
            notes = find_notes(self.library, line)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(line, notes))

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-export")
    def export(
        self, note_ids: list[int] | None, line: str, query_info: dict[str, object]
    ) -> None:
        from core.export import export_notes

        try:
            notes = find_notes(self.library, line) if note_ids is None else get_notes(
                self.library, note_ids
            )
            path = export_notes(self.library, notes, query_info=query_info)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Exported(path, len(notes)))

    @work(thread=True, exit_on_error=False, group="notes-write")
    def save_edit(self, note_id: int, draft: NoteDraft) -> None:
        try:
            update_note(self.library, note_id, comment=draft.comment, tags=draft.tags)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Changed(f"Note {note_id} saved."))

    @work(thread=True, exit_on_error=False, group="notes-write")
    def remove_note(self, note_id: int) -> None:
        try:
            delete_note(self.library, note_id)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        self.post_message(self.Changed(f"Note {note_id} deleted.", deleted=note_id))
