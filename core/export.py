"""Notes to Markdown with citations, written safely: sanitised names, no clobbering, atomic.

Untrusted text (titles, quotes, comments, tags) is escaped so that it always reads back from a
Markdown parser as the same text: it can never open a heading, list, table, link or HTML block.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from core.errors import ExportError
from core.library import Library
from core.notes import ANCHOR_MISSING, Note
from core.paths import default_export_dir
from core.text import one_line, strip_controls

MAX_NAME_BYTES = 255
DEFAULT_NAME = "notes"
UNTAGGED = "Untagged"
TEMP_PREFIX = ".newsdesk-export-"
STALE_TEMP_S = 3600.0  # a temp file this old was left by a killed export

# Characters that start Markdown inline syntax anywhere in a line: always escaped.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# A line that would start a block (list, heading underline, thematic break, ordered list).
_LINE_START_SPECIAL = re.compile(r"^([-+=])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
# Not allowed in file names on some system we may sync to: path separators and Windows specials.
_NAME_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')
# Windows reserves these device names whatever follows a dot ("CON.txt" too).
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?=\.|$)", re.IGNORECASE)


# -- Markdown escaping -----------------------------------------------------------------------------


def escape_fragment(text: str) -> str:
    """Part of a line (already one line): inline Markdown syntax escaped, edge spaces kept."""
    return _INLINE_SPECIAL.sub(r"\\\1", strip_controls(text))


def escape_line(text: str) -> str:
    """One line of untrusted text as literal Markdown inline content."""
    text = strip_controls(text).replace("\t", " ").replace("\n", " ").strip()
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START_SPECIAL.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


def escape_inline(text: object) -> str:
    """Untrusted text (maybe with newlines) as one line of literal Markdown."""
    return escape_line(one_line("" if text is None else str(text)))


def block_quote(text: str) -> str:
    """Every line of `text` prefixed with `> `, its Markdown escaped; blank lines kept as `>`."""
    lines = strip_controls(text).split("\n")
    out = [f"> {escape_line(line)}" if line.strip() else ">" for line in lines]
    while out and out[-1] == ">":
        out.pop()
    while out and out[0] == ">":
        out.pop(0)
    return "\n".join(out) if out else ">"


def citation_markdown(note: Note) -> str:
    """Title, outlet, byline, date, and URL or path, escaped, on one line."""
    parts = []
    if note.title:
        parts.append(f"*{escape_inline(note.title)}*")
    for value in (note.outlet, note.byline, note.published):
        if value:
            parts.append(escape_inline(value))
    text = ", ".join(parts) or "Untitled article"
    if note.source:
        text += f". {escape_inline(note.source)}"
    return f"Source: {text}"


# -- rendering -------------------------------------------------------------------------------------


@dataclass
class _Group:
    heading: str
    notes: list[Note]


def _note_order(note: Note) -> tuple[object, ...]:
    return (note.published or "", note.title.casefold(), note.article_id or 0, note.start or 0,
            note.id)


def _groups(notes: list[Note], group_by: str) -> list[_Group]:
    ordered = sorted(notes, key=_note_order)
    groups: dict[object, _Group] = {}
    if group_by == "article":
        for note in ordered:
            key = note.article_id if note.article_id is not None else ("gone", note.source,
                                                                        note.title)
            if key not in groups:
                groups[key] = _Group(one_line(note.title) or "Untitled article", [])
            groups[key].notes.append(note)
        return list(groups.values())
    if group_by == "tag":
        for note in ordered:
            for tag in note.tags or [UNTAGGED]:
                tag_key: str | None = tag.casefold() if note.tags else None
                if tag_key not in groups:
                    groups[tag_key] = _Group(tag, [])
                groups[tag_key].notes.append(note)
        tagged = sorted((k for k in groups if k is not None), key=str)
        return [groups[k] for k in tagged] + ([groups[None]] if None in groups else [])
    raise ExportError(f"cannot group notes by {group_by!r} (use 'article' or 'tag')")


def _note_markdown(note: Note) -> str:
    blocks: list[str] = []
    if note.quote:
        blocks.append(block_quote(note.quote))
    else:
        blocks.append("*(note on the whole article)*")
    if note.anchor == ANCHOR_MISSING:
        blocks.append("*(this quote is no longer found in the current version of the article)*")
    comment_lines = [escape_line(line) for line in strip_controls(note.comment).split("\n")]
    comment = "\n".join(line for line in comment_lines if line)
    if comment:
        blocks.append(comment)
    if note.tags:
        blocks.append("Tags: " + ", ".join(escape_inline(tag) for tag in note.tags))
    blocks.append(citation_markdown(note))
    return "\n\n".join(blocks)


def front_matter(data: dict[str, object]) -> str:
    """YAML front matter emitted by safe_dump, so any text in it stays data."""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def render_markdown(
    notes: list[Note],
    *,
    title: str,
    group_by: str = "article",
    query_info: dict[str, object] | None = None,
    created: str | None = None,
) -> str:
    """The whole export document: front matter, a title, one section per article or tag."""
    created = created or datetime.now(UTC).replace(microsecond=0).isoformat()
    meta: dict[str, object] = {"title": one_line(title), "created": created}
    for key, value in (query_info or {}).items():
        if value not in (None, "", [], ()):
            meta[str(key)] = _plain(value)
    meta["notes"] = len(notes)
    meta["grouped_by"] = group_by
    sections = [front_matter(meta).rstrip("\n"), f"# {escape_inline(title) or 'Notes'}"]
    for group in _groups(notes, group_by):
        sections.append(f"## {escape_inline(group.heading)}")
        sections.extend(_note_markdown(note) for note in group.notes)
    return "\n\n".join(sections).rstrip("\n") + "\n"


def _plain(value: object) -> object:
    """Query information as plain YAML-safe data, controls stripped."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    return strip_controls(str(value))


# -- file names ------------------------------------------------------------------------------------


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    cut = encoded[:max_bytes].decode("utf-8", errors="ignore")
    # Do not leave a base character without its combining marks split off half-way.
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return cut


def _clean_stem(title: str) -> str:
    text = unicodedata.normalize("NFC", title)
    # Control, format (bidi, zero-width), surrogate, private-use and unassigned characters go.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    text = _NAME_FORBIDDEN.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(" .-")


def _finish_stem(stem: str, room: int) -> str:
    stem = _truncate_utf8(stem, room).rstrip(" .-")
    if not stem:
        stem = DEFAULT_NAME
    return _WINDOWS_RESERVED.sub(r"\1_", stem)


def sanitise_filename(title: str, suffix: str = ".md", counter: int = 1) -> str:
    """A safe file name from an untrusted title: one component, NFC, <= 255 bytes with suffix.

    No separators, `..`, controls, bidi or zero-width characters, leading dots, trailing dots or
    spaces, nor reserved Windows names; empty becomes "notes". `counter` > 1 adds `-N`.
    """
    tail = (f"-{counter}" if counter > 1 else "") + suffix
    stem = _finish_stem(_clean_stem(title), MAX_NAME_BYTES - len(tail.encode("utf-8")))
    return stem + tail


def split_file_name(name: str) -> tuple[str, str]:
    """(stem, suffix) of a user-given file name; a missing or odd suffix becomes `.md`."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext):
        return stem, "." + ext
    return name, ".md"


# -- writing ---------------------------------------------------------------------------------------


def _inside(folder: Path, name: str) -> Path:
    """The target path, proven to be a direct child of `folder`."""
    if name in ("", ".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ExportError(f"unsafe file name {name!r}")
    target = folder / name
    if Path(os.path.realpath(target.parent)) != folder:
        raise ExportError(f"the export path {target} leaves the folder {folder}")
    return target


def _prepare_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise ExportError(f"cannot export to {folder}: it is not a folder") from exc
    except OSError as exc:
        raise ExportError(
            f"cannot create the export folder {folder}: {exc.strerror or exc}"
        ) from exc
    if not folder.is_dir():
        raise ExportError(f"cannot export to {folder}: it is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write to the folder {folder}: permission denied")
    return Path(os.path.realpath(folder))


def _write_temp(folder: Path, data: bytes) -> str:
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write to the folder {folder}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"cannot write the export in {folder}: {exc.strerror or exc}") from exc
    return tmp


def sweep_stale_temps(folder: Path, max_age_s: float = STALE_TEMP_S) -> int:
    """Remove our own temp files left by an export that was killed mid-write (older than an hour)."""
    removed = 0
    cutoff = time.time() - max_age_s
    for entry in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            if entry.is_file() and not entry.is_symlink() and entry.lstat().st_mtime < cutoff:
                entry.unlink()
                removed += 1
    return removed


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place_new(tmp: str, folder: Path, stem: str, suffix: str) -> Path:
    """Give the temp file a name that does not exist yet: name, name-2, name-3, ...

    A hard link never replaces an existing entry (a planted symlink included), so the check
    and the write are one atomic step; without hard links, fall back to check-then-rename.
    """
    for counter in range(1, 10_000):
        target = _inside(folder, sanitise_filename(stem, suffix, counter))
        try:
            os.link(tmp, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK):
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
            if os.path.lexists(target):
                continue
            os.replace(tmp, target)
            return target
        os.unlink(tmp)
        return target
    raise ExportError(f"too many files named like {stem}{suffix} in {folder}")


def write_export(
    text: str, *, folder: Path, stem: str, suffix: str = ".md", force: bool = False
) -> Path:
    """Write `text` atomically as `folder/stem+suffix` (sanitised); never follows a symlink.

    Without `force` an existing name gets `-2`, `-3`...; with it the entry at the target (a
    symlink itself, not what it points to) is replaced in one rename.
    """
    real_folder = _prepare_folder(folder)
    tmp = _write_temp(real_folder, text.encode("utf-8"))
    try:
        if force:
            target = _inside(real_folder, sanitise_filename(stem, suffix))
            if target.is_dir() and not target.is_symlink():
                raise ExportError(f"cannot overwrite {target}: it is a folder")
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        else:
            target = _place_new(tmp, real_folder, stem, suffix)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _fsync_folder(real_folder)
    sweep_stale_temps(real_folder)
    return target


def default_title(query_info: dict[str, object] | None) -> str:
    """"Notes" plus the tags or query used, else plus today's date."""
    info = query_info or {}
    tags = info.get("tags")
    if isinstance(tags, (list, tuple)) and tags:
        return "Notes: " + ", ".join(one_line(str(tag)) for tag in tags)
    if info.get("query"):
        return f"Notes: {one_line(str(info['query']))}"
    return f"Notes {datetime.now(UTC).date().isoformat()}"


def export_notes(
    lib: Library,
    notes: list[Note],
    *,
    path: str | os.PathLike[str] | None = None,
    folder: str | os.PathLike[str] | None = None,
    title: str | None = None,
    group_by: str = "article",
    query_info: dict[str, object] | None = None,
    force: bool = False,
) -> Path:
    """Write `notes` to a Markdown file and return its path.

    `path` names the file (its folder is the chosen folder); else the file goes into `folder`
    (default: the user's documents folder / newsdesk) under a name made from the title.
    """
    del lib  # notes carry their own citations; kept for a uniform core signature
    if not notes:
        raise ExportError("no notes to export")
    if group_by not in ("article", "tag"):
        raise ExportError(f"cannot group notes by {group_by!r} (use 'article' or 'tag')")
    title = one_line(title or "") or default_title(query_info)
    text = render_markdown(notes, title=title, group_by=group_by, query_info=query_info)
    if path is not None:
        target = Path(path).expanduser()
        if str(path).endswith(("/", os.sep)) or (target.is_dir() and not target.is_symlink()):
            return write_export(text, folder=target, stem=title, force=force)
        stem, suffix = split_file_name(target.name)
        return write_export(text, folder=target.parent, stem=stem, suffix=suffix, force=force)
    chosen = Path(folder).expanduser() if folder is not None else default_export_dir()
    return write_export(text, folder=chosen, stem=title, force=force)
