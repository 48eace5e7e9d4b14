"""Every failure a clerk can cause or meet, as one Chinese sentence that says what to do.

The command line and the window both ask ``explain(exc)``: a known fault (disk full, read-only file or
folder, a file another program is writing, a damaged file, no permission) gets a sentence and the program
goes on or exits 1; anything else is a program fault, logged with ID numbers masked, and the clerk is told
where the log is. No message carries a traceback or SQL parameters, so no full ID, phone or bank number
reaches the screen (the engine is also made with ``hide_parameters``).
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from desktop.core.errors import DomainError

# SQLite primary result codes (the low byte of the extended code).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_AUTH, SQLITE_NOTADB = 23, 26


class UserFault(Exception):
    """A failure already put into words for the clerk (raised by the services, shown as it is)."""


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error inside ``exc`` (SQLAlchemy wraps it as ``.orig``; others chain it)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, sqlite3.Error):
            return cur
        orig = getattr(cur, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        cur = cur.__cause__ or cur.__context__
    return None


def _os_error(exc: BaseException) -> OSError | None:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, OSError):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def _code(err: sqlite3.Error) -> int | None:
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(err).lower()  # older SQLite builds without error codes: the fixed English texts
    for needle, value in (
        ("disk is full", SQLITE_FULL),
        ("readonly", SQLITE_READONLY),
        ("locked", SQLITE_BUSY),
        ("malformed", SQLITE_CORRUPT),
        ("not a database", SQLITE_NOTADB),
        ("unable to open", SQLITE_CANTOPEN),
        ("disk i/o", SQLITE_IOERR),
    ):
        if needle in text:
            return value
    return None


def disk_full(where: Path | None) -> str:
    place = f"“{where}”所在的磁盘" if where else "磁盘"
    return f"{place}空间已满，本次操作未写入任何内容，原有数据不受影响。请清理磁盘（或换一个有空间的位置）后重试"


def read_only(where: Path | None) -> str:
    name = f"数据文件 {where.name}" if where else "数据文件"
    return (
        f"{name} 是只读的（只读的U盘、光盘、共享文件夹，或文件属性为只读），无法写入。"
        "请把它复制到可写的文件夹（如“文档”）后再打开"
    )


def busy(where: Path | None) -> str:
    name = f"数据文件 {where.name}" if where else "数据文件"
    return (
        f"{name} 正被另一个程序写入（可能是另一个工作台窗口、命令行导入或其他 SQLite 工具），"
        "本次未做任何改动。请等它完成或关闭它后重试"
    )


def damaged(where: Path | None, *, cli: bool = False) -> str:
    """The window names its menu, the command line its commands: each reader is told what they can do."""
    name = f"数据文件 {where.name}" if where else "数据文件"
    if cli:
        cmd = f"union-desk restore --db {where} 备份文件" if where else "union-desk restore"
        return f"{name} 已损坏或不是本程序的数据文件，未做任何改动。请用 union-desk check 查看，或从备份恢复（{cmd}）"
    return f"{name} 已损坏或不是本程序的数据文件，未做任何改动。请从备份恢复：菜单“文件 → 从备份恢复…”，选一份备份"


def no_permission(where: Path | None) -> str:
    place = f" {where}" if where else ""
    return f"没有权限读写{place}。请换一个文件夹（如“文档”），或请管理员开通权限"


# What db.migrate tells a command-line reader about a file it cannot read, and what the window says instead.
_CLI_CHECK_HINT = "请用 union-desk check 查看，或从备份恢复"
_GUI_CHECK_HINT = (
    "请点“打开其他数据文件…”另选文件；要找回数据，可把数据文件旁 backups 文件夹里最近的一份备份复制出来再打开"
)


def explain(exc: BaseException, where: Path | None = None, *, cli: bool = False) -> str | None:
    """The sentence for a fault a clerk can meet, or None for a program fault (log it).

    ``cli``: the reader is at the command line, so the advice names commands; otherwise it names the window's
    menus (a clerk in the window has no command line to type into)."""
    if isinstance(exc, UserFault | DomainError):
        return str(exc)
    from db.backup import BackupCheckError
    from db.migrate import NotADataFileError, ReadOnlyDataFileError, SchemaTooNewError

    if isinstance(exc, NotADataFileError) and not cli:
        return str(exc).replace(_CLI_CHECK_HINT, _GUI_CHECK_HINT)
    if isinstance(exc, SchemaTooNewError | NotADataFileError | ReadOnlyDataFileError):
        return str(exc)
    if isinstance(exc, BackupCheckError):
        return f"备份写好后检查未通过（{exc}），已删除这份备份；请换一个备份位置或检查磁盘后重试"
    err = _sqlite_error(exc)
    if err is not None:
        return _explain_sqlite(_code(err), where, cli=cli)
    os_err = _os_error(exc)
    if os_err is not None:
        return _explain_os(os_err, where)
    if isinstance(exc, MemoryError):
        return "内存不足，本次操作未完成。请关闭其他程序后重试"
    return None


def _explain_sqlite(code: int | None, where: Path | None, *, cli: bool) -> str | None:
    """The sentence for an SQLite result code, or None for one a clerk cannot act on."""
    if code == SQLITE_FULL:
        return disk_full(where.parent if where else None)
    if code == SQLITE_READONLY:
        return read_only(where)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy(where)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(where, cli=cli)
    if code in (SQLITE_PERM, SQLITE_AUTH):
        return no_permission(where)
    if code == SQLITE_CANTOPEN:
        return (
            f"无法打开数据文件{f' {where}' if where else ''}：文件夹不存在、没有权限，"
            "或文件在已断开的U盘/网络文件夹上。请检查后重试"
        )
    if code == SQLITE_IOERR:
        return (
            f"读写数据文件{f' {where.name}' if where else ''}时磁盘或网络出错，本次操作未完成。"
            "请检查U盘/网络连接或磁盘后重试；如再次出现，"
            + ("请用 union-desk check 检查文件" if cli else "请关闭程序，请维护人员检查文件")
        )
    return None


def _explain_os(os_err: OSError, where: Path | None) -> str:
    """The sentence for a file-system error; the file it names, if any, over ``where``."""
    target = Path(os_err.filename) if isinstance(os_err.filename, str) else where
    if os_err.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(target.parent if target else None)
    if os_err.errno == errno.EROFS:
        return f"“{target or ''}”位于只读的磁盘或文件夹上，无法写入。请换一个可写的位置（如“文档”）"
    if isinstance(os_err, PermissionError):
        return no_permission(target)
    if isinstance(os_err, FileNotFoundError):
        return f"找不到文件或文件夹：{target or os_err}"
    if isinstance(os_err, IsADirectoryError | NotADirectoryError):
        return f"“{target}”不是文件（是文件夹或路径有误），请检查后重试"
    return f"读写“{target or ''}”时出错：{os_err.strerror or type(os_err).__name__}。请检查磁盘或网络连接后重试"
