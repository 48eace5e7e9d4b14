"""A plan's appointments and its coverage table as Excel sheets (pure writers over plain rows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.core import enums
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet

# Appointments have no record number of their own (a clerk names them by the woman and the plan): the global
# uid is kept for HQ merges, last rather than first (#17 item 3).
APPOINTMENT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("unit", "所属单位", width=26),
    ColumnSpec("name", "姓名", width=10),
    ColumnSpec("sex", "性别", width=6),
    ColumnSpec("age", "年龄", width=6, kind="int"),
    ColumnSpec("id_number", "身份证号", width=21, as_text=True),
    ColumnSpec("phone", "联系电话", width=14, as_text=True),
    ColumnSpec("scheduled_date", "预约日期", kind="date"),
    ColumnSpec("status", "状态", width=8),
    ColumnSpec("locked", "已锁定", width=8, kind="bool"),
    ColumnSpec("actual_date", "实际检查日期", kind="date"),
    ColumnSpec("result", "结果类别", width=12),
    ColumnSpec("follow_up_due", "复查日期", kind="date"),
    ColumnSpec("follow_up_done", "已复查日期", kind="date"),
    ColumnSpec("notes", "备注", width=24),
    ColumnSpec("uid", "全局标识（集团汇总用）", width=44),
)

COVERAGE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("unit", "单位", width=20),
    ColumnSpec("eligible", "应检人数", width=10, kind="int"),
    ColumnSpec("scheduled", "已预约", width=10, kind="int"),
    ColumnSpec("done", "已检", width=10, kind="int"),
    ColumnSpec("missed", "缺检", width=10, kind="int"),
    ColumnSpec("percent", "检查率（%）", width=12, kind="number"),
)


def write_appointments(
    workbook: StreamWorkbook,
    rows: Iterable[Any],
    *,
    title: str,
    full_ids: bool = False,
    full_phones: bool = False,
    total: int | None = None,
    job: Job | None = None,
) -> int:
    """Rows shaped like desktop.services.exams.appointments.AppointmentRow; ID and phone numbers masked by
    default. The sheet shows the age on the exam day, never a birth date (the mask must hold)."""

    def shaped() -> Iterable[dict[str, object]]:
        for r in rows:
            yield {
                "uid": r.uid,
                "unit": r.unit_path,
                "name": r.name,
                "sex": enums.label(enums.SEX, r.sex),
                "age": r.age,
                "id_number": r.id_number if full_ids else mask(r.id_number),
                "phone": r.phone if full_phones else mask_phone(r.phone),
                "scheduled_date": r.scheduled_date,
                "status": r.status_label,
                "locked": r.locked,
                "actual_date": r.actual_date,
                "result": r.result_label,
                "follow_up_due": r.follow_up_due,
                "follow_up_done": r.follow_up_done,
                "notes": r.notes,
            }

    return write_table_sheet(workbook, title, APPOINTMENT_COLUMNS, shaped(), job=job, total=total)


def write_coverage(workbook: StreamWorkbook, rows: Iterable[Any], *, title: str) -> int:
    """Rows shaped like desktop.services.exams.coverage.CoverageRow (the last one is 合计)."""
    shaped = (
        {
            "unit": r.unit,
            "eligible": r.eligible,
            "scheduled": r.scheduled,
            "done": r.done,
            "missed": r.missed,
            "percent": r.percent,
        }
        for r in rows
    )
    return write_table_sheet(workbook, title, COVERAGE_COLUMNS, shaped)
