"""The preview pane: metadata of the selected article on top, then its body with hits marked."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from core.models import Article
from core.text import one_line, safe_display
from tui.widgets.highlight import find_hits, highlighted, terms_pattern

PREVIEW_CHARS = 6000  # the preview shows part of the body; the reader shows it all
MIN_PREVIEW_CHARS = 1500
# Characters per cell of the pane kept in the preview: twice what fits, so a wheel scroll still
# finds text, without wrapping 6,000 characters on every keystroke's first hit (about half the
# app's CPU per search on an 80-100 column terminal, measured with pyinstrument).
PREVIEW_FILL = 2
LEAD_CHARS = 400  # a first hit further in than this starts the preview at its paragraph


def article_meta(article: Article) -> Content:
    """Title in bold, then outlet, byline, date, dateline and source: all literal text."""
    parts = [
        one_line(article.outlet),
        one_line(article.byline),
        article.published or "",
        one_line(article.dateline),
    ]
    meta = " · ".join(part for part in parts if part)
    lines = [
        Content.styled(one_line(article.title) or "(untitled)", "bold"),
        Content.styled(meta, "dim") if meta else Content(""),
        Content.styled(one_line(article.url or article.source), "dim italic"),
    ]
    return Content("\n").join(lines)


class ArticlePreview(VerticalScroll):
    """Shows one article (or a hint); the screen hands it the article and the hit terms."""

    can_focus = False

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="preview-meta")
        yield Static(id="preview-body")

    def show_article(self, article: Article | None, terms: list[str]) -> None:
        """Render `article` with every occurrence of `terms` highlighted."""
        meta = self.query_one("#preview-meta", Static)
        body = self.query_one("#preview-body", Static)
        if article is None:
            meta.update("")
            body.update(Content(""))
            return
        text = safe_display(article.body)
        pattern = terms_pattern(terms)
        first = pattern.search(text) if pattern else None
        skipped = False
        if first is not None and first.start() > LEAD_CHARS:
            # start at the paragraph of the first hit so the reason it matched is in view
            start = text.rfind("\n\n", 0, first.start())
            start = start + 2 if start >= 0 else first.start()
            if start > LEAD_CHARS:
                text, skipped = text[start:], True
        keep = self.preview_chars()
        clipped = len(text) > keep
        text = text[:keep]
        content = highlighted(text, find_hits(text, pattern))
        if skipped:
            content = Content.styled("… ", "dim").append(content)
        if clipped:
            content = content.append(Content.styled("\n… (enter opens the whole article)", "dim"))
        meta.update(article_meta(article))
        body.update(content)
        self.scroll_home(animate=False)

    def preview_chars(self) -> int:
        """How much of the body to show: about twice what the pane holds, within bounds."""
        width, height = self.size
        if not width or not height:
            return PREVIEW_CHARS
        return max(MIN_PREVIEW_CHARS, min(PREVIEW_CHARS, width * height * PREVIEW_FILL))

    def show_message(self, text: str) -> None:
        self.query_one("#preview-meta", Static).update(Content(text))
        self.query_one("#preview-body", Static).update(Content(""))
