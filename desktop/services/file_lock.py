"""One writer per data file, shared by the window and the command line.

Two windows on one file would each keep their own view of it and the later save would silently overwrite
what the clerk typed in the other; a command-line import while the window is open, or two imports of the
same roster at once, would race the same way. So every program that may write the file first takes this
lock: the window for as long as the file is open, a command-line writer for the length of its command.

The lock is an operating-system lock (``flock`` / ``msvcrt.locking``) on a small file beside the data file,
so it also catches a second PC opening the file from a shared folder, and the system drops it when the
process dies: a crashed run never leaves a lock that has to be broken by hand. The file holds who took it
(process, computer, what for) for the message. When the folder cannot be written (a read-only share, a CD)
the lock goes to the user's app-data folder, keyed by the file's full path.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.paths import app_data_dir

_LOCK_OFFSET = 1 << 30  # Windows locks are mandatory: lock a byte far past the text so the holder can be read


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, for the message: process id, computer name, what it is doing."""

    pid: int
    host: str
    what: str = ""


def host_name() -> str:
    try:
        return socket.gethostname() or "?"
    except OSError:
        return "?"


def _try_os_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        # flock, not fcntl/lockf: a second lock in the same process must be refused too (two windows).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


class DataFileLock:
    def __init__(self, data_file: Path, lock_path: Path, what: str = "窗口") -> None:
        self.data_file = data_file
        self.lock_path = lock_path
        self.what = what
        self._fd: int | None = None
        self._unguarded = False

    def try_lock(self) -> bool:
        """False only when another running program holds the lock.

        When no lock can be written at all, the file is opened unguarded: refusing would lock the clerk out
        of her own data.
        """
        if self.is_locked():
            return True
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            self._unguarded = True
            return True
        for _ in range(5):
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                self._unguarded = True
                return True
            if not _try_os_lock(fd):
                os.close(fd)
                return False
            # The previous holder may have deleted the file between our open and our lock: then we hold a
            # lock on a name nobody else sees, so start again on the file that is there now.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock_path))
            except OSError:
                same = False
            if not same:
                _os_unlock(fd)
                os.close(fd)
                continue
            self._fd = fd
            self._write_holder()
            return True
        return False

    def acquire(self, wait_seconds: float) -> bool:
        """Wait up to ``wait_seconds`` for another writer (a command-line import) to finish."""
        deadline = time.monotonic() + wait_seconds
        while True:
            if self.try_lock():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)

    def _write_holder(self) -> None:
        assert self._fd is not None
        text = f"{os.getpid()}\n{host_name()}\n{self.what}\n".encode()
        with contextlib.suppress(OSError):
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.ftruncate(self._fd, 0)
            os.write(self._fd, text)

    def holder(self) -> Holder | None:
        try:
            lines = self.lock_path.read_text(encoding="utf-8", errors="replace").splitlines()
            return Holder(int(lines[0]), lines[1] if len(lines) > 1 else "", lines[2] if len(lines) > 2 else "")
        except (OSError, ValueError, IndexError):
            return None

    def is_locked(self) -> bool:
        return self._fd is not None or self._unguarded

    def release(self) -> None:
        self._unguarded = False
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Unlinked while still locked, so a waiting writer that opened the old file notices (samestat above).
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
        _os_unlock(fd)
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                self.lock_path.unlink()

    def __enter__(self) -> DataFileLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _beside(data_file: Path) -> Path:
    return data_file.with_name(f".{data_file.name}.lock")


def _in_app_data(data_file: Path) -> Path:
    key = hashlib.sha1(str(data_file).lower().encode("utf-8")).hexdigest()[:16]
    return app_data_dir() / "locks" / f"{key}.lock"


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".union-desk-probe-{os.getpid()}-{hashlib.sha1(str(folder).encode()).hexdigest()[:8]}"
        probe.touch()
        probe.unlink()
        return True
    except OSError:
        return False


def lock_path_for(data_file: Path) -> Path:
    data_file = data_file.expanduser().resolve()
    beside = _beside(data_file)
    return beside if _writable(beside.parent) else _in_app_data(data_file)


def already_open_message(data_file: Path, holder: Holder | None) -> str:
    where = "本机另一个窗口"
    if holder is not None and holder.host and holder.host.lower() != host_name().lower():
        where = f"另一台电脑（{holder.host}）"
    elif holder is not None and holder.what and holder.what != "窗口":
        where = f"本机的命令行程序（{holder.what}，进程 {holder.pid}）"
    return (
        f"数据文件 {data_file.name} 已在{where}中打开。\n\n"
        "同一个数据文件同时打开两次，后保存的内容会覆盖先保存的。请切换到已打开的窗口继续工作；"
        f"如果确认已经关闭，请稍等几秒再启动。\n\n文件位置：{data_file}"
    )


def busy_message(data_file: Path, holder: Holder | None) -> str:
    """For a command-line writer that waited and gave up: one line naming the holder and what to do."""
    if holder is None:
        who = "另一个程序"
    elif holder.host and holder.host.lower() != host_name().lower():
        who = f"另一台电脑（{holder.host}）上的工作台"
    elif holder.what and holder.what != "窗口":
        who = f"本机的命令行程序（{holder.what}，进程 {holder.pid}）"
    else:
        who = f"本机已打开的工作台窗口（进程 {holder.pid}）"
    return f"数据文件 {data_file.name} 正由{who}使用，为免互相覆盖，本次未做任何改动。请关闭它或等它完成后重试"


def claim(data_file: Path, what: str = "窗口") -> tuple[DataFileLock | None, str]:
    """Lock ``data_file`` for this process: (lock, "") or (None, the reason in words for the clerk)."""
    data_file = data_file.expanduser().resolve()
    lock = DataFileLock(data_file, lock_path_for(data_file), what)
    if lock.try_lock():
        return lock, ""
    return None, already_open_message(data_file, lock.holder())
