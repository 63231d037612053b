"""Decoding: UTF-8 with and without BOM, UTF-16/32, legacy 8-bit flagged, binary and empty refused."""

from __future__ import annotations

import codecs

import pytest

from core.errors import IngestError
from core.ingest import EmptyFileError, parse_bytes
from core.ingest.decode import MAX_BYTES, decode_bytes

TEXT = "Café talks\n\nMinisters met in Montréal – “quietly” – on Tuesday.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "flagged"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", False),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", False),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", False),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32", False),
        (TEXT.encode("utf-16-le"), "utf-16", False),  # no BOM, recognised by its NUL pattern
        (TEXT.encode("cp1252"), "cp1252", True),
    ],
)
def test_decodings(data: bytes, encoding: str, flagged: bool) -> None:
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == TEXT
    assert (decoded.encoding, decoded.flagged) == (encoding, flagged)


def test_latin1_only_bytes_still_decode_flagged() -> None:
    decoded = decode_bytes(b"Caf\xe9 \x81 talks")  # 0x81 is undefined in cp1252
    assert decoded.flagged and decoded.encoding == "latin-1"


def test_cp1252_article_is_flagged_and_clean() -> None:
    article = parse_bytes(TEXT.encode("cp1252"), source="a.txt", suffix=".txt")
    assert article.encoding_flagged and article.encoding == "cp1252"
    assert "Montréal – “quietly”" in article.body


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
        (b"%PDF-1.7\n%binary", "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
        (b"plain start\x00 then a NUL", "NUL"),
        (bytes(range(1, 9)) * 50, "control bytes"),
    ],
)
def test_binary_refused(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        parse_bytes(data, source="x.txt", suffix=".txt")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyFileError):
        parse_bytes(data, source="x.txt", suffix=".txt")


def test_oversize_refused() -> None:
    with pytest.raises(IngestError, match="too large"):
        decode_bytes(b"a" * (MAX_BYTES + 1))


def test_bad_utf16_is_undecodable() -> None:
    with pytest.raises(IngestError, match="cannot decode"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xdc")  # a lone low surrogate


def test_controls_and_crlf_normalised() -> None:
    data = b"Title line\r\n\r\nBody with \x1b[31mescape\x1b[0m and bell\x07.\r\n"
    article = parse_bytes(data, source="x.txt", suffix=".txt")
    assert "\x1b" not in article.body and "\x07" not in article.body and "\r" not in article.body
    assert article.body == "Body with [31mescape[0m and bell."


def test_nfc() -> None:
    data = "Headline here\n\nMontre\u0301al talks went on.".encode()
    article = parse_bytes(data, source="x.txt", suffix=".txt")
    assert "Montr\u00e9al" in article.body


def test_unknown_suffix_refused() -> None:
    with pytest.raises(IngestError, match="not an article file type"):
        parse_bytes(b"hello", source="x.docx", suffix=".docx")
