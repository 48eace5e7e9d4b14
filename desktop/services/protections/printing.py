"""Printing the four-period forms: 女职工四期保护台账 (the ledger view) and one woman's 保护告知单.

The glue between the ledger service and the PDF reports: queries here, layout in desktop.reports.pdf.
Both forms join the ``printing.FORMS`` registry when this module is imported; the registry imports it (by
name, from its package's CONTRIBUTES) on its first look-up, so ``union-desk pdf protection-ledger`` and the 打印
menus find them, and importing this module on its own makes no cycle.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.core.errors import DomainError
from desktop.core.idcard import normalize
from desktop.core.progress import Job
from desktop.reports.protections.ledger_pdf import TITLE as LEDGER_TITLE
from desktop.reports.protections.ledger_pdf import render_protection_ledger
from desktop.reports.protections.notice_pdf import TITLE as NOTICE_TITLE
from desktop.reports.protections.notice_pdf import render_protection_notice
from desktop.services.database import Database
from desktop.services.office import unit_labels
from desktop.services.printing import PdfForm, office_name, register
from desktop.services.protections.cases import case_timeline, worker_case_ids
from desktop.services.protections.ledger import STATE_CHOICES, CaseRow, current_cases, fetch_case_rows

_MAX_WORKER_ID_DIGITS = 9  # a record id; a resident ID number has 18 characters


def describe_ledger_filter(
    session: Session, *, state: str | None = None, unit_id: int | None = None, text: str = ""
) -> str:
    """The ledger filter in words for the subtitle: "产假中；甘河林场（含下级单位）；含“张”"; empty for none."""
    parts: list[str] = []
    if state:
        parts.append(STATE_CHOICES.get(state, state))
    if unit_id is not None:
        label = unit_labels(session).get(unit_id, "（已删除的单位）")
        parts.append(f"{label}（含下级单位）")
    needle = "".join((text or "").split())
    if needle:
        parts.append(f"含“{needle}”")
    return "；".join(parts)


def ledger_pdf(
    db: Database,
    out: Path,
    *,
    on: date | None = None,
    state: str | None = None,
    unit_id: int | None = None,
    text: str = "",
    sort: str = "unit",
    descending: bool = False,
    filter_text: str = "",
    job: Job | None = None,
) -> int:
    """Print the ledger as the tab shows it on ``on`` (today by default); returns the page count."""
    day = on or date.today()
    with db.read() as s:
        rows = current_cases(s, day, state=state, unit_id=unit_id, text=text, sort=sort, descending=descending)
        words = filter_text or describe_ledger_filter(s, state=state, unit_id=unit_id, text=text)
        name = office_name(s)
    return render_protection_ledger(rows, out, office_name=name, on=day, filter_text=words, total=len(rows), job=job)


def find_worker(session: Session, worker: str | int) -> Worker:
    """A worker by resident ID number (as typed: spaces and a lower-case x are fine) or by record id."""
    if isinstance(worker, int) and not isinstance(worker, bool):
        found = session.get(Worker, worker)
        if found is None:
            raise DomainError(f"没有找到编号为 {worker} 的职工", field="worker")
        return found
    text = normalize(worker)
    if not text:
        raise DomainError("请指定职工的身份证号", field="worker")
    if text.isdigit() and len(text) <= _MAX_WORKER_ID_DIGITS:
        return find_worker(session, int(text))
    found = session.scalars(select(Worker).where(Worker.id_number == text)).first()
    if found is None:
        raise DomainError(f"没有找到身份证号为 {text} 的职工", field="worker")
    return found


def notice_case(session: Session, worker: Worker, on: date) -> tuple[CaseRow, str | None]:
    """Her case to notify on ``on`` and the prohibited-work period of her state that day.

    The case in a period on the day wins (a new pregnancy while still nursing the previous child: the
    newest such case); with none in a period, her newest case, so a notice can still be reprinted.
    """
    if worker.sex != "F":
        raise DomainError(f"“{worker.name}”是男职工，没有四期保护告知单", field="worker")
    if worker.archived_at is not None or worker.status != "on_roll":
        raise DomainError(f"“{worker.name}”不是在册职工，不能打印告知单", field="worker")
    ids = worker_case_ids(session, worker.id)
    if not ids:
        raise DomainError(f"“{worker.name}”没有四期保护登记，请先在“四期保护”页登记孕情", field="worker")
    rows = fetch_case_rows(session, ids, on)
    if not rows:
        raise DomainError(f"“{worker.name}”没有可打印的四期保护登记", field="worker")
    row = next((r for r in rows if r.state_code is not None), rows[0])
    if row.problem:
        raise DomainError(f"“{worker.name}”的四期保护登记需核对：{row.problem}；请更正后再打印告知单", field="worker")
    _, state = case_timeline(session, row.case_id, on)
    return row, state.prohibited_period if state else None


def notice_pdf(db: Database, out: Path, *, worker: str | int, on: date | None = None, job: Job | None = None) -> int:
    """Print one woman's 保护告知单 as of ``on`` (today by default); ``worker`` is an ID number or record id."""
    day = on or date.today()
    with db.read() as s:
        row, period = notice_case(s, find_worker(s, worker), day)
        name = office_name(s)
    return render_protection_notice(row, out, office_name=name, on=day, period=period, job=job)


ledger_pdf = register(
    PdfForm(
        "protection-ledger",
        LEDGER_TITLE,
        "处于孕期、产期、哺乳期或流产假的女职工及其关键日期（可按状态、单位筛选）",
        ledger_pdf,
    )
)
notice_pdf = register(
    PdfForm(
        "protection-notice",
        NOTICE_TITLE,
        "一名女职工的保护待遇、有关日期及其计算依据，供本人、所在部门和工会签字",
        notice_pdf,
    )
)
