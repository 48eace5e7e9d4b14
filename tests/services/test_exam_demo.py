"""Demo exams, the fast eligibility used by the coverage view, and a cancelled schedule run."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.progress import Cancelled, Job
from desktop.services.database import Database
from desktop.services.demo import create_demo
from desktop.services.exams.demo import add_demo_exams
from desktop.services.exams.plans import get_plan
from desktop.services.exams.scheduling import candidates, eligible_units, generate_schedule
from tests.services.test_exam_scheduling import appts, people, plan

ON = date(2026, 11, 23)


def test_demo_has_a_past_and_a_current_plan(db: Database) -> None:
    create_demo(db, workers=400, seed=3, today=ON)
    with db.read() as s:
        plans = list(s.scalars(select(ExamPlan).order_by(ExamPlan.start_date)))
        assert [p.exam_type for p in plans] == ["two_cancer", "annual"]
        assert plans[0].year == 2025
        counts = dict(
            s.execute(
                select(ExamAppointment.status, func.count())
                .where(ExamAppointment.plan_id == plans[0].id)
                .group_by(ExamAppointment.status)
            ).all()
        )
        assert counts.get("done", 0) > 0 and counts.get("pending", 0) == 0
        current = dict(
            s.execute(
                select(ExamAppointment.status, func.count())
                .where(ExamAppointment.plan_id == plans[1].id)
                .group_by(ExamAppointment.status)
            ).all()
        )
        assert current.get("done", 0) > 0 and current.get("pending", 0) > 0
        results = {r for (r,) in s.execute(select(ExamAppointment.result).distinct())}
        assert {"normal", "recheck"} <= results
    assert add_demo_exams(db, seed=3, on=ON) == 0  # once per file


def test_fast_eligibility_matches_the_core(office_db: Database) -> None:
    people(office_db)
    for kind in ("two_cancer", "annual", "occupational"):
        pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), kind=kind, name=f"{kind}计划")
        with office_db.read() as s:
            p = get_plan(s, pid)
            slow = {(c.facts.worker_id, c.facts.unit_id) for c in candidates(s, p)}
            assert set(eligible_units(s, p)) == slow


def test_cancelled_run_keeps_the_old_schedule(office_db: Database) -> None:
    people(office_db)
    pid = plan(office_db, date(2026, 5, 6), date(2026, 5, 15), cap=2)
    generate_schedule(office_db, pid, today=date(2026, 5, 6))
    before = {w: a.scheduled_date for w, a in appts(office_db, pid).items()}
    assert before
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        generate_schedule(office_db, pid, job=job, today=date(2026, 5, 6))
    assert {w: a.scheduled_date for w, a in appts(office_db, pid).items()} == before
