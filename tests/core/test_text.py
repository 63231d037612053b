"""Normalisation rules every stored and displayed text goes through."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import content_hash, normalise_text, one_line, strip_controls


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("\ufeffwith bom", "with bom"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("trailing  \nspace\t\n", "trailing\nspace"),
        ("many\n\n\n\n\nblank", "many\n\nblank"),
        ("esc\x1b[31mred\x1b[0m", "esc[31mred[0m"),
        ("c1\x9bcsi and \x85nel", "c1csi and nel"),
        ("bidi\u202eevil\u2066x\u2069", "bidievilx"),
        ("keeps\ttab", "keeps\ttab"),
        ("nul\x00byte\x7fdel", "nulbytedel"),
        ("marker\ufdd0hit\ufdd1", "markerhit"),
        (unicodedata.normalize("NFD", "Mélanie"), "Mélanie"),
        ("\n\nlead and tail\n\n", "lead and tail"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_one_line_folds_newlines_and_controls() -> None:
    assert one_line(" Title\nwith \x1b]8;;http://x\x07link\t") == "Title with ]8;;http://xlink"


def test_content_hash_ignores_layout_variants() -> None:
    body = "Japan and Canada agreed.\n\nThe talks went on."
    variants = [body, "\ufeff" + body, body.replace("\n", "\r\n"), body.replace(".", ".  ")]
    assert len({content_hash(v) for v in variants}) == 1
    assert content_hash(body) != content_hash(body + " More.")


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    for result in (normalise_text(text), strip_controls(text), one_line(text)):
        assert not any(
            (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F for ch in result
        )


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
