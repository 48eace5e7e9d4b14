"""The 特种病保险 part of a woman worker's profile in the roster: whether she is covered today, by which plan and
until when, and whether a renewal is registered. Her claims are not shown here: a diagnosis is health data, kept
to the 特种病保险 tab."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_insurance import InsuranceEnrolment
from desktop.core import special_insurance as core
from desktop.services.roster.profile import ProfileLine, ProfileSection, register


@register
def insurance_section(session: Session, worker_id: int, on: date | None = None) -> list[ProfileSection]:
    worker = session.get(Worker, worker_id)
    if worker is None or worker.sex != "F":
        return []
    day = on or date.today()
    rows = [
        core.EnrolmentFacts(e.id, e.worker_id, e.plan_name, e.coverage_start, e.coverage_end)
        for e in session.scalars(
            select(InsuranceEnrolment).where(
                InsuranceEnrolment.worker_id == worker_id, InsuranceEnrolment.archived_at.is_(None)
            )
        )
    ]
    if not rows:
        return [ProfileSection("特种病保险", [ProfileLine("参保", "未登记参保", "在“特种病保险”页新增参保")])]
    now = core.covering(rows, day)
    if now is None:
        last = max(rows, key=lambda e: e.coverage_end)
        line = ProfileLine("参保", "今天不在保障期内", f"最近一次：{last.period_text}")
        return [ProfileSection("特种病保险", [line])]
    later = [e for e in rows if e.plan_name == now.plan_name and e.coverage_start > now.coverage_end]
    renewal = "已登记续保" if later else f"保障期满前{core.RENEWAL_DAYS}天提醒续保"
    return [ProfileSection("特种病保险", [ProfileLine("参保", f"{now.plan_name}（{now.period_text}）", renewal)])]
