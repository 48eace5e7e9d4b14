"""特种病保险 as Excel sheets: enrolments and claims (pure writers over plain rows)."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

ENROLMENT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("unit", "单位", width=24),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("plan_name", "保障计划", width=30),
    ColumnSpec("coverage_start", "保障期起", kind="date"),
    ColumnSpec("coverage_end", "保障期止", kind="date"),
    ColumnSpec("premium_fen", "缴费（元）", kind="money_fen"),
    ColumnSpec("payer", "缴费方", width=16),
    ColumnSpec("claims", "申请件数", width=10, kind="int"),
    ColumnSpec("notes", "备注", width=30),
    ColumnSpec("uid", "全局标识（集团汇总用）", width=44),
)

CLAIM_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("unit", "单位", width=24),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("plan_name", "保障计划", width=30),
    ColumnSpec("coverage", "保障期", width=26),
    ColumnSpec("diagnosis", "诊断类别", width=18),
    ColumnSpec("diagnosis_date", "确诊日期", kind="date"),
    ColumnSpec("claimed_fen", "申请金额（元）", kind="money_fen"),
    ColumnSpec("paid_fen", "给付金额（元）", kind="money_fen"),
    ColumnSpec("documents", "已收材料", width=34),
    ColumnSpec("received_on", "收到材料日期", kind="date"),
    ColumnSpec("status", "办理状态", width=10),
    ColumnSpec("decided_on", "给付/答复日期", kind="date"),
    ColumnSpec("uid", "全局标识（集团汇总用）", width=44),
)


def write_enrolments(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "参保登记") -> int:
    return write_table_sheet(workbook, title, ENROLMENT_COLUMNS, rows)


def write_claims(workbook: StreamWorkbook, rows: Iterable[dict[str, object]], *, title: str = "互助金申请") -> int:
    return write_table_sheet(workbook, title, CLAIM_COLUMNS, rows)
