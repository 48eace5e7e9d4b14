"""Demo exams: last year's 两癌筛查 with attendance and results, and this year's 年度体检 under way.

Made through the same services a clerk uses (plans, schedule, attendance, results), so the demo shows
the tab as it will look after a season of real use. Runs once per data file.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.exams import MAX_CAPACITY, default_draft, default_follow_up
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.exams.plans import create_plan
from desktop.services.exams.scheduling import schedule_plan

HOSPITAL = "牙克石市人民医院体检中心"
CONTACT = "工会女工委 王丽 0470-7351234"


def add_demo_exams(db: Database, *, seed: int, on: date | None = None) -> int:
    """Add the two plans; returns the number of appointments made (0 if demo plans exist already)."""
    today = on or date.today()
    rng = random.Random(seed)
    actor = db.actor
    with db.write() as s:
        if s.scalar(select(ExamPlan.id).limit(1)) is not None:
            return 0
        last = today.year - 1
        # Hospital places sized to the roster, so a 20,000-worker demo is scheduled as fully as a small one.
        on_roll = int(s.scalar(select(func.count()).select_from(Worker).where(Worker.status == "on_roll")) or 0)
        past = replace(
            default_draft("two_cancer", date(last, 5, 11)),
            end_date=date(last, 6, 30),
            daily_capacity=min(MAX_CAPACITY, max(5, on_roll // 100)),
            provider="牙克石市妇幼保健院",
            place="牙克石市妇幼保健院二楼筛查科",
            contact=CONTACT,
            report_time="08:00",
        )
        p1 = create_plan(s, past, actor=actor)
        schedule_plan(s, p1.id, actor=actor, today=past.start_date)
        _attend(s, p1.id, date(last, 12, 31), rng, actor)

        start = today - timedelta(days=21)
        # Capped at what a plan accepts (a 100,000-worker demo used to fail after 20 s on 每日人数); a bigger
        # roster gets a longer plan instead, about 50 working days per 70 calendar days.
        capacity = min(MAX_CAPACITY, max(10, -(-on_roll // 40)))
        days = max(70, -(-on_roll // capacity) * 7 // 5 + 14)
        current = replace(
            default_draft("annual", start),
            end_date=start + timedelta(days=days),
            daily_capacity=capacity,
            provider=HOSPITAL,
            place=f"{HOSPITAL}（门诊楼三楼）",
            contact=CONTACT,
            report_time="07:30",
        )
        p2 = create_plan(s, current, actor=actor)
        schedule_plan(s, p2.id, actor=actor, today=start)
        _attend(s, p2.id, today - timedelta(days=1), rng, actor)
        return int(s.scalar(select(func.count()).select_from(ExamAppointment)) or 0)


def _attend(s: Session, plan_id: int, until: date, rng: random.Random, actor: str) -> None:
    """Days up to ``until``: most came (results mostly normal), a few missed, half of those moved to the
    plan's last working day. Written in bulk with one change-log entry, like the demo roster itself, so a
    20,000-worker demo stays within its time budget."""
    rows = s.execute(
        select(ExamAppointment.id, ExamAppointment.scheduled_date)
        .where(ExamAppointment.plan_id == plan_id, ExamAppointment.scheduled_date <= until)
        .order_by(ExamAppointment.id)
    ).all()
    plan = s.get(ExamPlan, plan_id)
    assert plan is not None
    later = plan.end_date
    while later.weekday() >= 5:
        later -= timedelta(days=1)
    now = utcnow()
    changes: list[dict[str, object]] = []
    missed = 0
    for aid, day in rows:
        roll = rng.random()
        values: dict[str, object] = {"id": aid, "updated_at": now, "updated_by": actor}
        if roll < 0.07:
            missed += 1
            moved = missed % 2 == 0
            values.update(status="moved" if moved else "missed", locked=moved, scheduled_date=later if moved else day)
            if moved and later <= until:  # a finished plan: they came on the new day
                values.update(status="done", actual_date=later, result="normal")
        else:
            result = "normal" if roll < 0.86 else "recheck" if roll < 0.96 else "see_doctor"
            follow = default_follow_up(result, day)
            done = follow if follow is not None and follow < until and rng.random() < 0.9 else None
            values.update(status="done", actual_date=day, result=result, follow_up_due=follow, follow_up_done=done)
        changes.append(values)
    keys = ("status", "locked", "scheduled_date", "actual_date", "result", "follow_up_due", "follow_up_done")
    for group in _by_keys(changes, keys):
        s.execute(update(ExamAppointment), group)
    audit.record(
        s,
        actor=actor,
        action="demo",
        entity="exam_plan",
        entity_id=plan_id,
        after={"attended_until": until, "appointments": len(changes), "missed": missed},
    )


def _by_keys(rows: list[dict[str, object]], keys: tuple[str, ...]) -> list[list[dict[str, object]]]:
    """Bulk updates need the same columns in every row of one statement."""
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for r in rows:
        groups.setdefault(tuple(k for k in keys if k in r), []).append(r)
    return list(groups.values())
