"""Write a small file so a reader (or a power cut) sees the old contents or the new, never half of either.

The text goes to a temporary file in the same folder (``os.replace`` is only atomic within one file system),
is flushed to the disk, then renamed over the target; the folder is flushed too where the system allows it,
so the rename itself survives a power cut. Used for the backup settings and the single-instance messages; no
Qt, so the services and the screens share it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` in one step; on any failure the old file is untouched and no temporary
    file is left behind. Raises what the write raised (OSError for a full disk, a read-only folder…)."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    temp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        with open(temp, "xb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    # Windows cannot open a folder for flushing (NTFS journals the rename itself); some network and FAT
    # drives refuse it too. The new file is in place either way: this only makes the rename durable sooner.
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
