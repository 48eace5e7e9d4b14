"""``union-desk init`` and ``union-desk demo``: a new data file, empty with its office and administrator, or
filled with made-up demo data. Both are built in a temporary file and renamed into place."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import EXIT_OK, CliError
from desktop.cli.session import SIGN_IN, add_db_option, ask_new_password, create_admin, recovery_note, sign_in, writing

if TYPE_CHECKING:
    from db.models import Office
    from desktop.services.database import Database
    from desktop.services.demo import DemoSummary

# Demo data is made up, so its administrator has a published password (README, the sign-in box).
DEMO_ADMIN, DEMO_PASSWORD = "admin", "demo1234"


def _fill_demo(db: Database, args: argparse.Namespace, user: str, password: str) -> DemoSummary:
    if db.secured:  # an existing file (made by init, say): its own accounts sign in
        SIGN_IN.user = user
        sign_in(db)
    else:
        create_admin(db, user, password)
        from desktop.services.accounts import mark_demo

        mark_demo(db, user, password if password == DEMO_PASSWORD else "（创建时设置的密码）")
    from desktop.services.demo import create_demo

    return create_demo(
        db, workers=args.workers, seed=args.seed, office_code=args.office_code, office_name=args.office_name
    )


def cmd_demo(args: argparse.Namespace) -> int:
    import dataclasses

    from desktop.services.new_file import build_then_place

    with writing(args.db, "demo") as path:
        # Built in a temporary file and renamed: a kill or a full disk never leaves a half-filled demo file.
        user, password = args.user or DEMO_ADMIN, os.environ.get("UNION_DESK_PASSWORD") or DEMO_PASSWORD
        summary = build_then_place(path, lambda db: _fill_demo(db, args, user, password))
    print(dataclasses.replace(summary, path=str(path)))
    shown = password if password == DEMO_PASSWORD else "（UNION_DESK_PASSWORD 中的密码）"
    print(f"演示账户：用户名 {user}，密码 {shown}")
    return EXIT_OK


def _fill_new(db: Database, args: argparse.Namespace, password: str, codes: list[str]) -> Office | None:
    """The administrator (her recovery code appended to codes), the office and its top unit if given."""
    from desktop.services.office import get_office, save_office

    codes.append(create_admin(db, args.user, password))
    with db.write() as s:
        save_office(s, code=args.office_code, name=args.office_name, actor=db.actor)
        if args.company:
            from desktop.services.office import add_unit

            add_unit(s, name=args.company, parent_id=None, kind="company", actor=db.actor)
    with db.read() as s:
        return get_office(s)


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.services.new_file import build_then_place

    if Path(args.db).exists():
        raise CliError(f"数据文件已存在：{args.db}，不会覆盖")
    if not args.user:
        raise CliError(
            "请用 --user 指定管理员的用户名（新数据文件的第一个账户；密码在提示时输入，或用 UNION_DESK_PASSWORD）"
        )
    password = ask_new_password(args.user)
    codes: list[str] = []
    with writing(args.db, "init") as path:
        if path.exists():
            raise CliError(f"数据文件已存在：{args.db}，不会覆盖")
        office = build_then_place(path, lambda db: _fill_new(db, args, password, codes))
    assert office is not None
    print(f"已建立数据文件 {path}：{office.name}（代码 {office.code}）")
    print(f"管理员账户：{args.user}")
    print(recovery_note(codes[0]))
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="生成演示数据")
    add_db_option(demo)
    demo.add_argument("--workers", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--office-code", default="ALH")
    demo.add_argument("--office-name", default="阿里河森工公司工会")
    demo.set_defaults(func=cmd_demo)

    init = sub.add_parser("init", help="新建数据文件并填写工会信息")
    add_db_option(init)
    init.add_argument("--office-code", required=True, help="单位代码，字母或数字，如 ALH")
    init.add_argument("--office-name", required=True, help="工会名称，如 阿里河森工公司工会")
    init.add_argument("--company", help="顶级单位名称（可选），如 阿里河森工公司")
    init.set_defaults(func=cmd_init)
