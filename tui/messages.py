"""Messages that cross screens. Widget-owned messages live inside their widget."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Ask the app to show an article in the reader, with the query whose hits to mark.

    `sequence` is the list of article ids the reader can step through with next/previous
    (for example the current search results); it may be empty.
    """

    article_id: int
    query: str = ""
    terms: list[str] = field(default_factory=list)
    sequence: list[int] = field(default_factory=list)


@dataclass
class ResultsGrew(Message):
    """The rest of the search results arrived: a reader stepping through them (its
    `OpenArticle.sequence` is the results list's own) counts them again."""


@dataclass
class ShowScreen(Message):
    """Ask the app to switch to a registered screen by name ("search", "reader", ...)."""

    name: str


@dataclass
class CoreFailed(Message):
    """A core call in a worker raised a `NewsdeskError`: the app shows it as one notification."""

    title: str
    message: str
