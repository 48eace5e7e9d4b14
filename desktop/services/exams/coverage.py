"""What the union reports and chases: coverage per unit, the overdue, follow-ups due, one worker's history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.dates import age_on
from desktop.core.exams import APPT_STATUS, DEFAULTS, EXAM_TYPE, FOLLOW_UP_RESULTS, OPEN_STATUSES, RESULT, is_overdue
from desktop.services.exams.plans import get_plan
from desktop.services.exams.scheduling import bus_units, candidates, eligible_units, last_exams
from desktop.services.office import unit_labels, unit_tree


@dataclass(frozen=True)
class CoverageRow:
    unit_id: int | None
    unit: str
    eligible: int
    scheduled: int
    done: int
    missed: int

    @property
    def percent(self) -> float:
        """Share of the eligible who were examined, 0–100."""
        return round(100.0 * self.done / self.eligible, 1) if self.eligible else 0.0

    @property
    def percent_text(self) -> str:
        return f"{self.percent:.1f}%" if self.eligible else "—"


def coverage(session: Session, plan_id: int) -> list[CoverageRow]:
    """Per bus unit (林场/车间/科室), then a 合计 row: eligible (those the rule selects now plus anyone
    booked), booked, examined, missed."""
    plan = get_plan(session, plan_id)
    nodes = unit_tree(session)
    bus, order = bus_units(session, nodes)
    names = {n.id: n.label for n in nodes}
    eligible: dict[int, set[int]] = defaultdict(set)
    unit_of = dict(eligible_units(session, plan))
    for wid, unit_id in unit_of.items():
        eligible[bus.get(unit_id, unit_id)].add(wid)
    booked: dict[int, int] = defaultdict(int)
    done: dict[int, int] = defaultdict(int)
    missed: dict[int, int] = defaultdict(int)
    # No join: the eligible query already knows most units; only people booked but no longer selected
    # (moved unit, changed rule) are looked up.
    appts = session.execute(
        select(ExamAppointment.worker_id, ExamAppointment.status).where(ExamAppointment.plan_id == plan.id)
    ).all()
    missing = [wid for wid, _ in appts if wid not in unit_of]
    for start in range(0, len(missing), 500):
        unit_of.update(
            session.execute(select(Worker.id, Worker.unit_id).where(Worker.id.in_(missing[start : start + 500]))).all()
        )
    for wid, status in appts:
        unit_id = unit_of[wid]
        b = bus.get(unit_id, unit_id)
        eligible[b].add(wid)
        booked[b] += 1
        if status == "done":
            done[b] += 1
        elif status == "missed":
            missed[b] += 1
    rows = [
        CoverageRow(u, names.get(u, "（未知单位）"), len(eligible[u]), booked[u], done[u], missed[u])
        for u in sorted(eligible, key=lambda u: (order.get(u, 1 << 30), u))
    ]
    total = CoverageRow(
        None,
        "合计",
        sum(r.eligible for r in rows),
        sum(r.scheduled for r in rows),
        sum(r.done for r in rows),
        sum(r.missed for r in rows),
    )
    return rows + [total]


@dataclass(frozen=True)
class PersonRow:
    """A worker on the overdue or follow-up list."""

    worker_id: int
    appointment_id: int | None
    name: str
    sex: str
    age: int
    unit: str
    phone: str
    last_exam: date | None
    detail: str
    due: date | None = None


def overdue(session: Session, plan_id: int, on: date | None = None) -> list[PersonRow]:
    """Selected by the plan's rule (sex, age, units, hazards) but not examined by this type within its
    interval, and not booked in this plan: the people nobody should forget."""
    day = on or date.today()
    plan = get_plan(session, plan_id)
    interval = plan.interval_years or DEFAULTS.get(plan.exam_type, DEFAULTS["custom"]).rule.interval_years or 1
    from desktop.services.contracts.contracts import exam_interval

    # A 专项集体合同 promising a shorter interval makes more people overdue, and the list says why (#19 item 1).
    tightened = exam_interval(session, plan.exam_type, interval, plan.start_date)
    interval, basis = tightened.value, (f"（依{tightened.source}）" if tightened.by_contract else "")
    last = last_exams(session, plan.exam_type)
    status_of = dict(
        session.execute(
            select(ExamAppointment.worker_id, ExamAppointment.status).where(ExamAppointment.plan_id == plan.id)
        ).all()
    )
    booked = {w for w, st in status_of.items() if st in ("done", *OPEN_STATUSES)}
    people = [
        c
        for c in candidates(session, plan, ignore_interval=True, on=day)
        if c.facts.worker_id not in booked and is_overdue(last.get(c.facts.worker_id), interval, day)
    ]
    ids = [c.facts.worker_id for c in people]
    info = _worker_info(session, ids)
    out = []
    for c in people:
        unit, phone = info.get(c.facts.worker_id, ("", ""))
        prev = last.get(c.facts.worker_id)
        detail = f"上次{prev.isoformat()}，应每{interval}年一次{basis}" if prev else "无检查记录"
        if status_of.get(c.facts.worker_id) == "missed":
            detail = f"本计划缺检，未改期；{detail}"
        out.append(
            PersonRow(
                c.facts.worker_id, None, c.name, c.facts.sex, age_on(c.facts.birth_date, day), unit, phone, prev, detail
            )
        )
    return sorted(out, key=lambda r: (r.unit, r.name))


def _worker_info(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    names = unit_labels(session)
    out: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        for wid, unit_id, phone in session.execute(
            select(Worker.id, Worker.unit_id, Worker.phone).where(Worker.id.in_(ids[start : start + 500]))
        ):
            out[wid] = (names.get(unit_id, ""), phone)
    return out


def follow_ups(session: Session, *, until: date | None = None, plan_id: int | None = None) -> list[PersonRow]:
    """Results that need a recheck not yet recorded as done, earliest due first (``until``: due by then).
    An archived plan's results stay on the list: archiving hides the plan, not her recheck."""
    stmt = (
        select(ExamAppointment, Worker, ExamPlan.name)
        .join(Worker, Worker.id == ExamAppointment.worker_id)
        .join(ExamPlan, ExamPlan.id == ExamAppointment.plan_id)
        .where(
            ExamAppointment.result.in_(FOLLOW_UP_RESULTS),
            ExamAppointment.follow_up_done.is_(None),
            ExamAppointment.follow_up_due.is_not(None),
            Worker.archived_at.is_(None),
        )
        .order_by(ExamAppointment.follow_up_due, Worker.name)
    )
    if until is not None:
        stmt = stmt.where(ExamAppointment.follow_up_due <= until)
    if plan_id is not None:
        stmt = stmt.where(ExamAppointment.plan_id == plan_id)
    names = unit_labels(session)
    today = date.today()
    return [
        PersonRow(
            w.id,
            a.id,
            w.name,
            w.sex,
            age_on(w.birth_date, today),
            names.get(w.unit_id, ""),
            w.phone,
            a.actual_date,
            f"{plan_name}：{RESULT.get(a.result, a.result)}",
            a.follow_up_due,
        )
        for a, w, plan_name in session.execute(stmt)
    ]


@dataclass(frozen=True)
class HistoryRow:
    plan_name: str
    exam_type: str
    day: date
    status: str
    result: str
    follow_up_due: date | None


def worker_history(session: Session, worker_id: int) -> list[HistoryRow]:
    """Her exams, newest first, for the roster's detail pane (archived plans included)."""
    stmt = (
        select(ExamAppointment, ExamPlan)
        .join(ExamPlan, ExamPlan.id == ExamAppointment.plan_id)
        .where(ExamAppointment.worker_id == worker_id)
        .order_by(ExamAppointment.scheduled_date.desc())
    )
    return [
        HistoryRow(
            p.name,
            EXAM_TYPE.get(p.exam_type, p.exam_type),
            a.actual_date or a.scheduled_date,
            APPT_STATUS.get(a.status, a.status),
            RESULT.get(a.result, ""),
            a.follow_up_due,
        )
        for a, p in session.execute(stmt)
    ]
