"""Ingest: read files (txt saved from web pages, Markdown, HTML), clean them, extract metadata,
and store them in batches. `parse_*` are pure functions; `ingest_paths` is the one writer."""

from __future__ import annotations

from core.ingest.decode import MAX_BYTES, EmptyFileError
from core.ingest.parse import SUFFIXES, parse_bytes, parse_file
from core.ingest.pipeline import ingest_paths

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "EmptyFileError",
    "ingest_paths",
    "parse_bytes",
    "parse_file",
]
