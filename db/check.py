"""Check a data file without writing to it: structure version, integrity, foreign keys.

``union-desk check`` used to open the file the normal way, which upgraded it, wrote a backup and turned an
empty file into a fresh data file that it then called sound. Here the file is only read: with
``immutable=1`` when no other program may be writing it (the caller holds the lock and there is no WAL),
else read-only. A file whose last write was cut off (a hot journal, or a WAL read-only SQLite cannot
replay) is copied with its journal to a temporary folder and checked there after SQLite's own recovery,
which is what the next normal open will do to the real file.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from db.migrate import _known_revisions, head_revision

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class FileCheck:
    path: Path
    revision: str | None = None
    head: str = field(default_factory=head_revision)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    too_new: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-journal"), Path(f"{path}-wal")) if p.exists() and p.stat().st_size > 0]


def _inspect(conn: sqlite3.Connection, report: FileCheck) -> None:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    report.revision = str(row[0]) if row else None
    if report.revision is None:
        report.problems.append("文件中没有本程序的结构版本表：不是本程序的数据文件")
    elif report.revision not in _known_revisions():
        report.too_new = True
        report.problems.append(f"结构版本 {report.revision} 由更新版本的程序写入，请用新版本检查")
        return
    elif report.revision != report.head:
        report.notes.append(f"结构版本较旧（{report.revision}），用本程序打开时会先备份再升级")
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        report.problems.extend(f"完整性：{r}" for r in rows[:20])
    for r in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        report.problems.append(f"外键错误：表 {r[0]} 第 {r[1]} 行引用了不存在的 {r[2]}")


def _check_copy(path: Path, report: FileCheck) -> None:
    with _recovered_copy(path) as conn:
        _inspect(conn, report)


def check_file(path: Path, *, no_writer: bool = False) -> FileCheck:
    """Report on ``path``; ``no_writer`` when the caller holds the data file's lock (then read immutably)."""
    report = FileCheck(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        report.problems.append(f"无法读取文件（{exc.strerror or exc}）")
        return report
    if size == 0:
        report.problems.append("文件是空的（0 字节），不是数据文件；请从备份恢复或重新选择文件")
        return report
    if header != SQLITE_HEADER:
        report.problems.append("文件开头不是 SQLite 数据库的标记：不是本程序的数据文件，或文件头已损坏")
        return report
    interrupted = _sidecars(path)
    if any(p.name.endswith("-journal") for p in interrupted):
        report.notes.append(
            "上次写入被中断（程序被关闭或断电）：检查在恢复后的副本上进行，下次用本程序打开时会自动恢复"
        )
        mode = "copy"
    elif no_writer and not interrupted:
        mode = "immutable"
    else:
        mode = "ro"
    try:
        if mode == "copy":
            _check_copy(path, report)
            return report
        query = "mode=ro&immutable=1" if mode == "immutable" else "mode=ro"
        conn = sqlite3.connect(f"file:{path}?{query}", uri=True)
        try:
            _inspect(conn, report)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (8, 14) and mode == "ro":  # cannot replay the WAL read-only: check a recovered copy
            report.notes.append("文件有未合并的预写日志（WAL）：检查在副本上进行")
            try:
                _check_copy(path, report)
            except sqlite3.DatabaseError as again:
                report.problems.append(f"文件已损坏，无法读取（SQLite：{again}）")
        elif code in (5, 6):
            report.problems.append("文件正被另一个程序写入，暂时无法检查，请稍后重试")
        else:
            report.problems.append(f"文件已损坏，无法读取（SQLite：{exc}）")
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"文件已损坏，无法读取（SQLite：{exc}）")
    return report


@contextmanager
def read_only_connection(path: Path, *, no_writer: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection on ``path`` that cannot change it, for reading beyond ``check_file`` (the change-log chain).

    Chosen as in ``check_file``: immutable under the lock, else read-only; a file whose last write was cut
    off (hot journal, or a WAL that read-only SQLite cannot replay) is read from a recovered copy in a
    temporary folder. Never the normal open, which may recover, upgrade, back up or switch to WAL."""
    if any(p.name.endswith("-journal") for p in _sidecars(path)):
        with _recovered_copy(path) as conn:
            yield conn
        return
    query = "mode=ro&immutable=1" if no_writer and not _sidecars(path) else "mode=ro"
    conn = sqlite3.connect(f"file:{path}?{query}", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (8, 14):
            raise
        with _recovered_copy(path) as copy:
            yield copy
        return
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def _recovered_copy(path: Path) -> Iterator[sqlite3.Connection]:
    with tempfile.TemporaryDirectory(prefix="union-desk-check-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        for side in _sidecars(path):
            shutil.copyfile(side, Path(tmp) / side.name)
        conn = sqlite3.connect(copy, check_same_thread=False)
        try:
            yield conn
        finally:
            conn.close()
