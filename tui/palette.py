"""Command palette provider: jump to a person, organisation, place, topic or article by name.

People and topics come from the core fuzzy indexes (typos and word order forgiven); articles
from a prefix search of the library, ranked by how well the title matches what was typed.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from functools import partial
from typing import cast

from textual.app import App
from textual.command import Hit, Hits, Provider
from textual.content import Content

from core.errors import NewsdeskError
from core.library import Library
from core.text import one_line
from tui.messages import OpenArticle

ENTITY_KINDS = ("PERSON", "ORG", "GPE", "LOC")
ENTITY_LIMIT = 6
TOPIC_LIMIT = 3
ARTICLE_LIMIT = 5
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass
class Jump:
    """One palette result: what it is, its id, the text shown and a short plain description."""

    target: str  # "entity", "topic" or "article"
    item_id: int
    name: str
    detail: str
    score: float  # 0..1
    kind: str = ""


def article_query(text: str) -> str:
    """The typed words as prefix terms ("haya sharing" -> "haya* sharing*"); no syntax."""
    return " ".join(f"{word}*" for word in _WORD_RE.findall(text)[:8])


def find_jumps(library: Library, text: str) -> list[Jump]:
    """Everything the palette offers for `text`, best first (runs off the event loop).

    Its imports (rapidfuzz, the entity and topic indexes) load at the first palette search,
    not with the app: they would cost the first frame about 0.1 s.
    """
    from rapidfuzz import fuzz

    from core.entities import find_entities
    from core.search import search
    from core.topics import find_topics
    from tui.widgets.entity_page import KIND_LABELS, years_span

    text = one_line(text)
    if not text.strip():
        return []
    jumps: list[Jump] = []
    try:
        for hit in find_entities(library, text, ENTITY_KINDS, limit=ENTITY_LIMIT):
            years = years_span(hit.years)
            detail = f"{KIND_LABELS.get(hit.kind, hit.kind.lower())} · {hit.articles} articles"
            jumps.append(Jump("entity", hit.id, hit.name, detail + (f" · {years}" if years else ""),
                              min(hit.score, 100) / 100, hit.kind))
        for topic in find_topics(library, text, limit=TOPIC_LIMIT):
            jumps.append(Jump("topic", topic.id, topic.name, f"topic · {topic.articles} articles",
                              min(topic.score, 100) / 100 * 0.95, "TOPIC"))
        query = article_query(text)
        if query:
            for article in search(library, query, limit=ARTICLE_LIMIT).hits:
                quality = fuzz.WRatio(text.lower(), article.title.lower()) / 100
                detail = " · ".join(p for p in ("article", article.published or "",
                                                one_line(article.outlet)) if p)
                jumps.append(Jump("article", article.id, article.title, detail, quality * 0.9))
    except NewsdeskError:
        pass  # a half-typed name that cannot be looked up offers nothing rather than failing
    jumps.sort(key=lambda jump: -jump.score)
    return jumps


def _label(jump: Jump) -> Content:
    """The name as literal text (never markup) with its kind dimmed after it."""
    return Content.assemble(one_line(jump.name) or "(untitled)", ("  " + jump.detail, "dim"))


class NewsdeskCommands(Provider):
    """Jump to a person, topic or article: the people screen or the reader opens on it."""

    @property
    def library(self) -> Library:
        return cast(Library, self.app.library)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        jumps = await asyncio.to_thread(find_jumps, self.library, query)
        for jump in jumps:
            yield Hit(jump.score, _label(jump), partial(self._jump, jump),
                      text=one_line(jump.name))

    def _jump(self, jump: Jump) -> None:
        app = cast(App[object], self.app)
        if jump.target == "article":
            app.post_message(OpenArticle(jump.item_id))
            return
        from tui.screens.people import KIND_OF_ENTITY, open_entity

        open_entity(app, KIND_OF_ENTITY.get(jump.kind, "people"), jump.item_id, jump.name)
