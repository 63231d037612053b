"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, legacy 8-bit flagged, binary refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from core.errors import IngestError

MAX_BYTES = 20 * 1024 * 1024

# Leading bytes of formats that are never articles (images, archives, documents, executables).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"RIFF", "a media file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an audio file"),
    (b"\x00\x00\x01\x00", "an icon"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that almost never occur in text (C0 controls but tab, LF, FF, CR, ESC).
_BINARY_CONTROLS = bytes(set(range(32)) - {9, 10, 12, 13, 27})


class EmptyFileError(IngestError):
    """A file with no text at all: skipped, not failed."""


@dataclass
class Decoded:
    """Text decoded from bytes, with the encoding used and whether it was a legacy guess."""

    text: str
    encoding: str
    flagged: bool = False


def sniff_binary(data: bytes) -> str | None:
    """A reason the bytes are not text (a known file signature or NUL bytes), else None."""
    head = data[:64]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and not _has_binary_controls(data[:512]):
                continue  # a text file that merely starts with "MZ"
            return f"binary file ({what}), not text"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not text"
    if _has_binary_controls(data[:8192]):
        return "binary file (contains control bytes), not text"
    return None


def _has_binary_controls(sample: bytes) -> bool:
    if not sample:
        return False
    count = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return count > max(2, len(sample) // 100)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte as in ASCII-heavy UTF-16."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes to text, or raise IngestError saying why they are not an article."""
    if len(data) > MAX_BYTES:
        raise IngestError(too_large_reason(len(data)))
    if not data.strip():
        raise EmptyFileError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"cannot decode: it starts with a {encoding.upper()} byte-order mark "
                    f"but byte {exc.start + len(bom)} is invalid"
                ) from None
            return _checked(Decoded(text, encoding.replace("-le", "").replace("-be", "")))
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return _checked(Decoded(data.decode(utf16), "utf-16"))
        except UnicodeDecodeError:
            pass
    reason = sniff_binary(data)
    if reason is not None:
        raise IngestError(reason)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            # A file cut inside its last multi-byte character: keep the UTF-8, drop the stub.
            return _checked(Decoded(data[: exc.start].decode("utf-8"), "utf-8", flagged=True))
    try:
        return _checked(Decoded(data.decode("cp1252"), "cp1252", flagged=True))
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: Latin-1 maps them to C1 controls (stripped later).
        return _checked(Decoded(data.decode("latin-1"), "latin-1", flagged=True))


def _checked(decoded: Decoded) -> Decoded:
    if not decoded.text.strip().strip("\ufeff"):
        raise EmptyFileError("empty file")
    return decoded


def too_large_reason(size: int) -> str:
    return f"too large ({size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"
