"""专项集体合同 as Excel sheets: the yearly check (one row per clause) and the contracts with their clauses
(pure writers over plain rows)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

CHECK_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("year", "检查年度", width=10, kind="int"),
    ColumnSpec("contract", "合同名称", width=34),
    ColumnSpec("article", "条款", width=10),
    ColumnSpec("kind", "类别", width=12),
    ColumnSpec("promise", "合同约定", width=34),
    ColumnSpec("actual", "实际情况", width=22),
    ColumnSpec("verdict", "结论", width=12),
    ColumnSpec("explanation", "依据与说明", width=70),
)

CLAUSE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("contract", "合同名称", width=34),
    ColumnSpec("status", "合同状态", width=10),
    ColumnSpec("term_start", "期限起", kind="date"),
    ColumnSpec("term_end", "期限止", kind="date"),
    ColumnSpec("signed_on", "签订日期", kind="date"),
    ColumnSpec("union_party", "工会方", width=26),
    ColumnSpec("company_party", "企业方", width=26),
    ColumnSpec("article", "条款", width=10),
    ColumnSpec("kind", "类别", width=12),
    ColumnSpec("value", "约定数值", width=10, kind="int"),
    ColumnSpec("unit", "单位", width=6),
    ColumnSpec("target_percent", "达标比例（%）", width=12, kind="int"),
    ColumnSpec("promise", "合同约定", width=34),
    ColumnSpec("text", "条款原文", width=50),
    ColumnSpec("uid", "全局标识（集团汇总用）", width=44),
)


def write_check(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "履行情况检查") -> int:
    return write_table_sheet(workbook, title, CHECK_COLUMNS, rows)


def write_clauses(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "合同条款") -> int:
    return write_table_sheet(workbook, title, CLAUSE_COLUMNS, rows)
