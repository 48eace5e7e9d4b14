"""``union-desk export`` and ``union-desk merge``: the workbook an office sends to the group union (HQ) for a
period, the group union's merge of them, and ``export insurance|rights|needs`` — one area's workbook for a year
(#19), the same file the tab's 导出 button writes: 特种病保险 (参保登记 and 互助金申请), 维权诉求 (the requests and
the summary sheet; accounts with the 维权诉求 permission only) and the 职工需求清单.

Each goes through its service export, which checks the account's role and masks ID numbers (only the HQ workbook,
the roster and 特种病保险 may write them whole, with --full-ids and a reason, as in the tab); errors are the CLI's
one Chinese line (exit 1).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import EXIT_OK, CliError
from desktop.cli.session import add_db_option, open_db

if TYPE_CHECKING:  # the services load with the command, not with every start of the program
    from desktop.services.database import Database
    from desktop.services.hq.export import Period


@dataclass(frozen=True)
class AreaExport:
    label: str
    full_ids: bool
    """Whether the area's export may write ID numbers whole (--full-ids)."""
    run: Callable[[Database, Path, int, bool, str], int]
    """(database, out, year, full_ids, reason) → rows written."""


def _insurance(db: Database, out: Path, year: int, full_ids: bool, reason: str) -> int:
    from desktop.services.insurance.outputs import export_insurance

    return export_insurance(db, out, year=year, full_ids=full_ids, reason=reason)


def _rights(db: Database, out: Path, year: int, _full_ids: bool, _reason: str) -> int:
    from desktop.services.rights.outputs import export_requests

    return export_requests(db, out, year=year)


def _needs(db: Database, out: Path, year: int, _full_ids: bool, _reason: str) -> int:
    from desktop.services.surveys.outputs import export_needs

    return export_needs(db, out, year=year)


AREAS: dict[str, AreaExport] = {
    "insurance": AreaExport("特种病保险（参保登记、互助金申请）", True, _insurance),
    "rights": AreaExport("维权诉求（诉求清单、年度汇总）", False, _rights),
    "needs": AreaExport("职工需求清单", False, _needs),
}
AREA_HELP = "；".join(f"{key} {area.label}" for key, area in AREAS.items())


def export_area(args: argparse.Namespace) -> int:
    """The area's workbook for --year (default this year); --from/--to belong to the HQ workbook."""
    from datetime import date

    area = AREAS[args.area]
    if args.date_from or args.date_to:
        raise CliError(f"导出{area.label}按年度统计，请用 --year 年份（--from/--to 只用于上报工作簿）")
    if args.full_ids and not area.full_ids:
        raise CliError(f"{area.label}的导出总是隐去身份证号中间部分，不能用 --full-ids")
    if not str(args.out).lower().endswith(".xlsx"):
        raise CliError(f"Excel 文件名应以 .xlsx 结尾：{args.out}")
    year = args.year if args.year is not None else date.today().year
    db = open_db(args.db)
    try:
        rows = area.run(db, Path(args.out), year, args.full_ids, args.reason or "")
    finally:
        db.close()
    ids = "含完整身份证号，注意保密" if args.full_ids else "身份证号已隐去中间部分"
    print(f"已导出{year}年{area.label} {rows} 行到 {args.out}（{ids}）")
    return EXIT_OK


def _hq_period(args: argparse.Namespace) -> Period:
    """--year, or --from with --to, or this year."""
    from desktop.core.dates import parse_date
    from desktop.services.hq.export import Period

    if args.year is not None and (args.date_from or args.date_to):
        raise CliError("--year 与 --from/--to 只能选一种")
    if args.year is not None:
        return Period.year(args.year)
    if args.date_from or args.date_to:
        if not (args.date_from and args.date_to):
            raise CliError("--from 与 --to 须同时给出（YYYY-MM-DD）")
        start, end = parse_date(args.date_from), parse_date(args.date_to)
        assert start is not None and end is not None
        return Period(start, end)
    from datetime import date

    return Period.year(date.today().year)


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.cli.hq_key import warn_if_unsigned
    from desktop.services.hq.export import export_hq_workbook

    if args.area is not None:
        return export_area(args)
    period = _hq_period(args)
    db = open_db(args.db)
    counts = export_hq_workbook(db, Path(args.out), period, full_ids=args.full_ids, reason=args.reason or "")
    warn_if_unsigned(db)
    parts = "，".join(f"{title} {n} 行" for title, n in counts.items())
    ids = "含完整身份证号，注意保密" if args.full_ids else "身份证号已隐去中间部分"
    print(f"已导出上报工作簿 {args.out}（{period.start}–{period.end}；{parts}；{ids}）")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from desktop.cli.hq_key import merge_keys
    from desktop.services.hq.merge import merge_workbooks

    result = merge_workbooks([Path(f) for f in args.files], Path(args.out), keys=merge_keys(args))
    print(f"{result.summary_line()}；结果已保存到 {args.out}")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="导出上报集团工会的工作簿（各板块、说明页、汇总页），或某一板块的年度 Excel")
    export.add_argument(
        "area",
        nargs="?",
        choices=list(AREAS),
        metavar="板块",
        help=f"只导出这一板块的年度 Excel（不写则为上报工作簿）：{AREA_HELP}",
    )
    add_db_option(export)
    export.add_argument("--out", required=True)
    export.add_argument("--year", type=int, help="统计年度（默认今年）")
    export.add_argument("--from", dest="date_from", help="统计期间起（YYYY-MM-DD，与 --to 同用）")
    export.add_argument("--to", dest="date_to", help="统计期间止（YYYY-MM-DD）")
    export.add_argument(
        "--full-ids",
        action="store_true",
        help="导出完整身份证号（审批/领导或管理员，须 --reason；维权诉求和需求清单不可）",
    )
    export.add_argument("--reason", help="导出完整身份证号的用途（写入变更记录）")
    export.set_defaults(func=cmd_export)

    merge = sub.add_parser("merge", help="集团工会：汇总各单位的上报工作簿（先全部校验签名，有问题则不生成结果）")
    add_db_option(merge, required=False)
    merge.add_argument(
        "--key-file",
        help="集团密钥文件（每行一个密钥；更换密钥期间可同时写旧密钥）；不给则用 --db 数据文件中设置的密钥",
    )
    merge.add_argument("--out", required=True)
    merge.add_argument("files", nargs="+", metavar="IN.xlsx")
    merge.set_defaults(func=cmd_merge)
