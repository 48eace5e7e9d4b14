"""Appointments of a plan: the list (ids + rows for the lazy table), attendance, results, moving days.

Every change is one use case that audits each appointment it touches. Detailed medical results are never
stored — only 正常 / 异常需复查 / 建议就医 and the follow-up date the union chases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.dates import age_on
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.exam_schedule import day_off_reason
from desktop.core.exams import APPT_STATUS, OPEN_STATUSES, RESULT, check_result, default_follow_up
from desktop.services import audit, lookup
from desktop.services.exams.calendar import load_calendar
from desktop.services.exams.scheduling import bus_units
from desktop.services.office import descendant_ids, unit_tree

ENTITY = "exam_appointment"
AUDITED = ["scheduled_date", "status", "locked", "actual_date", "result", "follow_up_due", "follow_up_done", "notes"]
SORT_KEYS = ("day", "unit", "name", "status", "result", "follow_up")


@dataclass(frozen=True)
class AppointmentFilter:
    plan_id: int | None = None
    day: date | None = None
    status: str | None = None
    """A status code, or "open" for 待检 and 改期 together."""
    result: str | None = None
    unit_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    uid: str
    plan_id: int
    worker_id: int
    name: str
    sex: str
    age: int
    id_number: str
    phone: str
    unit_name: str
    unit_path: str
    scheduled_date: date
    status: str
    status_label: str
    locked: bool
    actual_date: date | None
    result: str
    result_label: str
    follow_up_due: date | None
    follow_up_done: date | None
    notes: str


def _filtered(stmt: Select, session: Session, flt: AppointmentFilter) -> Select:
    if flt.plan_id is not None:
        stmt = stmt.where(ExamAppointment.plan_id == flt.plan_id)
    if flt.day is not None:
        stmt = stmt.where(ExamAppointment.scheduled_date == flt.day)
    if flt.status == "open":
        stmt = stmt.where(ExamAppointment.status.in_(OPEN_STATUSES))
    elif flt.status:
        stmt = stmt.where(ExamAppointment.status == flt.status)
    if flt.result:
        stmt = stmt.where(ExamAppointment.result == flt.result)
    if flt.unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, flt.unit_id)))
    needle = "".join((flt.text or "").split())
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(or_(Worker.name.like(like), Worker.id_number.like(like), Worker.phone.like(like)))
    return stmt


def appointment_ids(
    session: Session, flt: AppointmentFilter, *, sort: str = "day", descending: bool = False
) -> list[int]:
    """Ids in display order; sorting and filtering run in SQL so 20,000 rows stay quick."""
    stmt = _filtered(select(ExamAppointment.id).join(Worker, Worker.id == ExamAppointment.worker_id), session, flt)
    if sort == "unit":
        # Tree order, as on the printed lists; the position is computed once per query (a few hundred units).
        pos = {n.id: i for i, n in enumerate(unit_tree(session))}
        ids_units = session.execute(stmt.add_columns(Worker.unit_id, Worker.name, ExamAppointment.scheduled_date))
        rows = sorted(ids_units, key=lambda r: (pos.get(r[1], 1 << 30), r[3], r[2], r[0]), reverse=descending)
        return [r[0] for r in rows]
    key = {
        "day": ExamAppointment.scheduled_date,
        "name": Worker.name,
        "status": ExamAppointment.status,
        "result": ExamAppointment.result,
        "follow_up": ExamAppointment.follow_up_due,
    }.get(sort, ExamAppointment.scheduled_date)
    order = key.desc() if descending else key.asc()
    return list(session.scalars(stmt.order_by(order, Worker.unit_id, Worker.name, ExamAppointment.id)))


def count(session: Session, flt: AppointmentFilter) -> int:
    stmt = _filtered(
        select(func.count()).select_from(ExamAppointment).join(Worker, Worker.id == ExamAppointment.worker_id),
        session,
        flt,
    )
    return int(session.scalar(stmt) or 0)


def fetch_rows(session: Session, ids: list[int]) -> list[AppointmentRow]:
    """Rows for ids, in the given order; age is on the appointment day (what the sign-in sheet shows)."""
    if not ids:
        return []
    nodes = {n.id: n for n in unit_tree(session)}
    found: dict[int, AppointmentRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            select(ExamAppointment, Worker)
            .join(Worker, Worker.id == ExamAppointment.worker_id)
            .where(ExamAppointment.id.in_(chunk))
        )
        for a, w in session.execute(stmt):
            node = nodes.get(w.unit_id)
            found[a.id] = AppointmentRow(
                a.id,
                a.uid,
                a.plan_id,
                w.id,
                w.name,
                w.sex,
                age_on(w.birth_date, a.scheduled_date),
                w.id_number,
                w.phone,
                node.name if node else "",
                node.label if node else "",
                a.scheduled_date,
                a.status,
                APPT_STATUS.get(a.status, a.status),
                a.locked,
                a.actual_date,
                a.result,
                RESULT.get(a.result, ""),
                a.follow_up_due,
                a.follow_up_done,
                a.notes,
            )
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class DayRow:
    day: date
    total: int
    done: int
    missed: int
    units: str
    """Units coming that day with their counts: "甘河林场 32、营林科 8" — the bus roster at a glance."""


def day_summary(session: Session, plan_id: int) -> list[DayRow]:
    bus, order = bus_units(session)
    names = {n.id: n.label for n in unit_tree(session)}
    stmt = (
        select(ExamAppointment.scheduled_date, ExamAppointment.status, Worker.unit_id, func.count())
        .join(Worker, Worker.id == ExamAppointment.worker_id)
        .where(ExamAppointment.plan_id == plan_id)
        .group_by(ExamAppointment.scheduled_date, ExamAppointment.status, Worker.unit_id)
    )
    counts: dict[date, dict[str, int]] = {}  # per day: total, done, missed
    per_unit: dict[date, dict[int, int]] = {}  # per day: people per bus unit
    for day, status, unit_id, n in session.execute(stmt):
        c = counts.setdefault(day, {"total": 0, "done": 0, "missed": 0})
        c["total"] += n
        if status in ("done", "missed"):
            c[status] += n
        units = per_unit.setdefault(day, {})
        b = bus.get(unit_id, unit_id)
        units[b] = units.get(b, 0) + n
    out = []
    for day in sorted(counts):
        c = counts[day]
        by_bus = sorted(per_unit[day].items(), key=lambda x: order.get(x[0], 0))
        text = "、".join(f"{names.get(u, '?')} {k}" for u, k in by_bus)
        out.append(DayRow(day, c["total"], c["done"], c["missed"], text))
    return out


def get_appointment(session: Session, appt_id: int) -> ExamAppointment:
    return lookup.fetch(session, ExamAppointment, appt_id, "该预约不存在（可能已被他人修改），请刷新")


def _change(
    session: Session, a: ExamAppointment, action: str, actor: str, *, archived_ok: bool = False, **values: object
) -> None:
    plan = session.get(ExamPlan, a.plan_id)
    if plan is not None and plan.archived_at is not None and not archived_ok:
        raise DomainError("该体检计划已归档，不能修改预约；如需修改请先恢复计划")
    audit.update(session, a, values, fields=AUDITED, actor=actor, entity=ENTITY, action=action)


def mark_attended(session: Session, ids: list[int], *, actor: str, actual_date: date | None = None) -> int:
    """已检: on ``actual_date`` or, if not given, on each one's appointment day."""
    for i in ids:
        a = get_appointment(session, i)
        day = actual_date or a.scheduled_date
        if day > date.today():
            raise FieldErrors({"actual_date": f"实际检查日期 {day.isoformat()} 晚于今天，请核对"})
        _change(session, a, "attended", actor, status="done", actual_date=day)
    return len(ids)


def mark_missed(session: Session, ids: list[int], *, actor: str) -> int:
    """缺检: she did not come; any result recorded by mistake goes with the attendance."""
    for i in ids:
        a = get_appointment(session, i)
        _change(session, a, "missed", actor, status="missed", actual_date=None, result="", follow_up_due=None)
    return len(ids)


def reset_pending(session: Session, ids: list[int], *, actor: str) -> int:
    """Undo an attendance entered on the wrong person: back to 待检 (kept locked, the day was agreed)."""
    for i in ids:
        a = get_appointment(session, i)
        _change(
            session,
            a,
            "reset",
            actor,
            status="pending",
            locked=True,
            actual_date=None,
            result="",
            follow_up_due=None,
            follow_up_done=None,
        )
    return len(ids)


def check_exam_day(session: Session, plan: ExamPlan, day: date) -> None:
    """A day an appointment of ``plan`` may be moved to: a working day (the scheduler's calendar) within
    the plan's dates; FieldErrors on ``new_day`` says why not."""
    if not plan.start_date <= day <= plan.end_date:
        raise FieldErrors(
            {
                "new_day": f"{day.isoformat()} 不在本计划的检查期间（{plan.start_date.isoformat()} 至 "
                f"{plan.end_date.isoformat()}）内"
            }
        )
    reason = day_off_reason(day, load_calendar(session))
    if reason:
        raise FieldErrors({"new_day": f"{day.isoformat()} 是{reason}，不是检查日，请另选工作日"})


def move_appointments(session: Session, ids: list[int], new_day: date, *, actor: str) -> int:
    """改期 in one action (typically everybody who missed a day): new day, status 改期, locked so a
    re-run of the schedule keeps it. The day must be a working day within the plan's dates."""
    if new_day is None:
        raise FieldErrors({"new_day": "请选择新的检查日期"})
    checked: set[int] = set()
    for i in ids:
        a = get_appointment(session, i)
        if a.plan_id not in checked:
            plan = session.get(ExamPlan, a.plan_id)
            if plan is not None:
                check_exam_day(session, plan, new_day)
            checked.add(a.plan_id)
        if a.status == "done":
            w = session.get(Worker, a.worker_id)
            raise DomainError(f"“{w.name if w else ''}”已检，不能改期")
        _change(session, a, "move", actor, scheduled_date=new_day, status="moved", locked=True)
    return len(ids)


def set_locked(session: Session, ids: list[int], locked: bool, *, actor: str) -> int:
    for i in ids:
        _change(session, get_appointment(session, i), "lock" if locked else "unlock", actor, locked=locked)
    return len(ids)


def record_result(
    session: Session,
    appt_id: int,
    *,
    result: str,
    actual_date: date | None = None,
    follow_up_due: date | None = None,
    notes: str | None = None,
    actor: str,
    suggest_follow_up: bool = True,
) -> ExamAppointment:
    """Attended with a result category; a follow-up date is suggested for 异常需复查/建议就医 when none is given."""
    a = get_appointment(session, appt_id)
    actual = actual_date or a.actual_date or a.scheduled_date
    if follow_up_due is None and suggest_follow_up:
        follow_up_due = default_follow_up(result, actual)
    check_result("done", actual, result, follow_up_due)
    values: dict[str, Any] = {  # Any: they go to _change as keywords, beside its archived_ok: bool
        "status": "done",
        "actual_date": actual,
        "result": result,
        "follow_up_due": follow_up_due,
    }
    if notes is not None:
        values["notes"] = notes.strip()
    _change(session, a, "result", actor, **values)
    return a


def record_follow_up_done(session: Session, appt_id: int, day: date | None, *, actor: str) -> ExamAppointment:
    """The recheck happened (or None to undo); it leaves the follow-up list."""
    a = get_appointment(session, appt_id)
    if day is not None and a.follow_up_due is None:
        raise FieldErrors({"follow_up_done": "该预约没有需要复查的结果"})
    # The recheck is chased after the plan is archived too (follow_ups lists it), so it can be recorded.
    _change(session, a, "follow_up", actor, archived_ok=True, follow_up_done=day)
    return a
