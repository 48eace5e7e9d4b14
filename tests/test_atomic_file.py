"""The one atomic-write helper (desktop.atomic_file): a crash mid-write leaves the old file whole."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop import atomic_file
from desktop.atomic_file import write_atomically

ROOT = Path(__file__).resolve().parent.parent


def test_writes_text_and_bytes_whole(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    write_atomically(target, '{"daily": true, "名称": "工会"}')
    assert target.read_text(encoding="utf-8") == '{"daily": true, "名称": "工会"}'
    write_atomically(target, b"\x00\x01binary")
    assert target.read_bytes() == b"\x00\x01binary"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary file left


def test_the_file_is_flushed_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        steps.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_file.os, "fsync", fsync)
    monkeypatch.setattr(atomic_file.os, "replace", replace)
    write_atomically(tmp_path / "a.txt", "new")
    # Windows cannot flush a folder; NTFS journals the rename.
    assert steps == ["fsync file", "replace"] + ([] if os.name == "nt" else ["fsync folder"])


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup-settings.json"
    target.write_text("old, complete", encoding="utf-8")

    def disk_gone(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_file.os, "fsync", disk_gone)
    with pytest.raises(OSError):
        write_atomically(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old, complete"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("dies_at", ["fsync", "replace"])
def test_a_crash_mid_write_keeps_the_old_file_whole(tmp_path: Path, dies_at: str) -> None:
    """The process dies (no cleanup, no finally) after the new text is written but before it is in place."""
    target = tmp_path / "backup-settings.json"
    target.write_text("old, complete", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from desktop import atomic_file
        setattr(atomic_file.os, {dies_at!r}, lambda *a: os._exit(9))
        atomic_file.write_atomically(Path({str(target)!r}), "new " * 100_000)
        """
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    assert target.read_text(encoding="utf-8") == "old, complete"
    write_atomically(target, "after the crash")  # the leftover temporary does not stand in the way
    assert target.read_text(encoding="utf-8") == "after the crash"
