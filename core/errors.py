"""The small tree of errors core raises; the UI turns each into one notification or line."""

from __future__ import annotations


class NewsdeskError(Exception):
    """A problem the user can understand and act on: a message and a short title."""

    title = "Newsdesk"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class QueryError(NewsdeskError):
    """A search expression that cannot be run as typed."""

    title = "Search"


class NotFoundError(NewsdeskError):
    """An article, entity, note or file that does not exist."""

    title = "Not found"


class IngestError(NewsdeskError):
    """A file that cannot be ingested (binary, too large, unreadable)."""

    title = "Ingest"


class LibraryError(NewsdeskError):
    """The library file cannot be opened, migrated or written."""

    title = "Library"


class LibraryBusyError(LibraryError):
    """Another process holds the write lock for longer than we are willing to wait."""

    title = "Library busy"


class ExportError(NewsdeskError):
    """An export that cannot be written where asked."""

    title = "Export"


class Cancelled(NewsdeskError):
    """Long work stopped at the user's request (after a batch; what was done is kept)."""

    title = "Cancelled"
