"""The reader: one article's metadata on top, its clean body below, hits marked and jumpable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from core.articles import get_article
from core.errors import NewsdeskError
from core.library import Library
from core.models import Article
from core.text import safe_display
from tui.messages import CoreFailed
from tui.screens.reader_notes import NoteMarkingScreen
from tui.widgets.highlight import find_hits, terms_pattern
from tui.widgets.key_footer import KeyFooter
from tui.widgets.paged_text import Layout, PagedText
from tui.widgets.paragraphs import group_spans, split_paragraphs
from tui.widgets.preview import article_meta

EMPTY_HINT = "No article open. Press 1 to search, then enter on a result to read it here."


def build_layout(body: str, terms: list[str]) -> Layout:
    """Paragraphs of `body` with the hit spans of `terms` placed in them (runs in a worker)."""
    text = safe_display(body)
    paragraphs = split_paragraphs(text)
    spans = group_spans(paragraphs, find_hits(text, terms_pattern(terms)))
    hits = [(index, n) for index, group in enumerate(spans) for n in range(len(group))]
    return Layout(paragraphs, spans, hits)


class ReaderScreen(NoteMarkingScreen):
    """Reads one article. The app calls `show_article`; `escape` goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "paragraph(1)", "Next para"),
        Binding("k", "paragraph(-1)", "Prev para"),
        Binding("right_curly_bracket", "sentence(1)", "Next sentence", key_display="}"),
        Binding("left_curly_bracket", "sentence(-1)", "Prev sentence", key_display="{"),
        Binding("right_square_bracket", "hit(1)", "Next hit", key_display="]"),
        Binding("left_square_bracket", "hit(-1)", "Prev hit", key_display="["),
        Binding("greater_than_sign", "result(1)", "Next result", key_display=">"),
        Binding("less_than_sign", "result(-1)", "Prev result", key_display="<"),
        Binding("g", "edge(0)", "Top", show=False),
        Binding("G", "edge(1)", "Bottom", show=False),
    ]

    @dataclass
    class Loaded(Message):
        """The worker read the article and laid out its body."""

        article: Article
        layout: Layout
        terms: list[str] = field(default_factory=list)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.article: Article | None = None
        self.sequence: list[int] = []
        self.terms: list[str] = []
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Static(Content(EMPTY_HINT), id="reader-meta")
        yield Static(id="reader-status")
        yield PagedText(id="reader-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(PagedText).focus()

    def show_article(
        self, article_id: int, query: str = "", terms: list[str] | None = None,
        sequence: list[int] | None = None,
    ) -> None:
        """Load `article_id` and mark the words of `query` and `terms`."""
        from tui.widgets.highlight import query_terms

        self.query_text = query
        self.terms = [*(terms or []), *query_terms(query)]
        if sequence is not None:
            self.sequence = sequence
        self.load_article(article_id, self.terms)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader")
    def load_article(self, article_id: int, terms: list[str]) -> None:
        try:
            article = get_article(self.library, article_id)
        except NewsdeskError as exc:
            self.post_message(CoreFailed(exc.title, exc.message))
            return
        layout = build_layout(article.body, terms)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(article, layout, terms))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        self.article = message.article
        self.query_one("#reader-meta", Static).update(article_meta(message.article))
        await self.query_one(PagedText).load(message.layout, first_hit=True)
        self._update_status()

    def recount_sequence(self) -> None:
        """The results it steps through grew (the rest of them arrived after it opened)."""
        if self.article is not None:
            self._update_status()

    def on_screen_resume(self) -> None:
        self.recount_sequence()

    def _update_status(self) -> None:
        body = self.query_one(PagedText)
        parts = []
        if self.article is not None:
            parts.append(f"article {self.article.id}")
        if self.sequence and self.article is not None and self.article.id in self.sequence:
            parts.append(f"result {self.sequence.index(self.article.id) + 1} of {len(self.sequence)}")
        hits = body.layout_data.hits
        if hits:
            current = "" if body.current_hit is None else f"{body.current_hit + 1} of "
            parts.append(f"hit {current}{len(hits)}")
        elif self.terms:
            parts.append("no hits in the text")
        parts.append(f"paragraph {body.cursor + 1} of {len(body.layout_data.paragraphs)}")
        parts.extend(self.refresh_mark())
        self.query_one("#reader-status", Static).update(Content(" · ".join(parts)))

    async def action_paragraph(self, step: int) -> None:
        body = self.query_one(PagedText)
        self.clear_sentence()
        await body.move_cursor(body.cursor + step)
        self._update_status()

    async def action_sentence(self, step: int) -> None:
        await self.move_sentence(step)
        self._update_status()

    async def action_edge(self, end: int) -> None:
        body = self.query_one(PagedText)
        self.clear_sentence()
        await body.move_cursor(len(body.layout_data.paragraphs) - 1 if end else 0)
        self._update_status()

    async def action_hit(self, step: int) -> None:
        if not await self.query_one(PagedText).jump_hit(step):
            self.notify("No hits in this article.", markup=False, timeout=2)
        self._update_status()

    def action_result(self, step: int) -> None:
        if self.article is None or self.article.id not in self.sequence:
            self.notify("No other results to step through.", markup=False, timeout=2)
            return
        index = self.sequence.index(self.article.id) + step
        if not 0 <= index < len(self.sequence):
            self.notify("No more results that way.", markup=False, timeout=2)
            return
        self.load_article(self.sequence[index], self.terms)
