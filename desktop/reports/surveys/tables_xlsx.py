"""需求调研 as Excel sheets: the 需求清单 (masked ID numbers) and a survey's results by one breakdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

NEED_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("need", "需求内容", width=40),
    ColumnSpec("category", "类别", width=10),
    ColumnSpec("name", "提出人", width=10),
    ColumnSpec("unit", "单位", width=24),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("survey", "来自调研", width=24),
    ColumnSpec("status", "状态", width=8),
    ColumnSpec("collected_on", "收集日期", kind="date"),
    ColumnSpec("collected_by", "收集人", width=10),
    ColumnSpec("handling_on", "办理日期", kind="date"),
    ColumnSpec("handling_by", "办理人", width=10),
    ColumnSpec("handling_note", "办理情况", width=30),
    ColumnSpec("revisited_on", "回访日期", kind="date"),
    ColumnSpec("revisited_by", "回访人", width=10),
    ColumnSpec("revisit_note", "回访情况", width=30),
    ColumnSpec("uid", "全局标识", width=44),
)


def write_needs(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "职工需求清单") -> int:
    return write_table_sheet(workbook, title, NEED_COLUMNS, rows)


def write_results(
    workbook: StreamWorkbook, title: str, options: Sequence[str], rows: Iterable[dict[str, object]]
) -> int:
    """One question's breakdown: 分组, 答题人数, then the count of each option."""
    columns = (
        ColumnSpec("key", "分组", width=20),
        ColumnSpec("respondents", "答题人数", kind="int"),
        *(ColumnSpec(f"o{i}", option, kind="int", width=12) for i, option in enumerate(options)),
    )
    return write_table_sheet(workbook, title, columns, rows)
