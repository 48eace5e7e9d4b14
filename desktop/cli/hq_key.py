"""``union-desk hq-key``: the group key an office signs its HQ workbook with (issue #15 part 4) — set it, show
its fingerprint, or (the group union) generate one; and the key(s) ``union-desk merge`` verifies with."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import CliError
from desktop.cli.session import add_db_option, open_db, prompt_hidden, writing

if TYPE_CHECKING:
    from desktop.services.database import Database

_KEY_ENV = "UNION_DESK_HQ_KEY"


def _typed_key() -> str:
    """The group key being set: UNION_DESK_HQ_KEY, or typed twice without echo (never a command-line argument,
    which would stay in the shell history and show in the process list)."""

    from_env = os.environ.get(_KEY_ENV)
    if from_env is not None:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(f"需要集团密钥：请在终端中运行以输入，或设置环境变量 {_KEY_ENV}")
    key = prompt_hidden("集团密钥：")
    if prompt_hidden("再输入一次：") != key:
        raise CliError("两次输入的集团密钥不一致")
    return key


def cmd_hq_key_set(args: argparse.Namespace) -> int:
    from desktop.services import office

    key = "" if args.clear else _typed_key().strip()
    if not args.clear and not key:
        raise CliError("集团密钥不能为空；要停止签名和身份指纹，请用 union-desk hq-key set --clear")
    with writing(args.db, "hq-key set"):
        db = open_db(args.db)
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


def cmd_hq_key_show(args: argparse.Namespace) -> int:
    from desktop.services import office

    db = open_db(args.db)
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


def merge_keys(args: argparse.Namespace) -> list[str]:
    """The group key(s) a merge verifies with: --key-file (one a line), else the key set in --db's data file.
    None given: an empty list, and the merge names the problem after it has checked the files' structure."""
    from desktop.services import office

    if args.key_file:
        path = Path(args.key_file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"无法读取集团密钥文件 {path.name}（应为 UTF-8 文本，每行一个密钥）") from exc
        found = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not found:
            raise CliError(f"集团密钥文件 {path.name} 是空的（每行一个密钥，# 开头的行为注释）")
        return found
    if not args.db:
        return []
    db = open_db(args.db)
    try:
        with db.read() as s:
            key = office.group_key(s)
    finally:
        db.close()
    if not key:
        raise CliError(
            f"数据文件 {Path(args.db).name} 还没有设置集团密钥，无法验证各单位的签名："
            f"union-desk hq-key set --db {args.db} --user 管理员用户名"
        )
    return [key]


def warn_if_unsigned(db: Database) -> None:
    """After an export: an office without the group key sends a workbook HQ will refuse; say so now."""
    from desktop.services import office

    with db.read() as s:
        if office.group_key(s):
            return
    print(
        "注意：本单位还没有设置集团密钥，此工作簿没有签名，集团汇总时会被拒收。请先设置集团密钥"
        f"（union-desk hq-key set --db {db.path} --user 管理员用户名，或 设置 → 单位与组织 → 集团密钥）后重新导出",
        file=sys.stderr,
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    hq = sub.add_parser("hq-key", help="集团密钥：设置（管理员）、查看密钥指纹、生成新密钥（集团工会）")
    hq_sub = hq.add_subparsers(dest="hq_key_command", required=True)
    p = hq_sub.add_parser("set", help=f"设置集团密钥（管理员；在提示时输入，或用环境变量 {_KEY_ENV}）")
    add_db_option(p)
    p.add_argument("--clear", action="store_true", help="清除集团密钥（此后导出的工作簿不带签名，集团会拒收）")
    p.set_defaults(func=cmd_hq_key_set)
    p = hq_sub.add_parser("show-fingerprint", help="显示集团密钥指纹（不显示密钥本身），用于与集团工会核对")
    add_db_option(p)
    p.set_defaults(func=cmd_hq_key_show)
    p = hq_sub.add_parser("generate", help="集团工会：生成一个新的随机集团密钥（打印到屏幕，不写入任何文件）")
    p.set_defaults(func=cmd_hq_key_generate)
