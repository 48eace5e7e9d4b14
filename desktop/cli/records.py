"""``union-desk list batches|visits|activities|plans|honours|hardship`` and the record options of other commands
(#17 item 3): records are named by their serial (慰2026-0042); the uid and the row id are still accepted.

Registered by desktop.cli.program; errors go through its one-line Chinese style (exit 1).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop.cli.errors import EXIT_OK
from desktop.cli.session import add_db_option, open_db
from desktop.cli.text_table import text_table

if TYPE_CHECKING:
    from desktop.services.database import Database

# CLI option -> record kind (desktop.core.serials.KINDS)
RECORD_OPTIONS: dict[str, str] = {
    "batch": "batch",
    "visit": "visit",
    "plan": "plan",
    "activity": "activity",
    "honour": "honour",
}
_HEADERS: dict[str, tuple[str, str, str, str]] = {
    "visit": ("慰问日期", "事由", "慰问对象", "状态"),
    "batch": ("发放日期", "批次名称", "", "发放情况"),
    "activity": ("活动日期", "活动（品牌）", "", "形式"),
    "honour": ("授予日期", "荣誉（级别）", "获得者", "年度"),
    "plan": ("开始日期", "计划（类型）", "", "结束日期"),
    "hardship": ("建档日期", "困难类别", "职工", "状态"),
}


def resolve_records(db: Database, options: dict[str, object]) -> dict[str, object]:
    """The options with each record named by serial, uid or id replaced by its row id (what the forms take);
    an unknown number stops the command with one Chinese line."""
    from desktop.core.serials import looks_like_serial
    from desktop.services import serials

    out = dict(options)
    with db.read() as s:
        for key, kind in RECORD_OPTIONS.items():
            if out.get(key) is not None:
                out[key] = serials.find_id(s, kind, out[key])
        # The hardship file's form names the household by its worker; its 档案编号 (帮2026-0001) names her too.
        if isinstance(out.get("worker"), str) and looks_like_serial(str(out["worker"])):
            out["worker"] = int(serials.find(s, "hardship", out["worker"]).worker_id)
    return out


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.core.dates import format_date
    from desktop.core.serials import KINDS
    from desktop.services import serials

    kind = serials.LIST_KINDS[args.what]
    db = open_db(args.db)
    try:
        with db.read() as s:
            rows = serials.list_rows(s, kind, year=args.year)
    finally:
        db.close()
    label = KINDS[kind].label
    if not rows:
        print(f"{args.year}年没有{label}" if args.year else f"还没有{label}")
        return EXIT_OK
    day, title, person, status = _HEADERS[kind]
    keep = [True, True, True, any(r.person for r in rows), True]
    headers = [h for h, k in zip(("编号", day, title, person, status), keep, strict=True) if k]
    table = [
        [
            c
            for c, k in zip(
                (r.serial, format_date(r.day) if r.day else "", r.title, r.person, r.status), keep, strict=True
            )
            if k
        ]
        for r in rows
    ]
    print(text_table(headers, table))
    print(f"共 {len(rows)} 条{label}")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    from desktop.services.serials import LIST_KINDS

    p = sub.add_parser(
        "list",
        help="列出记录编号：发放批次、慰问记录、活动、体检计划、荣誉、困难职工档案",
        description="列出记录及其编号（如 慰2026-0042），其他命令的 --batch/--visit/--plan/"
        "--activity/--honour 参数可直接使用这些编号。身份证号隐去中间部分。",
    )
    p.add_argument(
        "what",
        choices=list(LIST_KINDS),
        metavar="{" + "|".join(LIST_KINDS) + "}",
        help="batches 发放批次、visits 慰问记录、activities 活动、plans 体检计划、honours 荣誉、hardship 困难职工档案",
    )
    add_db_option(p)
    p.add_argument("--year", type=int, help="只列出该年的记录（编号中的年份）")
    p.set_defaults(func=cmd_list)
