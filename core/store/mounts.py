"""Where a library lives: the mounts table, and whether a path is on a network filesystem.

Apart from the rest of maintenance so that opening a library (which checks its location) does
not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Read through a module attribute so tests can point it at their own mounts table.
MOUNTS_FILE = Path("/proc/mounts")

# Filesystems whose byte-range locks (which WAL and BEGIN IMMEDIATE rely on) are unreliable.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p",
    "afs", "ncpfs", "coda", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "davfs", "fuse.davfs2",
    "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "virtiofs", "fuse.juicefs",
})


@dataclass(frozen=True)
class Mount:
    """One line of the mounts table: where a filesystem is mounted and its type."""

    point: str
    fs_type: str
    options: tuple[str, ...]


def _unescape_mount_field(field_text: str) -> str:
    r"""/proc/mounts writes space, tab, newline and backslash as octal escapes (`\040`)."""
    out: list[str] = []
    index = 0
    while index < len(field_text):
        chunk = field_text[index:index + 4]
        if len(chunk) == 4 and chunk[0] == "\\" and chunk[1:].isdigit() and set(chunk[1:]) <= set("01234567"):
            out.append(chr(int(chunk[1:], 8)))
            index += 4
        else:
            out.append(field_text[index])
            index += 1
    return "".join(out)


def read_mounts(mounts_file: Path | None = None) -> list[Mount]:
    """The mounts table, or an empty list where there is none (not Linux, or unreadable)."""
    try:
        text = (mounts_file or MOUNTS_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        mounts.append(Mount(_unescape_mount_field(fields[1]), fields[2], tuple(fields[3].split(","))))
    return mounts


def mount_of(path: Path, mounts: list[Mount] | None = None) -> Mount | None:
    """The mount holding `path` (the nearest existing ancestor when it does not exist yet)."""
    mounts = read_mounts() if mounts is None else mounts
    if not mounts:
        return None
    target = Path(path).expanduser().absolute()
    while not target.exists() and target != target.parent:
        target = target.parent
    resolved = str(target.resolve())
    best: Mount | None = None
    for mount in mounts:  # later lines win on equal points: they are mounted on top
        point = mount.point.rstrip("/") or "/"
        inside = resolved == point or resolved.startswith(point if point == "/" else point + "/")
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def network_filesystem(path: Path) -> str | None:
    """The filesystem type when `path` is on a network filesystem (NFS, SMB, sshfs, 9p...)."""
    mount = mount_of(path)
    if mount is None:
        return None
    fs_type = mount.fs_type.lower()
    if fs_type in NETWORK_FILESYSTEMS or fs_type.startswith(("nfs", "smb", "cifs")):
        return mount.fs_type
    return None
