"""The four-period ledger (女职工四期保护台账) as an Excel workbook: the tab's view on a day.

Two sheets: the ledger itself, one row per woman with real Excel dates (so the clerk can sort and filter
in Excel), and 计算依据, one row per computed date with the rule and arithmetic behind it — the same
sentences the tab and the notice show, so a date questioned at HQ can be answered from the file alone.

Pure writer: it receives rows shaped like desktop.services.protections.ledger.CaseRow and never queries.
ID numbers are masked unless the caller asks for full ones (domain.md §6).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from desktop.core import hazards
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.core.protection_timeline import ExplainedDate, ExplainedNumber
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet
from desktop.reports.protections.case_row import CaseDetail

SHEET_TITLE = "四期保护台账"
REASONS_TITLE = "计算依据"

LEDGER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("uid", "登记编号", width=22),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("unit", "所属单位", width=26),
    ColumnSpec("post", "岗位", width=12),
    ColumnSpec("conditions", "岗位危害条件", width=22),
    ColumnSpec("prohibited", "禁忌岗位", width=9, kind="bool"),
    ColumnSpec("problems", "禁忌说明", width=40),
    ColumnSpec("reassignment", "调岗情况", width=30),
    ColumnSpec("state", "当前状态", width=12),
    ColumnSpec("weeks", "孕周", width=6, kind="int"),
    ColumnSpec("lmp", "末次月经", kind="date"),
    ColumnSpec("due", "预产期", kind="date"),
    ColumnSpec("seven_month", "满7个月日期", kind="date"),
    ColumnSpec("delivery", "分娩日期", kind="date"),
    ColumnSpec("birth_type", "分娩方式", width=9),
    ColumnSpec("babies", "胎数", width=6, kind="int"),
    ColumnSpec("leave_days", "产假天数", width=9, kind="int"),
    ColumnSpec("leave_start", "产假开始", kind="date"),
    ColumnSpec("leave_end", "产假结束", kind="date"),
    ColumnSpec("return_to_work", "返岗日期", kind="date"),
    ColumnSpec("lactation_end", "哺乳期截止", kind="date"),
    ColumnSpec("lactation_stopped", "停止哺乳", kind="date"),
    ColumnSpec("breastfeeding_hours", "每日哺乳时间（小时）", width=11, kind="int"),
    ColumnSpec("miscarriage", "流产日期", kind="date"),
    ColumnSpec("miscarriage_leave_end", "流产假结束", kind="date"),
    ColumnSpec("doctor_certificate", "医疗证明", width=9, kind="bool"),
    ColumnSpec("reduced_workload", "减轻劳动量", width=20),
    ColumnSpec("problem", "需核对", width=30),
    ColumnSpec("notes", "备注", width=30),
)

REASON_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("uid", "登记编号", width=22),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("item", "项目", width=16),
    ColumnSpec("value", "日期或数值", width=12),
    ColumnSpec("reason", "依据与计算", width=90),
)


class LedgerRowLike(CaseDetail, Protocol):
    """What the export reads (desktop.services.protections.ledger.CaseRow has all of it); read-only members, so
    the services' frozen rows satisfy it."""

    @property
    def unit_id(self) -> int: ...
    @property
    def state_code(self) -> str | None: ...
    @property
    def weeks(self) -> int | None: ...
    @property
    def notes(self) -> str: ...


def _day(item: ExplainedDate | None) -> date | None:
    return item.day if item is not None else None


def _number(item: ExplainedNumber | None) -> int | None:
    return item.value if item is not None else None


def _conditions(text: str) -> str:
    try:
        return hazards.describe(text)
    except DomainError:
        # Exported as stored, so the clerk sees what needs correcting instead of an empty cell.
        return text


def ledger_values(
    row: LedgerRowLike, *, full_ids: bool, unit_paths: Mapping[int, str] | None = None
) -> tuple[Any, ...]:
    """One woman as the cells of LEDGER_COLUMNS, in order; dates stay ``date`` objects."""
    reassignment = row.reassignment
    if reassignment and not row.reassigned:
        reassignment = f"拟调岗：{reassignment}"
    return (
        row.uid,
        row.name,
        row.id_number if full_ids else mask(row.id_number),
        (unit_paths or {}).get(row.unit_id) or row.unit_name,
        row.post,
        _conditions(row.conditions),
        bool(row.post_problems),
        "；".join(row.post_problems),
        reassignment,
        row.state_label,
        row.weeks if row.state_code in ("pregnant", "pregnant_7m", "maternity_leave") else None,
        _day(row.lmp),
        _day(row.due),
        _day(row.seven_month),
        _day(row.delivery),
        row.birth_type,
        row.babies if row.delivery is not None else None,
        _number(row.leave_days),
        _day(row.leave_start),
        _day(row.leave_end),
        _day(row.return_to_work),
        _day(row.lactation_end),
        _day(row.lactation_stopped),
        _number(row.breastfeeding_hours),
        _day(row.miscarriage),
        _day(row.miscarriage_leave_end),
        row.doctor_certificate,
        row.reduced_workload,
        row.problem,
        row.notes,
    )


def reason_values(row: LedgerRowLike) -> Iterator[tuple[Any, ...]]:
    """The 计算依据 rows of one woman, from ``Timeline.rows()`` (label, value, reason)."""
    if row.timeline is None:
        if row.problem:
            yield (row.uid, row.name, "需核对", "", row.problem)
        return
    for label, value, reason in row.timeline.rows():
        yield (row.uid, row.name, label, value, reason)


def write_protection_ledger(
    workbook: StreamWorkbook,
    rows: Sequence[LedgerRowLike] | Iterable[LedgerRowLike],
    *,
    on: date,
    full_ids: bool = False,
    unit_paths: Mapping[int, str] | None = None,
    job: Job | None = None,
) -> int:
    """Append the ledger and 计算依据 sheets to a (write-only) workbook; returns the number of women."""
    items = list(rows)
    # The day is in the sheet name: a ledger without its day is read as "today" by whoever opens it later.
    title = f"{SHEET_TITLE}{format_date(on)}"

    def ledger() -> Iterator[tuple[Any, ...]]:
        for row in items:
            yield ledger_values(row, full_ids=full_ids, unit_paths=unit_paths)

    def reasons() -> Iterator[tuple[Any, ...]]:
        for row in items:
            yield from reason_values(row)

    written = write_table_sheet(workbook, title, LEDGER_COLUMNS, ledger(), job=job, total=len(items))
    write_table_sheet(workbook, REASONS_TITLE, REASON_COLUMNS, reasons(), job=job)
    return written
