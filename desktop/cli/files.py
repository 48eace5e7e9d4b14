"""``union-desk check``, ``backup`` and ``restore``: the data file as a file — its integrity and change-log
chain, a copy of it now, and putting a copy back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import EXIT_FAIL, EXIT_OK, CliError
from desktop.cli.session import SIGN_IN, add_db_option, ask_password, open_db, sign_in, writing

if TYPE_CHECKING:
    from db.check import FileCheck


def _print_check(path: Path, report: FileCheck) -> bool:
    """The check's lines; whether the file is sound."""
    print(f"数据文件：{path}")
    print(f"结构版本：{report.revision or '无'}（本程序：{report.head}）")
    for note in report.notes:
        print(f"说明：{note}")
    if report.problems:
        for problem in report.problems:
            print(f"问题：{problem}")
        print("完整性检查：发现问题。可用 union-desk restore --db 数据文件 备份文件 从备份恢复")
        return False
    print("完整性检查：正常")
    return True


def cmd_check(args: argparse.Namespace) -> int:
    """Reads only: no upgrade, no backup, no recovery of the file itself (db/check.py)."""
    from db.check import check_file
    from desktop.services.file_lock import DataFileLock, lock_path_for

    path = Path(args.db).expanduser().resolve()
    if not path.exists():
        raise CliError(f"数据文件不存在：{args.db}")
    lock = DataFileLock(path, lock_path_for(path), what="union-desk check")
    try:
        no_writer = lock.try_lock() and lock.is_locked()
        report = check_file(path, no_writer=no_writer)
        if report.too_new:
            raise CliError(
                f"数据文件 {path.name} 由更新版本的程序写入（结构版本 {report.revision}），"
                "本程序无法检查，文件未做任何改动。请升级程序后再检查。"
            )
        if not _print_check(path, report):
            return EXIT_FAIL
        return _check_log(path, report.revision == report.head, no_writer)
    finally:
        lock.release()


def _check_log(path: Path, current: bool, no_writer: bool) -> int:
    """The change-log chain needs the key that comes with a password: checked when --user is given, on a
    connection that cannot write (a normal sign-in would open, maybe upgrade, and record the sign-in)."""
    if not SIGN_IN.user:
        print("变更记录：未校验签名链（加 --user 用户名 登录后校验）")
        return EXIT_OK
    if not current:
        print("变更记录：结构版本不是最新，打开一次程序升级后再校验签名链")
        return EXIT_OK
    from desktop.core.errors import SignInError
    from desktop.services.file_sign_in import verify_log_read_only

    try:
        report = verify_log_read_only(path, str(SIGN_IN.user), ask_password(), no_writer=no_writer)
    except SignInError as exc:
        raise CliError(str(exc)) from exc
    print(report.line())
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services.backups import make_backup

    db = open_db(args.db)
    try:
        result = make_backup(db, "manual", to_dir=Path(args.to) if args.to else None)
    finally:
        db.close()
    print(result.summary())
    return EXIT_OK


def _restoring_actor(path: Path, backup: Path) -> str:
    """Who restores: an administrator of the current file when it opens, else of the backup."""
    from desktop.services.backups import require_admin, require_backup_admin
    from desktop.services.database import open_data_file

    current = None
    if path.exists() and path.stat().st_size > 0:
        try:
            current = open_data_file(path)
        except Exception:  # damaged, foreign, too new: what restore is for (kept as a backup)
            current = None
    if current is None:
        return require_backup_admin(backup, str(SIGN_IN.user or ""), ask_password)
    # A file that opens is guarded by its own accounts; a wrong password stops here (it used to count as
    # "cannot be opened" and skip the check).
    try:
        if current.secured:
            sign_in(current)
        require_admin(current)
        return current.actor
    finally:
        current.close()


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.services.backups import restore_file

    backup = Path(args.backup)
    with writing(args.db, "restore") as path:
        result = restore_file(path, backup, actor=_restoring_actor(path, backup))
        result.db.close()
    print(result.summary())
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="完整性检查与结构版本")
    add_db_option(check)
    check.set_defaults(func=cmd_check)

    backup = sub.add_parser("backup", help="立即备份数据文件")
    add_db_option(backup)
    backup.add_argument("--to", help="备份到此文件夹（默认：数据文件旁的 backups，并按保留规则清理旧备份）")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="从备份恢复数据文件（先检查备份、另存当前文件，失败则还原）")
    add_db_option(restore)
    restore.add_argument("backup", metavar="BACKUP", help="备份文件（backups 文件夹中的 .sqlite）")
    restore.set_defaults(func=cmd_restore)
