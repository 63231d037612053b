"""Clipboard over SSH: the OSC 52 escape sequence (pure), and a plain one-line citation."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

from core.text import one_line


def osc52(text: str, env: Mapping[str, str] | None = None) -> str:
    """The OSC 52 sequence that asks the terminal to put `text` on the clipboard.

    The payload is base64, so no byte of `text` reaches the terminal as-is. Inside tmux the
    sequence is wrapped in a DCS passthrough (`ESC P tmux; ... ESC \\`, inner ESCs doubled).
    """
    env = os.environ if env is None else env
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if env.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def citation_text(item: object) -> str:
    """A plain one-line citation of a note or an article: "Title," Outlet, Byline, date. URL.

    Works on anything with title/outlet/byline/published and url or source attributes.
    """
    title = one_line(str(getattr(item, "title", "") or ""))
    parts = [
        f"\u201c{title}\u201d" if title else "",
        one_line(str(getattr(item, "outlet", "") or "")),
        one_line(str(getattr(item, "byline", "") or "")),
        one_line(str(getattr(item, "published", "") or "")),
    ]
    text = ", ".join(part for part in parts if part)
    where = one_line(str(getattr(item, "url", "") or getattr(item, "source", "") or ""))
    if where:
        text = f"{text}. {where}" if text else where
    return text
