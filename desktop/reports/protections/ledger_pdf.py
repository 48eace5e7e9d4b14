"""女职工四期保护台账: every woman in a protection period on a day, with her key dates, as landscape A4.

Pure report: it receives rows shaped like desktop.services.protections.ledger.CaseRow (dates already
computed and explained by the core) and never queries. The reasons behind each date are too long for a
ledger cell; they are printed on each woman's 告知单 and shown in the tab's detail pane.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sized
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from reportlab.platypus import Flowable, Spacer

from desktop.core.dates import format_date
from desktop.core.progress import Job
from desktop.core.protection_timeline import ExplainedDate
from desktop.reports.pdf.form import para
from desktop.reports.pdf.table import Column, TableForm, render_table_form
from desktop.reports.protections.case_row import CaseFacts

TITLE = "女职工四期保护台账"

COLUMNS: tuple[Column, ...] = (
    Column("姓名", 0.85),
    Column("单位", 1.3),  # a full path ("克一河林场/营林二班") on two lines, broken at the "/"
    Column("岗位", 0.9),
    Column("禁忌岗位/调岗", 1.45, "left"),
    Column("当前状态", 0.95),
    Column("末次月经", 0.92, wrap=False),
    Column("预产期", 0.92, wrap=False),
    Column("满7个月日期", 0.92, wrap=False),
    Column("分娩日期", 0.92),
    Column("分娩方式", 0.95),
    Column("产假起止", 1.12),
    Column("哺乳期截止", 0.92, wrap=False),
    Column("每日哺乳时间", 0.75),
)

SIGNATURES = ("制表人", "审核人", "工会女职工委员会主任")
FOOTER_NOTE = "本表含女职工孕产等个人信息，仅供工会工作使用，请妥善保管，不得外传"
NOTES = (
    "说明：1. 日期按国务院令第619号《女职工劳动保护特别规定》和《内蒙古自治区人口与计划生育条例》计算，"
    "产假按日历天数计算，含首尾及节假日；每项日期的计算依据见本人的保护告知单。"
    "2. 满7个月日期起及哺乳期内不得安排夜班和延长劳动时间。"
    "3. “禁忌岗位”列出现岗位中本期禁忌从事的作业或不得安排的夜班、加班，须及时调整岗位并登记调岗。"
)

_MULTIPLE = {1: "单胎", 2: "双胞胎", 3: "三胞胎", 4: "四胞胎"}

# desktop.core.hazards words its reasons "孕期禁忌：噪声作业Ⅲ级（…）" and "岗位安排夜班：…"; a ledger cell
# has room for the item only, the full sentence is on the notice and in the conflicts list.
_PROHIBITED = re.compile(r"^(?:经期|孕期|哺乳期)禁忌：([^（(]+)")
_NIGHT = re.compile(r"^岗位安排([^：:]+)：")


class LedgerRow(CaseFacts, Protocol):
    """What the ledger reads from a row (desktop.services.protections.ledger.CaseRow has all of it)."""

    @property
    def state_code(self) -> str | None: ...
    @property
    def weeks(self) -> int | None: ...


def _d(item: ExplainedDate | None) -> str:
    return format_date(item.day) if item is not None else ""


def babies_text(babies: int) -> str:
    return _MULTIPLE.get(babies, f"{babies}胞胎")


def birth_type_text(row: LedgerRow) -> str:
    """ "顺产·单胎", "难产·双胞胎"; empty before the delivery."""
    if not row.birth_type:
        return ""
    return f"{row.birth_type}·{babies_text(row.babies)}"


def short_problems(problems: Iterable[str]) -> list[str]:
    """The prohibited items of each reason ("噪声作业Ⅲ级", "夜班"), unknown wordings kept whole."""
    items: list[str] = []
    for reason in problems:
        m = _PROHIBITED.match(reason) or _NIGHT.match(reason)
        item = m.group(1).strip() if m else reason
        if item not in items:
            items.append(item)
    return items


def flag_text(row: LedgerRow) -> str:
    """禁忌岗位 flag and reassignment in one cell: "禁忌：噪声作业Ⅲ级、强烈振动\n调岗：油锯手 → 资料员（…）"."""
    lines: list[str] = []
    problems = short_problems(row.post_problems)
    if problems:
        lines.append("禁忌：" + "、".join(problems))
    if row.reassignment:
        # A reassignment dated after the ledger day is planned, not yet done: say so.
        lines.append(("调岗：" if row.reassigned else "拟调岗：") + row.reassignment)
    return "\n".join(lines) if lines else "否"


def state_text(row: LedgerRow) -> str:
    if row.problem:
        return f"{row.state_label}：{row.problem}"
    if row.state_code in ("pregnant_7m", "maternity_leave") and row.weeks is not None:
        # "孕7月以上" alone hides how close the birth is; the week count is what the section chief asks.
        return f"{row.state_label}\n（孕{row.weeks}周）"
    return row.state_label


def delivery_text(row: LedgerRow) -> str:
    if row.delivery is not None:
        return _d(row.delivery)
    if row.miscarriage is not None:
        return f"流产\n{_d(row.miscarriage)}"
    return ""


def leave_text(row: LedgerRow) -> str:
    """Start, end and days on three short lines ("2026-10-17至", "2027-03-23", "158天"); a miscarriage's
    leave is marked as such, a leave planned from the due date as 预计."""
    if row.miscarriage is not None and row.miscarriage_leave_end is not None:
        leave = (row.miscarriage_leave_end.day - row.miscarriage.day).days + 1
        return f"{_d(row.miscarriage)}至\n{_d(row.miscarriage_leave_end)}\n流产假{leave}天"
    if row.leave_start is None or row.leave_end is None:
        return ""
    days = f"{row.leave_days.value}天" if row.leave_days is not None else ""
    if row.delivery is None:
        days = f"{days}（预计）"
    return f"{_d(row.leave_start)}至\n{_d(row.leave_end)}\n{days}"


def lactation_text(row: LedgerRow) -> str:
    if row.lactation_end is None:
        return ""
    if row.lactation_stopped is not None and row.lactation_stopped.day < row.lactation_end.day:
        return f"{_d(row.lactation_stopped)}（停止哺乳）"
    return _d(row.lactation_end)


def hours_text(row: LedgerRow) -> str:
    return f"{row.breastfeeding_hours.value}小时" if row.breastfeeding_hours is not None else ""


def ledger_cells(row: LedgerRow) -> list[str]:
    """One printed line, in COLUMNS order (序号 is added by the form)."""
    return [
        row.name,
        row.unit_name or "",
        row.post or "",
        flag_text(row),
        state_text(row),
        _d(row.lmp),
        _d(row.due),
        _d(row.seven_month),
        delivery_text(row),
        birth_type_text(row),
        leave_text(row),
        lactation_text(row),
        hours_text(row),
    ]


def ledger_form(
    rows: Iterable[LedgerRow],
    *,
    office_name: str,
    on: date,
    filter_text: str = "",
    total: int | None = None,
    printed_on: date | None = None,
) -> TableForm:
    if total is None:
        if not isinstance(rows, Sized):
            rows = list(rows)
        total = len(rows)
    scope = f"筛选：{filter_text}" if filter_text else "范围：全部在保护期内的女职工"
    subtitle = (f"统计日期：{format_date(on)}　{scope}", f"共{total}人")

    def cells() -> Iterator[list[str]]:
        for row in rows:
            yield ledger_cells(row)

    notes: list[Flowable] = [Spacer(1, 6), para(NOTES, 8.5, leading=12)]
    return TableForm(
        title=TITLE,
        columns=COLUMNS,
        rows=cells(),
        row_count=total,
        office_name=office_name,
        subtitles=[subtitle],
        landscape=True,
        signatures=SIGNATURES,
        footer_note=FOOTER_NOTE,
        empty_text="（统计日期没有处于孕期、产期、哺乳期或流产假的女职工）",
        printed_on=printed_on,
        font_size=8.5,
        author=office_name,
        extra_story=notes,
    )


def render_protection_ledger(
    rows: Iterable[LedgerRow],
    out: Path | BinaryIO,
    *,
    office_name: str,
    on: date,
    filter_text: str = "",
    total: int | None = None,
    printed_on: date | None = None,
    job: Job | None = None,
) -> int:
    """Write the ledger PDF; returns the page count."""
    spec = ledger_form(
        rows, office_name=office_name, on=on, filter_text=filter_text, total=total, printed_on=printed_on
    )
    return render_table_form(spec, out, job)
