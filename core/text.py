"""Text normalisation shared by ingest, display and notes: NFC, LF, no control characters."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls; bidi overrides/isolates and marks that
# can disguise text.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# U+FDD0/U+FDD1: the noncharacters search uses to mark hits in snippets; never stored.
_MARKERS_RE = re.compile("[\ufdd0\ufdd1]")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def unsafe_positions(text: str) -> list[int]:
    """Indexes of the characters `strip_controls` removes (a CR is turned into LF, not removed,
    unless it precedes one), to map offsets in cleaned text back to the original."""
    return [m.start() for m in _UNSAFE_RE.finditer(text) if text[m.start()] != "\r"]


def strip_controls(text: str) -> str:
    """Remove C0 (but tab and newline), DEL, C1 and bidi override characters; CR becomes LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_RE.sub("", text)


def normalise_text(text: str) -> str:
    """NFC, LF line ends, no control characters, no trailing spaces, no runs of blank lines."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _MARKERS_RE.sub("", strip_controls(text.lstrip("\ufeff")))
    if " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_RUN_RE.sub("\n\n", text)
    return text.strip("\n").rstrip(" \t")


def one_line(text: str) -> str:
    """Collapse any whitespace (newlines included) to single spaces, for titles and names."""
    return " ".join(strip_controls(text).split())


def content_hash(body: str) -> str:
    """Hash of a body after normalisation and whitespace folding: the de-duplication key."""
    import hashlib  # not at import: it loads OpenSSL (5 ms of the app's start-up)

    folded = " ".join(normalise_text(body).split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def quote_hash(quote: str) -> str:
    """Hash of a quoted passage, used to re-anchor notes after re-ingest."""
    import hashlib

    folded = " ".join(normalise_text(quote).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def safe_display(text: str) -> str:
    """Text fit for a terminal cell: controls stripped again at display time."""
    return strip_controls(text)
