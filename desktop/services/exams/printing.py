"""Printing the exam forms — 体检/筛查通知单 (per worker) and 体检签到表 (per day) — and exporting a plan.

Both forms join the ``printing.FORMS`` registry on import (the registry imports this module on its first
look-up; CONTRIBUTES names it), so ``union-desk pdf exam-notices --plan 检2026-002`` and the tab's 打印 menu
find them. The plan's workbook goes through excel_export.export_workbook like every other export (role
check, a reason for full ID numbers, the export logged).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core import enums
from desktop.core.errors import DomainError
from desktop.core.exams import EXAM_TYPE
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.exams.notice_pdf import TITLE as NOTICE_TITLE
from desktop.reports.exams.notice_pdf import NoticeSlip, render_exam_notices
from desktop.reports.exams.signin_pdf import TITLE as SIGNIN_TITLE
from desktop.reports.exams.signin_pdf import SigninRow, render_exam_signin
from desktop.reports.exams.tables_xlsx import write_appointments, write_coverage
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.services.database import Database
from desktop.services.exams.appointments import AppointmentFilter, AppointmentRow, appointment_ids, fetch_rows
from desktop.services.exams.coverage import coverage
from desktop.services.exams.plans import get_plan
from desktop.services.excel_export import export_workbook
from desktop.services.printing import FETCH_CHUNK, PdfForm, office_name, register


def _plan_id(plan: int | str | None) -> int:
    if plan is not None:
        try:
            return int(plan)
        except (TypeError, ValueError):
            pass
    raise DomainError("请指定体检计划编号（--plan）", field="plan")


def _rows(session: Session, ids: list[int]) -> Iterator[AppointmentRow]:
    for start in range(0, len(ids), FETCH_CHUNK):
        yield from fetch_rows(session, ids[start : start + FETCH_CHUNK])


def notices_pdf(
    db: Database,
    out: Path,
    *,
    plan: int | str,
    day: date | None = None,
    ids: list[int] | None = None,
    job: Job | None = None,
) -> int:
    """Slips for a plan's open appointments (待检/改期), in unit order; ``day`` or ``ids`` narrow it."""
    pid = _plan_id(plan)
    with db.read() as s:
        p = get_plan(s, pid)
        if ids is None:
            ids = appointment_ids(s, AppointmentFilter(plan_id=pid, day=day, status="open"), sort="unit")
        label = EXAM_TYPE.get(p.exam_type, "体检")
        slips = (
            NoticeSlip(
                r.name,
                r.unit_path,
                label,
                p.name,
                r.scheduled_date,
                p.report_time,
                p.place,
                p.provider,
                p.items,
                p.preparation,
                p.contact,
            )
            for r in _rows(s, ids)
        )
        return render_exam_notices(slips, out, office_name=office_name(s), total=len(ids), job=job)


def signin_pdf(
    db: Database, out: Path, *, plan: int | str, day: date, full_phones: bool = False, job: Job | None = None
) -> int:
    """The sign-in sheet of one exam day (everybody booked that day, attended or not), in unit order.

    The sheet passes from hand to hand on the bus, so phone numbers are masked unless ``full_phones``.
    """
    pid = _plan_id(plan)
    if day is None:
        raise DomainError("请指定检查日期（--day YYYY-MM-DD）", field="day")
    with db.read() as s:
        p = get_plan(s, pid)
        ids = appointment_ids(s, AppointmentFilter(plan_id=pid, day=day), sort="unit")
        rows = (
            SigninRow(
                r.unit_path,
                r.name,
                enums.label(enums.SEX, r.sex),
                r.age,
                r.phone if full_phones else mask_phone(r.phone),
            )
            for r in _rows(s, ids)
        )
        return render_exam_signin(
            rows,
            out,
            office_name=office_name(s),
            plan_name=p.name,
            day=day,
            place=p.place or p.provider,
            total=len(ids),
            job=job,
        )


def export_plan(
    db: Database,
    path: Path,
    *,
    plan: int,
    full_ids: bool = False,
    full_phones: bool | None = None,
    reason: str = "",
    job: Job | None = None,
) -> int:
    """One workbook: the plan's appointments (by unit) and its coverage table; returns appointments written.
    Phone numbers are masked with the ID numbers unless ``full_phones`` says otherwise."""
    details: dict[str, Any] = {"plan_id": plan}

    def fill(s: Session, workbook: StreamWorkbook) -> int:
        details["plan"] = get_plan(s, plan).name
        ids = appointment_ids(s, AppointmentFilter(plan_id=plan), sort="unit")
        written = write_appointments(
            workbook,
            _rows(s, ids),
            title="预约名单",
            full_ids=full_ids,
            full_phones=full_ids if full_phones is None else full_phones,
            total=len(ids),
            job=job,
        )
        write_coverage(workbook, coverage(s, plan), title="覆盖率")
        return written

    return export_workbook(
        db, path, fill, entity="exam_plan", full_ids=full_ids, job=job, log_details=details, reason=reason
    )


notices_pdf = register(
    PdfForm(
        "exam-notices",
        NOTICE_TITLE,
        "体检计划中待检职工的通知单，每页3张，沿虚线剪开（须指定 --plan 计划编号，如 检2026-002）",
        notices_pdf,
    )
)
signin_pdf = register(
    PdfForm(
        "exam-signin",
        SIGNIN_TITLE,
        "某一检查日的签到表：单位、姓名、性别、年龄、本人签字（须指定 --plan 和 --day）",
        signin_pdf,
    )
)
