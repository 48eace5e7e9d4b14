"""One program per data file: a second start on the same file is told so instead of opening it twice.

The lock itself lives in ``desktop.services.file_lock`` because the command line takes the same lock before
it writes (an import while the window is open would otherwise race it); this module keeps the one lock the
window holds for the file it has open, and hands it over when the clerk switches files.
"""

from __future__ import annotations

from desktop.services.file_lock import (
    DataFileLock,
    Holder,
    already_open_message,
    claim,
    lock_path_for,
)

__all__ = ["DataFileLock", "Holder", "already_open_message", "claim", "hold", "lock_path_for", "release_held"]

# The lock of the data file this process has open; switching files (文件 → 新建/打开数据文件…) hands it over.
_held: DataFileLock | None = None


def hold(lock: DataFileLock) -> None:
    """Keep ``lock`` for as long as its file is open here, releasing the one held before."""
    global _held
    if _held is not None and _held is not lock:
        _held.release()
    _held = lock


def held() -> DataFileLock | None:
    return _held


def release_held() -> None:
    global _held
    if _held is not None:
        _held.release()
        _held = None
