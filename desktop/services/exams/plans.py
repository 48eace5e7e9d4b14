"""Exam plans: create, edit, archive, and the rule and days a plan stands for."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from db.models import Unit, utcnow
from db.models_exams import ExamAppointment, ExamPlan, ExamPlanDay
from desktop.core import enums
from desktop.core.errors import DomainError
from desktop.core.exams import DRAFT_FIELDS, EXAM_TYPE, Eligibility, PlanDraft, check_draft, rule_of
from desktop.core.exams import default_draft as default_draft  # what a new plan starts with, for the screens
from desktop.core.hazards import HAZARD_BY_CODE
from desktop.services import audit, lookup
from desktop.services.office import descendant_ids
from desktop.services.roster.workers import new_uid

ENTITY = "exam_plan"


def effective_rule(session: Session, plan: ExamPlan) -> tuple[Eligibility, str]:
    """The plan's rule with the interval the 专项集体合同 in force on the plan's first day promises, when it is
    shorter (stricter wins, #19 item 1), and the reason naming the contract ("" when the plan's own applies)."""
    from desktop.services.contracts.contracts import exam_interval

    rule = rule_of(plan)
    tightened = exam_interval(session, plan.exam_type, rule.interval_years, plan.start_date)
    if not tightened.by_contract:
        return rule, ""
    return replace(rule, interval_years=tightened.value), tightened.reason


def rule_units(session: Session, rule: Eligibility) -> frozenset[int] | None:
    """The rule's units with all their sub-units; None when the plan is for every unit."""
    if not rule.unit_ids:
        return None
    out: set[int] = set()
    for uid in rule.unit_ids:
        out.update(descendant_ids(session, uid))
    return frozenset(out)


def describe_rule(session: Session, plan: ExamPlan) -> str:
    """The eligibility rule in words for the tab and the printed lists."""
    r, by_contract = effective_rule(session, plan)
    parts: list[str] = [enums.label(enums.SEX, r.sex) if r.sex else "男女不限"]
    if r.age_min is not None and r.age_max is not None:
        parts.append(f"{r.age_min}–{r.age_max}岁")
    elif r.age_min is not None:
        parts.append(f"{r.age_min}岁及以上")
    elif r.age_max is not None:
        parts.append(f"{r.age_max}岁及以下")
    if r.employment_types:
        parts.append("、".join(enums.label(enums.EMPLOYMENT_TYPE, c) for c in r.employment_types))
    if r.unit_ids:
        names = [u.name for u in session.scalars(select(Unit).where(Unit.id.in_(r.unit_ids)).order_by(Unit.id))]
        parts.append("、".join(names) + "（含下级）")
    if r.hazard_codes:
        parts.append("岗位有" + "或".join(HAZARD_BY_CODE[c].label for c in r.hazard_codes))
    parts.append(f"{r.interval_years}年内未检" if r.interval_years else "不限间隔")
    if by_contract:
        parts.append(by_contract)
    return "；".join(parts)


def get_plan(session: Session, plan_id: int) -> ExamPlan:
    return lookup.fetch(session, ExamPlan, plan_id, "该体检计划不存在（可能已被他人修改），请刷新")


def get_draft(session: Session, plan_id: int) -> PlanDraft:
    plan = get_plan(session, plan_id)
    return PlanDraft(**{f: getattr(plan, f) for f in DRAFT_FIELDS}, day_capacities=day_capacities(session, plan_id))


def day_capacities(session: Session, plan_id: int) -> dict[date, int]:
    rows = session.execute(select(ExamPlanDay.day, ExamPlanDay.capacity).where(ExamPlanDay.plan_id == plan_id))
    return {d: c for d, c in rows}


@dataclass(frozen=True)
class PlanRow:
    id: int
    uid: str
    name: str
    exam_type: str
    type_label: str
    year: int
    provider: str
    start_date: date
    end_date: date
    daily_capacity: int
    appointments: int
    done: int
    archived: bool
    serial: str = ""  # 检2026-002


def list_plans(session: Session, *, include_archived: bool = False) -> list[PlanRow]:
    """Plans newest first, with how many are booked and how many came."""
    # Rows indexed, not unpacked: mypy reads the items of an unpacked variadic Row as object.
    counts: dict[int, tuple[int, int]] = {
        row[0]: (int(row[1]), int(row[2] or 0))
        for row in session.execute(
            select(
                ExamAppointment.plan_id, func.count(), func.sum(case((ExamAppointment.status == "done", 1), else_=0))
            ).group_by(ExamAppointment.plan_id)
        )
    }
    stmt = select(ExamPlan).order_by(ExamPlan.start_date.desc(), ExamPlan.id.desc())
    if not include_archived:
        stmt = stmt.where(ExamPlan.archived_at.is_(None))
    out = []
    for p in session.scalars(stmt):
        n, d = counts.get(p.id, (0, 0))
        out.append(
            PlanRow(
                p.id,
                p.uid,
                p.name,
                p.exam_type,
                EXAM_TYPE.get(p.exam_type, p.exam_type),
                p.year,
                p.provider,
                p.start_date,
                p.end_date,
                p.daily_capacity,
                n,
                d,
                p.archived_at is not None,
                p.serial,
            )
        )
    return out


def _snapshot(plan: ExamPlan) -> dict[str, object]:
    return audit.snapshot(plan, DRAFT_FIELDS)


def _save_days(session: Session, plan_id: int, caps: dict[date, int]) -> None:
    session.execute(delete(ExamPlanDay).where(ExamPlanDay.plan_id == plan_id))
    for d, cap in sorted(caps.items()):
        session.add(ExamPlanDay(plan_id=plan_id, day=d, capacity=cap))


def create_plan(session: Session, draft: PlanDraft, *, actor: str) -> ExamPlan:
    clean = check_draft(draft)
    now = utcnow()
    values = {f: getattr(clean, f) for f in DRAFT_FIELDS}
    plan = ExamPlan(uid=new_uid(session), created_at=now, created_by=actor, updated_at=now, updated_by=actor, **values)
    session.add(plan)
    session.flush()
    _save_days(session, plan.id, clean.day_capacities)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=plan.id,
        after={**_snapshot(plan), "day_capacities": clean.day_capacities},
    )
    return plan


def update_plan(session: Session, plan_id: int, draft: PlanDraft, *, actor: str) -> ExamPlan:
    plan = get_plan(session, plan_id)
    if plan.archived_at is not None:
        raise DomainError("该体检计划已归档，不能修改；如需修改请先恢复")
    clean = check_draft(draft)
    before = {**_snapshot(plan), "day_capacities": day_capacities(session, plan_id)}
    for f in DRAFT_FIELDS:
        setattr(plan, f, getattr(clean, f))
    plan.updated_at, plan.updated_by = utcnow(), actor
    _save_days(session, plan_id, clean.day_capacities)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity=ENTITY,
        entity_id=plan.id,
        before=before,
        after={**_snapshot(plan), "day_capacities": clean.day_capacities},
    )
    return plan


def archive_plan(session: Session, plan_id: int, *, actor: str, archived: bool = True) -> ExamPlan:
    plan = get_plan(session, plan_id)
    if (plan.archived_at is not None) == archived:
        return plan
    plan.archived_at = utcnow() if archived else None
    plan.updated_at, plan.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action="archive" if archived else "restore",
        entity=ENTITY,
        entity_id=plan.id,
        before={"archived": not archived},
        after={"archived": archived},
    )
    return plan
