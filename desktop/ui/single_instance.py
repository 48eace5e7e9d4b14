"""One program per data file: a second start on the same file is told so instead of opening it twice.

Two windows on one file would each keep their own view of it and the later save would silently overwrite
what the clerk typed in the other. The lock is a QLockFile beside the data file, so it also catches a
second PC opening the file from a shared folder; when that folder cannot be written (a read-only share,
a CD), it goes to the user's app-data folder, keyed by the file's full path. A lock left by a crashed run
(its process is gone) is taken over without asking.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from desktop.services.database import app_data_dir

STALE_AFTER_MS = 0  # never stale by age: a clerk may keep the program open for weeks; a dead process is enough


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, for the message: process id, computer name."""

    pid: int
    host: str


class DataFileLock:
    def __init__(self, data_file: Path, lock_path: Path) -> None:
        self.data_file = data_file
        self.lock_path = lock_path
        self._lock = QLockFile(str(lock_path))
        self._lock.setStaleLockTime(STALE_AFTER_MS)

    def try_lock(self) -> bool:
        """False only when another running program holds the lock.

        tryLock removes a lock whose process no longer runs on this computer (a crashed run). When no lock can
        be written at all, the file is opened unguarded: refusing would lock the clerk out of her own data.
        """
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return True
        if self._lock.tryLock(0):
            return True
        return self._lock.error() != QLockFile.LockError.LockFailedError

    def holder(self) -> Holder | None:
        # PySide6 returns (pid, hostname, appname) and drops C++'s bool; an unreadable lock gives pid 0 or None.
        info = self._lock.getLockInfo()
        if not isinstance(info, tuple) or len(info) < 2 or not info[0]:
            return None
        return Holder(int(info[0]), str(info[1]))

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def _beside(data_file: Path) -> Path:
    return data_file.with_name(f".{data_file.name}.lock")


def _in_app_data(data_file: Path) -> Path:
    key = hashlib.sha1(str(data_file).lower().encode("utf-8")).hexdigest()[:16]
    return app_data_dir() / "locks" / f"{key}.lock"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".union-desk-probe-{hashlib.sha1(str(folder).encode()).hexdigest()[:8]}"
        probe.touch()
        probe.unlink()
        return True
    except OSError:
        return False


def lock_path_for(data_file: Path) -> Path:
    data_file = data_file.expanduser().resolve()
    beside = _beside(data_file)
    return beside if _writable(beside.parent) else _in_app_data(data_file)


def claim(data_file: Path) -> tuple[DataFileLock | None, str]:
    """Lock ``data_file`` for this process: (lock, "") or (None, the reason in words for the clerk)."""
    data_file = data_file.expanduser().resolve()
    lock = DataFileLock(data_file, lock_path_for(data_file))
    if lock.try_lock():
        return lock, ""
    return None, already_open_message(data_file, lock.holder())


def already_open_message(data_file: Path, holder: Holder | None) -> str:
    from PySide6.QtCore import QSysInfo

    where = "本机另一个窗口"
    # Compare with the name QLockFile itself writes, so the same PC is never taken for another one.
    if holder is not None and holder.host and holder.host.lower() != QSysInfo.machineHostName().lower():
        where = f"另一台电脑（{holder.host}）"
    return (f"数据文件 {data_file.name} 已在{where}中打开。\n\n"
            "同一个数据文件同时打开两次，后保存的内容会覆盖先保存的。请切换到已打开的窗口继续工作；"
            f"如果确认已经关闭，请稍等几秒再启动。\n\n文件位置：{data_file}")


# The lock of the data file this process has open; switching files (文件 → 新建/打开数据文件…) hands it over.
_held: DataFileLock | None = None


def hold(lock: DataFileLock) -> None:
    """Keep ``lock`` for as long as its file is open here, releasing the one held before."""
    global _held
    if _held is not None and _held is not lock:
        _held.release()
    _held = lock


def release_held() -> None:
    global _held
    if _held is not None:
        _held.release()
        _held = None
