"""Command-line accounts, change log and HQ key commands (issue #15); registered by desktop.cli."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.core.roles import ROLE_LABELS, Role

_ROLE_NAMES = {
    **{r.value: r for r in Role},
    **{label: r for r, label in ROLE_LABELS.items()},
    "审批": Role.APPROVER,
    "领导": Role.APPROVER,
}


def _role(text: str) -> Role:
    from desktop.cli import CliError

    try:
        return _ROLE_NAMES[text.strip()]
    except KeyError:
        raise CliError(
            f"没有“{text}”这个角色，可选：{'、'.join(ROLE_LABELS.values())}（或 {'、'.join(r.value for r in Role)}）"
        ) from None


def _new_password_for(username: str) -> str:
    """A password being set (new account, reset, change): UNION_DESK_NEW_PASSWORD or typed twice."""
    from desktop.cli import CliError
    from desktop.core.roles import password_problem

    from_env = os.environ.get("UNION_DESK_NEW_PASSWORD")
    if from_env:
        password = from_env
    else:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("需要新密码：请在终端中运行以输入，或设置环境变量 UNION_DESK_NEW_PASSWORD")
        password = _password_prompt(f"{username} 的新密码：")
        if _password_prompt("再输入一次：") != password:
            raise CliError("两次输入的密码不一致")
    if problem := password_problem(password, username):
        raise CliError(problem)
    return password


def _password_prompt(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def cmd_init_admin(a: argparse.Namespace) -> int:
    from desktop.cli import CliError, _create_admin, _open, _recovery_note, _writing

    with _writing(a.db, "account init-admin"):
        db = _open(a.db, sign_in=False)
        try:
            if db.secured:
                raise CliError(f"数据文件 {db.path.name} 已有管理员账户；新增账户请用 union-desk account add")
            code = _create_admin(db, a.user)
        finally:
            db.close()
    print(f"已建立管理员账户 {a.user}")
    print(_recovery_note(code))
    return 0


def cmd_list(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _text_table
    from desktop.services.accounts import list_accounts

    db = _open(a.db)
    with db.read() as s:
        rows = list_accounts(s)
    print(
        _text_table(
            ("用户名", "姓名", "角色", "状态", "建立时间"),
            [(r.username, r.display_name, r.role.label, r.status, r.created_at.strftime("%Y-%m-%d")) for r in rows],
        )
    )
    return 0


def cmd_add(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _writing
    from desktop.services.accounts import add_account

    role = _role(a.role)
    with _writing(a.db, "account add"):
        db = _open(a.db)
        add_account(db, a.name, _new_password_for(a.name), role, a.display_name or "")
    print(f"已新增账户 {a.name}（{role.label}）；首次登录时须修改密码")
    return 0


def _account_id(db: object, name: str) -> int:
    from desktop.services.accounts import find_account_id

    with db.read() as s:  # type: ignore[attr-defined]
        return find_account_id(s, name)


def cmd_passwd(a: argparse.Namespace) -> int:
    from desktop.cli import _SIGN_IN, _open, _password, _writing
    from desktop.services.accounts import change_own_password

    _SIGN_IN["temporary_ok"] = True
    with _writing(a.db, "account passwd"):
        db = _open(a.db)
        assert db.account is not None
        change_own_password(db, _password(), _new_password_for(db.account.username))
    print("密码已修改")
    return 0


def cmd_reset(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _writing
    from desktop.services.accounts import reset_password

    with _writing(a.db, "account reset"):
        db = _open(a.db)
        reset_password(db, _account_id(db, a.name), _new_password_for(a.name))
    print(f"已重设 {a.name} 的密码；对方下次登录时须修改")
    return 0


def cmd_role(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _writing
    from desktop.services.accounts import set_role

    role = _role(a.role)
    with _writing(a.db, "account role"):
        db = _open(a.db)
        set_role(db, _account_id(db, a.name), role)
    print(f"{a.name} 的角色已改为 {role.label}")
    return 0


def _cmd_disable(disabled: bool) -> Callable[[argparse.Namespace], int]:
    def run(a: argparse.Namespace) -> int:
        from desktop.cli import _open, _writing
        from desktop.services.accounts import set_disabled

        with _writing(a.db, "account"):
            db = _open(a.db)
            set_disabled(db, _account_id(db, a.name), disabled)
        print(f"账户 {a.name} 已{'停用' if disabled else '启用'}")
        return 0

    return run


def cmd_recover(a: argparse.Namespace) -> int:
    from desktop.cli import CliError, _open, _writing
    from desktop.services.accounts import recover_admin

    if not a.user:
        raise CliError("请用 --user 指定要重设密码的管理员用户名")
    code = a.code or os.environ.get("UNION_DESK_RECOVERY_CODE")
    if not code:
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("需要恢复码：请用 --code 给出，或在终端中运行以输入")
        code = input("恢复码：")
    with _writing(a.db, "account recover"):
        db = _open(a.db, sign_in=False)
        recover_admin(db, code, a.user, _new_password_for(a.user))
    print(f"已用恢复码重设管理员 {a.user} 的密码")
    return 0


def cmd_recovery_code(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _recovery_note, _writing
    from desktop.services.accounts import new_recovery_code

    with _writing(a.db, "account recovery-code"):
        db = _open(a.db)
        code = new_recovery_code(db)
    print("已更换恢复码，旧的恢复码从此作废。")
    print(_recovery_note(code))
    return 0


def cmd_audit(a: argparse.Namespace) -> int:
    from desktop.cli import _open, _text_table
    from desktop.core.dates import parse_date
    from desktop.services import audit_log

    query = audit_log.AuditQuery(
        actor=a.who or "",
        text=a.text or "",
        start=parse_date(a.date_from) if a.date_from else None,
        end=parse_date(a.date_to) if a.date_to else None,
    )
    db = _open(a.db)
    if a.out:
        n = audit_log.export_log(db, Path(a.out), query)
        print(f"已导出 {n} 条变更记录到 {a.out}")
        return 0
    with db.read() as s:
        total, rows = audit_log.search(s, query, limit=a.limit)
    print(
        _text_table(
            ("编号", "时间", "账户", "操作", "对象", "内容"),
            [(str(r.id), r.at_text, r.actor, r.action_label, r.entity_label, r.summary[:60]) for r in rows],
        )
    )
    more = f"，显示最近 {len(rows)} 条（--limit 调整，--out 导出全部）" if total > len(rows) else ""
    print(f"共 {total} 条{more}")
    report = audit_log.verify(db)
    print(report.line())
    return 0 if report.ok else 1


def add_commands(sub: argparse._SubParsersAction, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    acc = sub.add_parser("account", help="登录账户：建立管理员、新增、改密码、重设、角色、停用、恢复码")
    acc_sub = acc.add_subparsers(dest="account_command", required=True)

    def sub_cmd(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = acc_sub.add_parser(name, help=help_text)
        db_arg(p)
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
    db_arg(au)
    au.add_argument("--who", help="只看此账户")
    au.add_argument("--text", help="操作、对象或内容中含有的文字")
    au.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD")
    au.add_argument("--to", dest="date_to", help="截止日期 YYYY-MM-DD")
    au.add_argument("--limit", type=int, default=50, help="最多显示条数（默认50）")
    au.add_argument("--out", help="导出到 Excel 文件")
    au.set_defaults(func=cmd_audit)

    add_hq_key_commands(sub, db_arg)


# -- HQ group key (issue #15 part 4) --------------------------------------------------------------------------

_KEY_ENV = "UNION_DESK_HQ_KEY"


def _typed_key() -> str:
    """The group key being set: UNION_DESK_HQ_KEY, or typed twice without echo (never a command-line argument,
    which would stay in the shell history and show in the process list)."""
    from desktop.cli import CliError

    from_env = os.environ.get(_KEY_ENV)
    if from_env is not None:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(f"需要集团密钥：请在终端中运行以输入，或设置环境变量 {_KEY_ENV}")
    key = _password_prompt("集团密钥：")
    if _password_prompt("再输入一次：") != key:
        raise CliError("两次输入的集团密钥不一致")
    return key


def cmd_hq_key_set(a: argparse.Namespace) -> int:
    from desktop.cli import CliError, _open, _writing
    from desktop.services import office

    key = "" if a.clear else _typed_key().strip()
    if not a.clear and not key:
        raise CliError("集团密钥不能为空；要停止签名和身份指纹，请用 union-desk hq-key set --clear")
    with _writing(a.db, "hq-key set"):
        db = _open(a.db)
        try:
            with db.write() as s:
                office.save_group_key(s, key, actor=db.actor)
                fingerprint = office.group_key_fingerprint(s)
        finally:
            db.close()
    if not key:
        print("已清除集团密钥：此后导出的上报工作簿不带签名和身份指纹，集团汇总时会被拒收")
    else:
        print(f"已设置集团密钥，密钥指纹 {fingerprint}（请与集团工会公布的密钥指纹核对）")
    return 0


def cmd_hq_key_show(a: argparse.Namespace) -> int:
    from desktop.cli import _open
    from desktop.services import office

    db = _open(a.db)
    try:
        with db.read() as s:
            fingerprint = office.group_key_fingerprint(s)
    finally:
        db.close()
    if fingerprint:
        print(f"集团密钥指纹：{fingerprint}")
    else:
        print("未设置集团密钥（union-desk hq-key set 设置）")
    return 0


def cmd_hq_key_generate(_a: argparse.Namespace) -> int:
    from desktop.reports.hq.format import key_fingerprint
    from desktop.services.keys import new_recovery_code

    # 25 characters from 32 that cannot be misread (no 0/O, 1/I): 125 bits, and it survives being read out
    # over the phone or copied from paper. The recovery-code alphabet serves both.
    key = new_recovery_code()
    print(key)
    print(f"密钥指纹：{key_fingerprint(key)}", file=sys.stderr)
    print(
        "请把密钥交各单位管理员当面或以密封件转交（不要用微信、邮件），各单位用 union-desk hq-key set 或"
        " 设置 → 单位与组织 → 集团密钥 填入，并核对密钥指纹",
        file=sys.stderr,
    )
    return 0


def merge_keys(a: argparse.Namespace) -> list[str]:
    """The group key(s) a merge verifies with: --key-file (one a line), else the key set in --db's data file.
    None given: an empty list, and the merge names the problem after it has checked the files' structure."""
    from desktop.cli import CliError, _open
    from desktop.services import office

    if a.key_file:
        path = Path(a.key_file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"无法读取集团密钥文件 {path.name}（应为 UTF-8 文本，每行一个密钥）") from exc
        found = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not found:
            raise CliError(f"集团密钥文件 {path.name} 是空的（每行一个密钥，# 开头的行为注释）")
        return found
    if not a.db:
        return []
    db = _open(a.db)
    try:
        with db.read() as s:
            key = office.group_key(s)
    finally:
        db.close()
    if not key:
        raise CliError(
            f"数据文件 {Path(a.db).name} 还没有设置集团密钥，无法验证各单位的签名："
            f"union-desk hq-key set --db {a.db} --user 管理员用户名"
        )
    return [key]


def warn_if_unsigned(db: object) -> None:
    """After an export: an office without the group key sends a workbook HQ will refuse; say so now."""
    from desktop.services import office

    with db.read() as s:  # type: ignore[attr-defined]
        if office.group_key(s):
            return
    print(
        "注意：本单位还没有设置集团密钥，此工作簿没有签名，集团汇总时会被拒收。请先设置集团密钥"
        f"（union-desk hq-key set --db {db.path} --user 管理员用户名，或 设置 → 单位与组织 → 集团密钥）后重新导出",  # type: ignore[attr-defined]
        file=sys.stderr,
    )


def add_hq_key_commands(sub: argparse._SubParsersAction, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    hq = sub.add_parser("hq-key", help="集团密钥：设置（管理员）、查看密钥指纹、生成新密钥（集团工会）")
    hq_sub = hq.add_subparsers(dest="hq_key_command", required=True)
    p = hq_sub.add_parser("set", help=f"设置集团密钥（管理员；在提示时输入，或用环境变量 {_KEY_ENV}）")
    db_arg(p)
    p.add_argument("--clear", action="store_true", help="清除集团密钥（此后导出的工作簿不带签名，集团会拒收）")
    p.set_defaults(func=cmd_hq_key_set)
    p = hq_sub.add_parser("show-fingerprint", help="显示集团密钥指纹（不显示密钥本身），用于与集团工会核对")
    db_arg(p)
    p.set_defaults(func=cmd_hq_key_show)
    p = hq_sub.add_parser("generate", help="集团工会：生成一个新的随机集团密钥（打印到屏幕，不写入任何文件）")
    p.set_defaults(func=cmd_hq_key_generate)
