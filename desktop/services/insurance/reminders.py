"""特种病保险 reminders, joined to ``union-desk reminders`` and the 工作台:

- renewal: 30 days before a coverage period ends without a later enrolment of hers in the same plan
  (desktop.core.special_insurance.renewals);
- a positive two-cancer screening (result 异常需复查 or 建议就医) of a woman whose enrolment covers the exam day
  and who has no claim diagnosed since: "筛查阳性，可提示申请互助保障". Only a hint — the screening result is no
  diagnosis, so nothing is filed; it shows from the exam day for ``SCREENING_HINT_DAYS`` days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_exams import ExamAppointment, ExamPlan
from db.models_insurance import InsuranceClaim, InsuranceEnrolment
from desktop.core import special_insurance as core
from desktop.core.exams import FOLLOW_UP_RESULTS, RESULT
from desktop.services.office import unit_labels
from desktop.services.reminders import Reminder

AREA = "特种病保险"
SCREENING_HINT_DAYS = 90
"""How long after a positive screening the hint stays: long enough for the recheck and a diagnosis."""
SCREENING_TYPES: tuple[str, ...] = ("two_cancer",)


def _facts(e: InsuranceEnrolment) -> core.EnrolmentFacts:
    return core.EnrolmentFacts(
        e.id, e.worker_id, e.plan_name, e.coverage_start, e.coverage_end, e.archived_at is not None
    )


def renewal_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    # Plain columns, not ORM rows: a 20,000-worker file has ~7,000 enrolments a year (ORM loading took ~1 s).
    rows = session.execute(
        select(
            InsuranceEnrolment.id,
            InsuranceEnrolment.worker_id,
            InsuranceEnrolment.plan_name,
            InsuranceEnrolment.coverage_start,
            InsuranceEnrolment.coverage_end,
            Worker.name,
            Worker.unit_id,
        )
        .join(Worker, Worker.id == InsuranceEnrolment.worker_id)
        .where(
            InsuranceEnrolment.archived_at.is_(None),
            InsuranceEnrolment.coverage_end >= start,
            Worker.archived_at.is_(None),
            Worker.status == "on_roll",
        )  # she has left: nothing to renew
        .order_by(InsuranceEnrolment.id)
    ).all()
    facts = [core.EnrolmentFacts(r.id, r.worker_id, r.plan_name, r.coverage_start, r.coverage_end) for r in rows]
    due = core.renewals(facts, start, end)
    if not due:
        return []
    by_id = {r.id: r for r in rows}
    labels = unit_labels(session)
    groups: dict[tuple[str, date, date], list[Any]] = {}
    for d in due:
        e = by_id[d.enrolment_id]
        groups.setdefault((e.plan_name, e.coverage_end, d.due), []).append(e)
    out: list[Reminder] = []
    for (plan, ends, day), members in sorted(groups.items(), key=lambda kv: (kv[0][2], kv[0][0])):
        late = day != ends - timedelta(days=core.RENEWAL_DAYS)
        detail = f"“{plan}”保障期{ends.isoformat()}届满，尚未登记续保，请收缴下一期互助金"
        e = members[0]
        if len(members) == 1:
            out.append(
                Reminder(
                    day=day,
                    kind_label="保障期将满",
                    name=e.name,
                    unit=labels.get(e.unit_id, ""),
                    detail=detail,
                    area=AREA,
                    worker_id=e.worker_id,
                    ref_id=e.id,
                    ref_kind="insurance_enrolment",
                    order=1,
                    overdue=late,
                )
            )
        else:
            # The union renews a plan for all its women at once: one line, not one per woman.
            out.append(
                Reminder(
                    day=day,
                    kind_label="保障期将满",
                    name=f"{len(members)}人",
                    unit=plan,
                    detail=detail + f"（{e.name}等{len(members)}人）",
                    area=AREA,
                    ref_id=e.id,
                    ref_kind="insurance_enrolment",
                    order=1,
                    overdue=late,
                )
            )
    return out


def screening_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    """Positive two-cancer screenings from ``start − SCREENING_HINT_DAYS`` to ``end`` of enrolled women."""
    first = start - timedelta(days=SCREENING_HINT_DAYS)
    stmt = (
        select(ExamAppointment, Worker, ExamPlan.name)
        .join(ExamPlan, ExamPlan.id == ExamAppointment.plan_id)
        .join(Worker, Worker.id == ExamAppointment.worker_id)
        .where(
            ExamPlan.exam_type.in_(SCREENING_TYPES),
            ExamAppointment.status == "done",
            ExamAppointment.result.in_(FOLLOW_UP_RESULTS),
            ExamAppointment.actual_date.between(first, end),
            Worker.archived_at.is_(None),
        )
    )
    found = list(session.execute(stmt))
    if not found:
        return []
    ids = {w.id for _a, w, _p in found}
    enrolments: dict[int, list[core.EnrolmentFacts]] = {}
    for e in session.scalars(
        select(InsuranceEnrolment).where(
            InsuranceEnrolment.worker_id.in_(ids), InsuranceEnrolment.archived_at.is_(None)
        )
    ):
        enrolments.setdefault(e.worker_id, []).append(_facts(e))
    claims: dict[int, list[date]] = {}
    for wid, diagnosed in session.execute(
        select(InsuranceClaim.worker_id, InsuranceClaim.diagnosis_date).where(
            InsuranceClaim.worker_id.in_(ids), InsuranceClaim.archived_at.is_(None)
        )
    ):
        claims.setdefault(wid, []).append(diagnosed)
    labels = unit_labels(session)
    out: list[Reminder] = []
    for a, w, plan_name in found:
        day = a.actual_date
        assert day is not None
        cover = core.covering(enrolments.get(w.id, []), day)
        if cover is None or any(d >= day for d in claims.get(w.id, [])):
            continue
        out.append(
            Reminder(
                day=max(day, start),
                kind_label="筛查阳性",
                name=w.name,
                unit=labels.get(w.unit_id, ""),
                detail=f"筛查阳性，可提示申请互助保障：{plan_name}{day.isoformat()}结果为"
                f"“{RESULT.get(a.result, a.result)}”，她在“{cover.plan_name}”保障期内"
                f"（{cover.period_text}）；确诊为保障范围内疾病的，可登记互助金申请",
                area=AREA,
                worker_id=w.id,
                ref_id=cover.id,
                ref_kind="insurance_enrolment",
                order=2,
            )
        )
    return out


def insurance_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    return renewal_reminders(session, start, end) + screening_reminders(session, start, end)
