"""The entry point: a `Library` opened on a database path. The CLI and the app build it alike."""

from __future__ import annotations

import os
from pathlib import Path

from core.paths import resolve_db_path
from core.store import BusyCallback, Store


class Library:
    """An open library: its store and settings. Core functions take one of these."""

    def __init__(self, path: Path | str, *, on_busy: BusyCallback | None = None) -> None:
        self.path = Path(path)
        self.store = Store(self.path, on_busy=on_busy)

    @classmethod
    def open(
        cls, db: str | os.PathLike[str] | None = None, *, on_busy: BusyCallback | None = None
    ) -> Library:
        """Open the library at `db`, else `NEWSDESK_DB`, else the default location."""
        return cls(resolve_db_path(db), on_busy=on_busy)

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
