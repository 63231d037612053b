"""Where a library lives: network filesystems and read-only files warn once, on opening."""

from __future__ import annotations

from pathlib import Path

import pytest

import core.store
import core.store.mounts as store_mounts
from core.library import Library
from core.store.mounts import Mount, mount_of, network_filesystem, read_mounts
from tui.cli import main

LOCAL_MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid 0 0
"""


def mounts_table(tmp_path: Path, extra: str) -> Path:
    table = tmp_path / "mounts"
    table.write_text(LOCAL_MOUNTS + extra)
    return table


@pytest.mark.parametrize(
    ("fs_line", "expected"),
    [
        ("server:/export {point} nfs4 rw,relatime,vers=4.2 0 0", "nfs4"),
        ("server:/export {point} nfs rw 0 0", "nfs"),
        ("//host/share {point} cifs rw,vers=3.0 0 0", "cifs"),
        ("//host/share {point} smb3 rw 0 0", "smb3"),
        ("user@host:/home {point} fuse.sshfs rw,user_id=0 0 0", "fuse.sshfs"),
        ("hostshare {point} 9p rw,trans=virtio 0 0", "9p"),
        ("/dev/sdb1 {point} ext4 rw 0 0", None),
        ("tmpfs {point} tmpfs rw 0 0", None),
    ],
)
def test_network_filesystem_from_mounts_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fs_line: str, expected: str | None
) -> None:
    point = tmp_path / "share"
    point.mkdir()
    table = mounts_table(tmp_path, fs_line.format(point=point) + "\n")
    monkeypatch.setattr(store_mounts, "MOUNTS_FILE", table)
    assert network_filesystem(point / "library.db") == expected
    assert network_filesystem(tmp_path / "elsewhere.db") is None


def test_mount_of_picks_the_deepest_point_and_unescapes_spaces(tmp_path: Path) -> None:
    point = tmp_path / "my share"
    (point / "deep").mkdir(parents=True)
    escaped = str(point).replace(" ", "\\040")
    table = mounts_table(tmp_path, f"srv:/x {escaped} nfs rw 0 0\n")
    mounts = read_mounts(table)
    assert Mount(str(point), "nfs", ("rw",)) in mounts
    assert mount_of(point / "deep" / "not-yet.db", mounts).fs_type == "nfs"  # type: ignore[union-attr]
    assert mount_of(Path(str(point) + "-sibling"), mounts).fs_type != "nfs"  # type: ignore[union-attr]


def test_no_mounts_table_means_no_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mounts, "MOUNTS_FILE", tmp_path / "missing")
    assert read_mounts() == []
    assert network_filesystem(tmp_path / "x.db") is None


def test_library_on_nfs_warns_once_and_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = tmp_path / "nfs"
    point.mkdir()
    table = mounts_table(tmp_path, f"server:/export {point} nfs4 rw 0 0\n")
    monkeypatch.setattr(store_mounts, "MOUNTS_FILE", table)
    with Library(point / "library.db") as lib:
        assert len(lib.store.warnings) == 1
        assert "network filesystem (nfs4)" in lib.store.warnings[0]
        assert "locking may be unreliable" in lib.store.warnings[0]
        with lib.store.write() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    with Library(tmp_path / "local.db") as lib:
        assert lib.store.warnings == []


def test_cli_prints_the_network_warning_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    point = tmp_path / "smb"
    point.mkdir()
    table = mounts_table(tmp_path, f"//host/share {point} cifs rw 0 0\n")
    monkeypatch.setattr(store_mounts, "MOUNTS_FILE", table)
    assert main(["check", "--db", str(point / "library.db")]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "network filesystem" in line]
    assert len(lines) == 1 and "(cifs)" in lines[0]
    assert lines[0].startswith("newsdesk: warning:")
    assert "network filesystem" not in captured.out


def test_readonly_library_warns_on_opening(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    Library(db_path).close()
    monkeypatch.setattr(core.store, "_writable", lambda path: False)
    with Library(db_path) as lib:
        assert lib.readonly
        assert len(lib.store.warnings) == 1 and "read-only" in lib.store.warnings[0]
    assert main(["check", "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert err.count("read-only") == 1 and "cannot be saved" in err
