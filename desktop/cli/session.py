"""The data file a command works on: the --db/--user options, signing in, and the lock a writing command holds."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import CliError

if TYPE_CHECKING:  # the services load with the command, not with every start of the program
    from desktop.services.database import Database


def add_db_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--db",
        default=os.environ.get("UNION_DESK_DB"),
        required=required and not os.environ.get("UNION_DESK_DB"),
        help="数据文件（或环境变量 UNION_DESK_DB）",
    )
    parser.add_argument(
        "--user",
        default=os.environ.get("UNION_DESK_USER"),
        help="登录用户名（或环境变量 UNION_DESK_USER）；密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD",
    )


@dataclass
class SignIn:
    """The account every data command signs in as (issue #15), set by the program from --user."""

    user: str | None = None
    temporary_ok: bool = False
    """A password an administrator set may still be used (only to change it: ``account passwd``)."""


SIGN_IN = SignIn()


def prompt_hidden(prompt: str) -> str:
    """A secret typed at the terminal without echo."""
    import getpass

    return getpass.getpass(prompt)


def ask_password(prompt: str = "密码：") -> str:
    from_env = os.environ.get("UNION_DESK_PASSWORD")
    if from_env:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError("需要密码：请在终端中运行以输入密码，或设置环境变量 UNION_DESK_PASSWORD")
    return prompt_hidden(prompt)


def ask_new_password(username: str) -> str:
    from desktop.core.roles import password_problem

    from_env = os.environ.get("UNION_DESK_PASSWORD")
    password = from_env or ask_password(f"为 {username} 设置密码：")
    if not from_env and ask_password("再输入一次：") != password:
        raise CliError("两次输入的密码不一致")
    if problem := password_problem(password, username):
        raise CliError(problem)
    return password


def create_admin(db: Database, username: str | None, password: str | None = None) -> str:
    """The file's first administrator; returns the recovery code to print once."""
    from desktop.services.accounts import create_first_admin

    if not username:
        raise CliError("请用 --user 指定管理员的用户名（密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD）")
    _signed, code = create_first_admin(db, username, password or ask_new_password(username))
    return code


def recovery_note(code: str) -> str:
    return (
        f"恢复码：{code}\n请把恢复码抄在纸上，与备份U盘一起锁进柜子；管理员忘记密码时，"
        "凭它用 union-desk account recover 重设密码。它只显示这一次。"
    )


def sign_in(db: Database) -> None:
    from desktop.core.errors import SignInError
    from desktop.services.accounts import sign_in as sign_in_account

    if not db.secured:
        raise CliError(
            f"数据文件 {db.path.name} 还没有管理员账户，请先建立："
            f"union-desk account init-admin --db {db.path} --user 用户名"
        )
    user = SIGN_IN.user
    if not user:
        raise CliError(
            "此数据文件需要登录：请加 --user 用户名（或环境变量 UNION_DESK_USER）；"
            "密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD"
        )
    try:
        signed = sign_in_account(db, str(user), ask_password())
    except SignInError as exc:
        db.close()
        raise CliError(str(exc)) from exc
    if signed.must_change_password and not SIGN_IN.temporary_ok:
        db.close()
        raise CliError(
            f"账户 {signed.username} 的密码是管理员设置的临时密码，请先修改："
            f"union-desk account passwd --db {db.path} --user {signed.username}"
        )


def open_db(path: str, *, must_exist: bool = True, signed_in: bool = True) -> Database:
    from db.migrate import NotADataFileError, SchemaTooNewError
    from desktop.services.database import open_data_file

    if must_exist and not Path(path).exists():
        raise CliError(
            f"数据文件不存在：{path}（新建数据文件：union-desk init --db {path} --office-code 代码 --office-name 名称）"
        )
    try:
        db = open_data_file(path)
    except (SchemaTooNewError, NotADataFileError) as exc:
        raise CliError(str(exc)) from exc
    if signed_in:
        sign_in(db)
    return db


# A command-line writer waits this long for another command-line writer (a second import of the same roster)
# before giving up; a window holding the file is named at once, since it will not close by itself.
LOCK_WAIT_SECONDS = float(os.environ.get("UNION_DESK_LOCK_WAIT", "120"))


@contextmanager
def writing(path: str, what: str) -> Iterator[Path]:
    """Hold the data file's lock (the one the window takes) for the length of a writing command."""
    from desktop.services.file_lock import DataFileLock, busy_message, lock_path_for
    from desktop.services.new_file import clean_leftovers

    resolved = Path(path).expanduser().resolve()
    lock = DataFileLock(resolved, lock_path_for(resolved), what=f"union-desk {what}")
    if not lock.try_lock():
        holder = lock.holder()
        if holder is None or holder.what == "窗口" or not lock.acquire(LOCK_WAIT_SECONDS):
            raise CliError(busy_message(resolved, lock.holder()))
    try:
        clean_leftovers(resolved)  # temporary files of a killed build, restore or backup
        yield resolved
    finally:
        lock.release()
