"""Build a data file in a hidden temporary file and rename it into place when it is complete.

``demo`` and ``init`` used to fill the named file directly, so a kill (or a full disk) left a half-filled
file that ``demo`` then refused as "already holding data". Now the named file is either absent/unchanged or
complete. A temporary file a killed run left behind is removed on the next run (``clean_leftovers``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from db.backup import clean_partial_backups, copy_checked
from desktop.services.database import Database, open_data_file

T = TypeVar("T")


def _remove_with_sidecars(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{extra}").unlink()


def clean_leftovers(data_file: Path) -> list[Path]:
    """Temporary files of killed runs beside ``data_file`` (builds, restores, backups): removed."""
    return clean_partial_backups(data_file.expanduser().resolve().parent)


def build_then_place(path: Path, fill: Callable[[Database], T]) -> T:
    """Run ``fill`` on a copy of ``path`` (or on a new file) and rename the result over ``path``.

    The caller holds the data file's lock, so nobody writes ``path`` meanwhile.
    """
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(path)
    tmp = path.with_name(f".{path.name}.building.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        if path.exists():
            # Opened the normal way first: a hot journal is rolled back and an old schema upgraded (with its
            # backup) on the real file, so the copy starts from what the clerk would see.
            current = open_data_file(path)
            try:
                raw = current.engine.raw_connection()
                try:
                    src = raw.driver_connection
                    assert isinstance(src, sqlite3.Connection)
                    copy_checked(src, tmp)
                finally:
                    raw.close()
            finally:
                current.close()
        db = open_data_file(tmp)
        try:
            result = fill(db)
        finally:
            db.close()
        # Everything into the main file before the rename (a session left open somewhere would keep rows in
        # the WAL, and a renamed file without its WAL loses them); no WAL of the old file may stay beside
        # the target either, or SQLite would replay it into the new one.
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
        for extra in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{extra}").unlink()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _remove_with_sidecars(tmp)  # only -wal/-shm names can remain; the file itself was renamed
    except BaseException:
        _remove_with_sidecars(tmp)
        raise
    return result
