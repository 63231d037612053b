"""The preview pane: metadata of the selected article on top, then its body with hits marked."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from core.models import Article
from core.text import one_line, safe_display
from tui.widgets.highlight import find_hits, highlighted, terms_pattern

PREVIEW_CHARS = 6000  # the preview shows the start of the body; the reader shows it all


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
        clipped = len(text) > PREVIEW_CHARS
        text = text[:PREVIEW_CHARS]
        content = highlighted(text, find_hits(text, terms_pattern(terms)))
        if clipped:
            content = content.append(Content.styled("\n… (enter opens the whole article)", "dim"))
        meta.update(article_meta(article))
        body.update(content)
        self.scroll_home(animate=False)

    def show_message(self, text: str) -> None:
        self.query_one("#preview-meta", Static).update(Content(text))
        self.query_one("#preview-body", Static).update(Content(""))
