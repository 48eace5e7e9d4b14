"""``union-desk export insurance|rights|needs`` — one area's workbook for a year (#19), the same file the tab's
导出 button writes: 特种病保险 (参保登记 and 互助金申请), 维权诉求 (the requests and the summary sheet; accounts
with the 维权诉求 permission only) and the 职工需求清单. ``union-desk export`` without an area is still the HQ
workbook (desktop/cli.py).

Each goes through its service export, which checks the account's role and masks ID numbers (only 特种病保险 may
write them whole, with --full-ids and a reason, as in the tab); errors are the CLI's one Chinese line (exit 1).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services load with the command, not with every start of the program
    from desktop.services.database import Database


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
AREA_HELP = "；".join(f"{key} {a.label}" for key, a in AREAS.items())


def export_area(a: argparse.Namespace) -> int:
    """The area's workbook for --year (default this year); --from/--to belong to the HQ workbook."""
    from datetime import date

    from desktop.cli import EXIT_OK, CliError, _open

    area = AREAS[a.area]
    if a.date_from or a.date_to:
        raise CliError(f"导出{area.label}按年度统计，请用 --year 年份（--from/--to 只用于上报工作簿）")
    if a.full_ids and not area.full_ids:
        raise CliError(f"{area.label}的导出总是隐去身份证号中间部分，不能用 --full-ids")
    if not str(a.out).lower().endswith(".xlsx"):
        raise CliError(f"Excel 文件名应以 .xlsx 结尾：{a.out}")
    year = a.year if a.year is not None else date.today().year
    db = _open(a.db)
    try:
        rows = area.run(db, Path(a.out), year, a.full_ids, a.reason or "")
    finally:
        db.close()
    ids = "含完整身份证号，注意保密" if a.full_ids else "身份证号已隐去中间部分"
    print(f"已导出{year}年{area.label} {rows} 行到 {a.out}（{ids}）")
    return EXIT_OK
