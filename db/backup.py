"""Backups through SQLite's online backup API (copying a WAL-mode file can lose committed data).

A backup is written to a hidden ``.part`` file in the backup folder, checked with ``PRAGMA integrity_check``
and only then renamed to its final name, so a full disk, a pulled USB stick or a kill leaves either a
complete, checked backup or nothing (a leftover ``.part`` is removed by the next backup). Old backups are
thinned by ``rotate_backups``: the newest of each of the last N days, weeks and months survive.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.processes import pid_alive

PART_SUFFIX = ".part"
_STAMP = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[A-Za-z0-9_.-]+)\.sqlite$")


class BackupCheckError(RuntimeError):
    """The copy just written failed its integrity check; it has been removed."""


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    # A rename is durable only when the folder itself is flushed (POSIX); Windows has no folder handles.
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_part(tmp: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{tmp}{extra}").unlink()


def copy_checked(src: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``src`` to ``target`` through a checked temporary file; returns ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_partial_backups(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{PART_SUFFIX}")
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # The backup file is a plain rollback-journal file: one file to copy to a USB stick, no -wal.
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [r[0] for r in dst.execute("PRAGMA integrity_check").fetchall()]
        finally:
            dst.close()
        if problems != ["ok"]:
            raise BackupCheckError("; ".join(problems[:3]))
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        _remove_part(tmp)
        raise
    return target


def backup_name(db_path: Path, reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"{db_path.stem}-{stamp}-{reason}.sqlite"


def backup_database(engine: Engine, db_path: Path, backup_dir: Path | None = None, *, reason: str = "manual") -> Path:
    """Write a consistent, checked copy of the live database and return its path."""
    target = (backup_dir or default_backup_dir(db_path)) / backup_name(db_path, reason)
    raw = engine.raw_connection()
    try:
        src = raw.driver_connection
        assert isinstance(src, sqlite3.Connection)
        return copy_checked(src, target)
    finally:
        raw.close()


def backup_file(db_path: Path, target: Path) -> Path:
    """Back up a data file that is not open here (restore, before-upgrade of a closed file)."""
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return copy_checked(src, target)
    finally:
        src.close()


def copy_file_checked(source: Path, target: Path) -> Path:
    """Copy a finished backup file (no -wal, not open) to a second place, through a ``.part`` file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_partial_backups(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{PART_SUFFIX}")
    try:
        shutil.copyfile(source, tmp)
        problems = file_integrity(tmp)
        if problems:
            raise BackupCheckError("; ".join(problems[:3]))
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        _remove_part(tmp)
        raise
    return target


def file_integrity(path: Path) -> list[str]:
    """Integrity and foreign keys of a closed, non-WAL file (a backup), read without writing to it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        problems += [
            f"外键错误：表 {r[0]} 第 {r[1]} 行引用了不存在的 {r[2]}"
            for r in conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        return problems
    except sqlite3.DatabaseError as exc:
        return [f"无法读取（{exc}）"]
    finally:
        conn.close()


def clean_partial_backups(folder: Path) -> list[Path]:
    """Remove ``.part`` files a killed backup left behind (only those of processes no longer running)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        m = re.match(r"^\..+\.(\d+)-[0-9a-f]{8}\.part(-journal|-wal|-shm)?$", p.name)
        if m and not pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: datetime
    reason: str


def list_backups(folder: Path, db_path: Path | None = None) -> list[BackupFile]:
    """Backups in ``folder`` (of ``db_path`` only, when given), newest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for p in folder.iterdir():
        m = _STAMP.match(p.name)
        if not m or (db_path is not None and m.group("stem") != db_path.stem):
            continue
        try:
            taken = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        found.append(BackupFile(p, taken, m.group("reason")))
    return sorted(found, key=lambda b: b.taken, reverse=True)


@dataclass(frozen=True)
class Rotation:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    # Backups taken before an upgrade or a restore are the way back from those steps: a few always stay.
    keep_special: int = 3


def backups_to_keep(backups: Iterable[BackupFile], rule: Rotation) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last ``daily`` days that have one, of the last
    ``weekly`` ISO weeks and ``monthly`` months; the newest backup always; the newest special ones."""
    items = sorted(backups, key=lambda b: b.taken, reverse=True)
    keep: set[Path] = {items[0].path} if items else set()

    def newest_per(key: Callable[[date], object], count: int) -> None:
        seen: list[object] = []
        for b in items:
            k = key(b.taken.date())
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(k)
            keep.add(b.path)

    newest_per(lambda d: d, rule.daily)
    newest_per(lambda d: tuple(date.isocalendar(d))[:2], rule.weekly)
    newest_per(lambda d: (d.year, d.month), rule.monthly)
    special = [b for b in items if b.reason.startswith("before-")]
    keep.update(b.path for b in special[: rule.keep_special])
    return keep


def rotate_backups(folder: Path, db_path: Path, rule: Rotation) -> list[Path]:
    """Delete the backups of ``db_path`` in ``folder`` that the rotation does not keep; returns them."""
    backups = list_backups(folder, db_path)
    keep = backups_to_keep(backups, rule)
    removed: list[Path] = []
    for b in backups:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def integrity_check(engine: Engine) -> list[str]:
    """SQLite's own integrity check plus foreign keys; an empty list means the file is sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(rows)
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"外键错误：表 {row[0]} 第 {row[1]} 行引用了不存在的 {row[2]}")
    return problems
