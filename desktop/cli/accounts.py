"""``union-desk account …`` and ``union-desk audit``: sign-in accounts and the change log (issue #15)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import CliError
from desktop.cli.session import (
    SIGN_IN,
    add_db_option,
    ask_password,
    create_admin,
    open_db,
    prompt_hidden,
    recovery_note,
    writing,
)
from desktop.cli.text_table import text_table
from desktop.core.roles import ROLE_LABELS, Role

if TYPE_CHECKING:
    from desktop.services.database import Database

_ROLE_NAMES = {
    **{r.value: r for r in Role},
    **{label: r for r, label in ROLE_LABELS.items()},
    "审批": Role.APPROVER,
    "领导": Role.APPROVER,
}


def _role(text: str) -> Role:

    try:
        return _ROLE_NAMES[text.strip()]
    except KeyError:
        raise CliError(
            f"没有“{text}”这个角色，可选：{'、'.join(ROLE_LABELS.values())}（或 {'、'.join(r.value for r in Role)}）"
        ) from None


def _new_password_for(username: str) -> str:
    """A password being set (new account, reset, change): UNION_DESK_NEW_PASSWORD or typed twice."""
    from desktop.core.roles import password_problem

    from_env = os.environ.get("UNION_DESK_NEW_PASSWORD")
    if from_env:
        password = from_env
    else:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("需要新密码：请在终端中运行以输入，或设置环境变量 UNION_DESK_NEW_PASSWORD")
        password = prompt_hidden(f"{username} 的新密码：")
        if prompt_hidden("再输入一次：") != password:
            raise CliError("两次输入的密码不一致")
    if problem := password_problem(password, username):
        raise CliError(problem)
    return password


def cmd_init_admin(args: argparse.Namespace) -> int:

    with writing(args.db, "account init-admin"):
        db = open_db(args.db, signed_in=False)
        try:
            if db.secured:
                raise CliError(f"数据文件 {db.path.name} 已有管理员账户；新增账户请用 union-desk account add")
            code = create_admin(db, args.user)
        finally:
            db.close()
    print(f"已建立管理员账户 {args.user}")
    print(recovery_note(code))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.services.accounts import list_accounts

    db = open_db(args.db)
    with db.read() as s:
        rows = list_accounts(s)
    print(
        text_table(
            ("用户名", "姓名", "角色", "状态", "建立时间"),
            [(r.username, r.display_name, r.role.label, r.status, r.created_at.strftime("%Y-%m-%d")) for r in rows],
        )
    )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from desktop.services.accounts import add_account

    role = _role(args.role)
    with writing(args.db, "account add"):
        db = open_db(args.db)
        add_account(db, args.name, _new_password_for(args.name), role, args.display_name or "")
    print(f"已新增账户 {args.name}（{role.label}）；首次登录时须修改密码")
    return 0


def _account_id(db: Database, name: str) -> int:
    from desktop.services.accounts import find_account_id

    with db.read() as s:
        return find_account_id(s, name)


def cmd_passwd(args: argparse.Namespace) -> int:
    from desktop.services.accounts import change_own_password

    SIGN_IN.temporary_ok = True
    with writing(args.db, "account passwd"):
        db = open_db(args.db)
        assert db.account is not None
        change_own_password(db, ask_password(), _new_password_for(db.account.username))
    print("密码已修改")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    from desktop.services.accounts import reset_password

    with writing(args.db, "account reset"):
        db = open_db(args.db)
        reset_password(db, _account_id(db, args.name), _new_password_for(args.name))
    print(f"已重设 {args.name} 的密码；对方下次登录时须修改")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    from desktop.services.accounts import set_role

    role = _role(args.role)
    with writing(args.db, "account role"):
        db = open_db(args.db)
        set_role(db, _account_id(db, args.name), role)
    print(f"{args.name} 的角色已改为 {role.label}")
    return 0


def _cmd_disable(disabled: bool) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from desktop.services.accounts import set_disabled

        with writing(args.db, "account"):
            db = open_db(args.db)
            set_disabled(db, _account_id(db, args.name), disabled)
        print(f"账户 {args.name} 已{'停用' if disabled else '启用'}")
        return 0

    return run


def cmd_recover(args: argparse.Namespace) -> int:
    from desktop.services.accounts import recover_admin

    if not args.user:
        raise CliError("请用 --user 指定要重设密码的管理员用户名")
    code = args.code or os.environ.get("UNION_DESK_RECOVERY_CODE")
    if not code:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("需要恢复码：请用 --code 给出，或在终端中运行以输入")
        code = input("恢复码：")
    with writing(args.db, "account recover"):
        db = open_db(args.db, signed_in=False)
        recover_admin(db, code, args.user, _new_password_for(args.user))
    print(f"已用恢复码重设管理员 {args.user} 的密码")
    return 0


def cmd_recovery_code(args: argparse.Namespace) -> int:
    from desktop.services.accounts import new_recovery_code

    with writing(args.db, "account recovery-code"):
        db = open_db(args.db)
        code = new_recovery_code(db)
    print("已更换恢复码，旧的恢复码从此作废。")
    print(recovery_note(code))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop.core.dates import parse_date
    from desktop.services import audit_log

    query = audit_log.AuditQuery(
        actor=args.who or "",
        text=args.text or "",
        start=parse_date(args.date_from) if args.date_from else None,
        end=parse_date(args.date_to) if args.date_to else None,
    )
    db = open_db(args.db)
    if args.out:
        n = audit_log.export_log(db, Path(args.out), query)
        print(f"已导出 {n} 条变更记录到 {args.out}")
        return 0
    with db.read() as s:
        total, rows = audit_log.search(s, query, limit=args.limit)
    print(
        text_table(
            ("编号", "时间", "账户", "操作", "对象", "内容"),
            [(str(r.id), r.at_text, r.actor, r.action_label, r.entity_label, r.summary[:60]) for r in rows],
        )
    )
    more = f"，显示最近 {len(rows)} 条（--limit 调整，--out 导出全部）" if total > len(rows) else ""
    print(f"共 {total} 条{more}")
    report = audit_log.verify(db)
    print(report.line())
    return 0 if report.ok else 1


def add_commands(sub: argparse._SubParsersAction) -> None:
    acc = sub.add_parser("account", help="登录账户：建立管理员、新增、改密码、重设、角色、停用、恢复码")
    acc_sub = acc.add_subparsers(dest="account_command", required=True)

    def sub_cmd(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = acc_sub.add_parser(name, help=help_text)
        add_db_option(p)
        p.set_defaults(func=func)
        return p

    sub_cmd("init-admin", "为还没有账户的数据文件建立第一个管理员（--user 用户名）", cmd_init_admin)
    sub_cmd("list", "列出账户（管理员）", cmd_list)
    p = sub_cmd("add", "新增账户（管理员；新密码在提示时输入，或用 UNION_DESK_NEW_PASSWORD）", cmd_add)
    p.add_argument("--name", required=True, help="新账户的用户名")
    p.add_argument("--role", required=True, help="角色：管理员、经办、审批/领导、只读")
    p.add_argument("--display-name", help="姓名")
    sub_cmd("passwd", "修改自己的密码", cmd_passwd)
    p = sub_cmd("reset", "重设他人的密码（管理员；对方下次登录须修改）", cmd_reset)
    p.add_argument("--name", required=True)
    p = sub_cmd("role", "修改账户角色（管理员）", cmd_role)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p = sub_cmd("disable", "停用账户（管理员；账户不会删除，变更记录仍写明其名）", _cmd_disable(True))
    p.add_argument("--name", required=True)
    p = sub_cmd("enable", "重新启用账户（管理员）", _cmd_disable(False))
    p.add_argument("--name", required=True)
    p = sub_cmd("recover", "管理员忘记密码：凭恢复码重设（--user 管理员用户名）", cmd_recover)
    p.add_argument("--code", help="恢复码（不给则在提示时输入，或用 UNION_DESK_RECOVERY_CODE）")
    sub_cmd("recovery-code", "更换恢复码（管理员；旧码作废）", cmd_recovery_code)

    au = sub.add_parser("audit", help="变更记录：查询、导出，并校验签名链（管理员、审批/领导）")
    add_db_option(au)
    au.add_argument("--who", help="只看此账户")
    au.add_argument("--text", help="操作、对象或内容中含有的文字")
    au.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD")
    au.add_argument("--to", dest="date_to", help="截止日期 YYYY-MM-DD")
    au.add_argument("--limit", type=int, default=50, help="最多显示条数（默认50）")
    au.add_argument("--out", help="导出到 Excel 文件")
    au.set_defaults(func=cmd_audit)
