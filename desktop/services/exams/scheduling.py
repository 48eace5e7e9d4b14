"""Who a plan is for, and generating (or re-generating) its schedule.

A re-run keeps every appointment the clerk has touched — attended, missed, moved or locked — and puts
only the untouched ones (待检, not locked) back into the pool, so "重新排期" after adding a day or a worker
never undoes a recorded attendance or a day agreed on the phone.

Only days from the scheduling date (today) on receive appointments, and age is checked on the exam day:
someone who turns 65 during the plan is booked before her birthday, someone who turns 35 from it on.

The run is one transaction: a cancel (``Cancelled`` from the job) or an error leaves the old schedule.
One change-log entry summarises the run (counts), rather than one per machine-made appointment.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.errors import DomainError
from desktop.core.exam_schedule import ScheduleResult, schedule, unknown_years_note, working_days
from desktop.core.exams import (
    Eligibility,
    WorkerFacts,
    age_window,
    birth_range,
    due_year,
    has_hazard,
    ineligible_reason,
)
from desktop.core.progress import Job
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.exams.calendar import load_calendar
from desktop.services.exams.plans import ENTITY, day_capacities, effective_rule, get_plan, rule_units
from desktop.services.office import UnitNode, office_code, unit_tree

INSERT_CHUNK = 2000


@dataclass(frozen=True)
class Candidate:
    facts: WorkerFacts
    name: str
    window: tuple[date, date] | None = None
    """First and last day of the plan on which her age is within the rule (None: every day)."""


def last_exams(session: Session, exam_type: str, *, exclude_plan: int | None = None) -> dict[int, date]:
    """Each worker's last attended exam of a type (any plan but ``exclude_plan``, archived ones included:
    archiving hides a plan from the lists, it does not erase who was examined)."""
    stmt = (
        select(ExamAppointment.worker_id, func.max(ExamAppointment.actual_date))
        .join(ExamPlan, ExamPlan.id == ExamAppointment.plan_id)
        .where(
            ExamPlan.exam_type == exam_type, ExamAppointment.status == "done", ExamAppointment.actual_date.is_not(None)
        )
        .group_by(ExamAppointment.worker_id)
    )
    if exclude_plan is not None:
        stmt = stmt.where(ExamAppointment.plan_id != exclude_plan)
    return {wid: d for wid, d in session.execute(stmt) if d is not None}  # the query has none: for the types


def candidates(
    session: Session, plan: ExamPlan, *, ignore_interval: bool = False, on: date | None = None
) -> list[Candidate]:
    """Workers on the roll who meet the plan's rule, with age counted on ``on``; without ``on``, everybody
    whose age is within the range on some day of the plan, with the days it is (``window``) when that is
    not the whole plan."""
    rule, _ = effective_rule(session, plan)  # a contract's shorter interval wins
    units = rule_units(session, rule)
    last = last_exams(session, plan.exam_type, exclude_plan=plan.id)
    # The post's hazards are read only when the rule asks about them: fewer columns, quicker views.
    hazard_col = Worker.hazards if rule.hazard_codes else literal("")
    stmt = select(
        Worker.id, Worker.name, Worker.sex, Worker.birth_date, Worker.unit_id, Worker.employment_type, hazard_col
    ).where(Worker.archived_at.is_(None), Worker.status == "on_roll")
    if rule.sex:
        stmt = stmt.where(Worker.sex == rule.sex)
    if rule.employment_types:
        stmt = stmt.where(Worker.employment_type.in_(rule.employment_types))
    after, until = _birth_bounds(rule, plan, on)
    if after is not None:
        stmt = stmt.where(Worker.birth_date > after)
    if until is not None:
        stmt = stmt.where(Worker.birth_date <= until)
    out: list[Candidate] = []
    for wid, name, sex, birth, unit_id, emp, hz in session.execute(stmt):
        facts = WorkerFacts(wid, sex, birth, unit_id, emp, hz or "", None if ignore_interval else last.get(wid))
        if on is not None:
            window, day = None, on
        else:
            window = age_window(birth, rule, plan.start_date, plan.end_date)
            if window is None:
                continue
            day = window[0]
            if window == (plan.start_date, plan.end_date):
                window = None
        if not ineligible_reason(facts, rule, exam_day=day, plan_year=plan.year, unit_ids=units):
            out.append(Candidate(facts, name, window))
    return out


def _birth_bounds(rule: Eligibility, plan: ExamPlan, on: date | None) -> tuple[date | None, date | None]:
    """Birth-date bounds of the age range on ``on``, or on some day of the plan when ``on`` is None."""
    if on is not None:
        return birth_range(rule, on)
    return birth_range(rule, plan.start_date)[0], birth_range(rule, plan.end_date)[1]


def eligible_units(session: Session, plan: ExamPlan) -> list[tuple[int, int]]:
    """(worker id, unit id) of everybody ``candidates`` returns (age within the range on some day of the
    plan), without reading birth dates: the age range
    becomes birth-date bounds in SQL, so the coverage view stays quick on a 20,000-worker file."""
    rule, _ = effective_rule(session, plan)  # a contract's shorter interval wins
    units = rule_units(session, rule)
    last = last_exams(session, plan.exam_type, exclude_plan=plan.id) if rule.interval_years else {}
    stmt = select(Worker.id, Worker.unit_id, Worker.hazards if rule.hazard_codes else literal("")).where(
        Worker.archived_at.is_(None), Worker.status == "on_roll"
    )
    if rule.sex:
        stmt = stmt.where(Worker.sex == rule.sex)
    if rule.employment_types:
        stmt = stmt.where(Worker.employment_type.in_(rule.employment_types))
    after, until = _birth_bounds(rule, plan, None)
    if after is not None:
        stmt = stmt.where(Worker.birth_date > after)
    if until is not None:
        stmt = stmt.where(Worker.birth_date <= until)
    # Sex, age and employment are settled by the query; the rest uses the core's own tests.
    out = []
    for wid, unit_id, hz in session.execute(stmt):
        if units is not None and unit_id not in units:
            continue
        if rule.hazard_codes and not has_hazard(hz or "", rule.hazard_codes):
            continue
        prev = last.get(wid)
        if prev is not None and (due_year(prev, rule.interval_years) or 0) > plan.year:
            continue
        out.append((wid, unit_id))
    return out


def bus_units(session: Session, nodes: list[UnitNode] | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """(unit id → the unit its workers travel with, unit id → tree position).

    A bus goes per 林场/车间/科室: the unit just below the top of the tree (or the unit itself when the tree
    has one level), so the 班组 of one 林场 are examined together.
    """
    nodes = unit_tree(session) if nodes is None else nodes
    order = {n.id: i for i, n in enumerate(nodes)}
    parent = {n.id: n.parent_id for n in nodes}
    depth = {n.id: n.depth for n in nodes}
    bus: dict[int, int] = {}
    for n in nodes:
        u = n.id
        while depth.get(u, 0) > 1:
            up = parent.get(u)
            if up is None:
                break
            u = up
        bus[n.id] = u
    return bus, order


@dataclass
class ScheduleReport:
    eligible: int = 0
    kept: int = 0
    placed: int = 0
    moved: int = 0
    added: int = 0
    removed: int = 0
    unplaced: int = 0
    extra_days_needed: int = 0
    working_days: int = 0
    unknown_years: list[int] = field(default_factory=list)
    load: dict[date, int] = field(default_factory=dict)

    def text(self) -> str:
        lines = [
            f"符合条件 {self.eligible} 人；本次排入 {self.placed} 人（新增 {self.added}，调整日期 {self.moved}），"
            f"保留已检/缺检/改期/锁定 {self.kept} 人；可用检查日 {self.working_days} 天。"
        ]
        if self.removed:
            lines.append(f"{self.removed} 个待检预约因不再符合条件而取消。")
        if self.unplaced:
            lines.append(
                f"名额不足：还有 {self.unplaced} 人未能排入，约需再增加 {self.extra_days_needed} 个检查日"
                "（或提高每日人数）。"
            )
        note = unknown_years_note(self.unknown_years)
        if note:
            lines.append(note + "。")
        return "\n".join(lines)


def generate_schedule(
    db: Database, plan_id: int, *, job: Job | None = None, today: date | None = None
) -> ScheduleReport:
    with db.write() as session:
        return schedule_plan(session, plan_id, actor=db.actor, job=job, today=today)


def schedule_plan(
    session: Session, plan_id: int, *, actor: str, job: Job | None = None, today: date | None = None
) -> ScheduleReport:
    """(Re-)schedule a plan on its working days from ``today`` (the scheduling date, default: today) on."""
    today = today or date.today()
    plan = get_plan(session, plan_id)
    if plan.archived_at is not None:
        raise DomainError("该体检计划已归档，不能排期；如需排期请先恢复")
    if job is not None:
        job.step(0, 0, "正在确定符合条件的职工")
    report = ScheduleReport()
    days, report.unknown_years = working_days(plan.start_date, plan.end_date, load_calendar(session))
    caps = day_capacities(session, plan.id)
    slots = [(d, caps.get(d, plan.daily_capacity)) for d in days if d >= today]
    report.working_days = sum(1 for _, c in slots if c > 0)

    booked = _booked(session, plan.id)
    pool = [c for c in candidates(session, plan) if c.facts.worker_id not in booked.kept]
    windows = {c.facts.worker_id: c.window for c in pool if c.window is not None}
    report.eligible = len(pool) + len(booked.kept)
    report.kept = len(booked.kept)

    groups = _bus_groups(session, pool)
    result = schedule(slots, groups, booked.taken, usual_capacity=plan.daily_capacity, windows=windows, job=job)
    report.placed, report.unplaced = result.placed, len(result.unplaced)
    report.extra_days_needed, report.load = result.extra_days_needed, result.load

    now = utcnow()
    report.moved = _move(session, booked.free, result.assignments, actor=actor, now=now)
    report.removed = _cancel(session, booked.free, result)
    report.added = _add(session, plan.id, booked.free, result.assignments, actor=actor, now=now, job=job)
    _audit(session, plan.id, report, actor=actor)
    return report


@dataclass
class _Booked:
    """The plan's appointments before the run."""

    kept: set[int] = field(default_factory=set)
    """Workers whose appointment the clerk touched (attended, missed, moved or locked): never changed."""
    taken: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    """Places the kept appointments use on each day."""
    free: dict[int, tuple[int, date]] = field(default_factory=dict)
    """Worker → (appointment id, day) of the untouched appointments, back in the pool."""


def _booked(session: Session, plan_id: int) -> _Booked:
    out = _Booked()
    rows = session.execute(
        select(
            ExamAppointment.id,
            ExamAppointment.worker_id,
            ExamAppointment.scheduled_date,
            ExamAppointment.status,
            ExamAppointment.locked,
        ).where(ExamAppointment.plan_id == plan_id)
    ).all()
    for aid, wid, day, status, locked in rows:
        if status == "pending" and not locked:
            out.free[wid] = (aid, day)
        else:
            out.kept.add(wid)
            out.taken[day] += 1
    return out


def _bus_groups(session: Session, pool: list[Candidate]) -> list[list[int]]:
    """Worker ids per bus, buses in unit-tree order, each by unit position, name and id."""
    bus, order = bus_units(session)
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for c in pool:
        groups[bus.get(c.facts.unit_id, c.facts.unit_id)].append(c)
    ordered_groups = []
    for key in sorted(groups, key=lambda u: (order.get(u, 1 << 30), u)):
        members = sorted(groups[key], key=lambda c: (order.get(c.facts.unit_id, 1 << 30), c.name, c.facts.worker_id))
        ordered_groups.append([c.facts.worker_id for c in members])
    return ordered_groups


def _move(
    session: Session, free: dict[int, tuple[int, date]], assignments: dict[int, date], *, actor: str, now: datetime
) -> int:
    """Put untouched appointments on their new day; how many moved."""
    changes = [
        {"id": free[w][0], "scheduled_date": d, "updated_at": now, "updated_by": actor}
        for w, d in assignments.items()
        if w in free and free[w][1] != d
    ]
    if changes:
        session.execute(update(ExamAppointment), changes)
    return len(changes)


def _cancel(session: Session, free: dict[int, tuple[int, date]], result: ScheduleResult) -> int:
    """Delete the untouched appointments of people not placed; how many no longer qualify (the unplaced,
    whose appointment also goes, are counted in the report's shortage instead)."""
    stale = [aid for w, (aid, _) in free.items() if w not in result.assignments]
    for start in range(0, len(stale), INSERT_CHUNK):
        session.execute(delete(ExamAppointment).where(ExamAppointment.id.in_(stale[start : start + INSERT_CHUNK])))
    unplaced = set(result.unplaced)
    return sum(1 for w in free if w not in result.assignments and w not in unplaced)


def _add(
    session: Session,
    plan_id: int,
    free: dict[int, tuple[int, date]],
    assignments: dict[int, date],
    *,
    actor: str,
    now: datetime,
    job: Job | None,
) -> int:
    """Insert appointments for the people placed who had none; how many."""
    prefix = office_code(session)
    new_rows = [
        {
            "uid": f"{prefix}-{uuid.uuid4()}",
            "plan_id": plan_id,
            "worker_id": w,
            "scheduled_date": d,
            "status": "pending",
            "locked": False,
            "actual_date": None,
            "result": "",
            "follow_up_due": None,
            "follow_up_done": None,
            "notes": "",
            "created_at": now,
            "created_by": actor,
            "updated_at": now,
            "updated_by": actor,
        }
        for w, d in assignments.items()
        if w not in free
    ]
    for start in range(0, len(new_rows), INSERT_CHUNK):
        session.execute(insert(ExamAppointment), new_rows[start : start + INSERT_CHUNK])
        if job is not None:
            job.step(start, len(new_rows), "正在保存排期")
    return len(new_rows)


def _audit(session: Session, plan_id: int, report: ScheduleReport, *, actor: str) -> None:
    """One entry for the run, with its counts, rather than one per machine-made appointment."""
    audit.record(
        session,
        actor=actor,
        action="schedule",
        entity=ENTITY,
        entity_id=plan_id,
        after={
            "eligible": report.eligible,
            "added": report.added,
            "moved": report.moved,
            "kept": report.kept,
            "removed": report.removed,
            "unplaced": report.unplaced,
            "extra_days_needed": report.extra_days_needed,
            "unknown_years": report.unknown_years,
        },
    )
