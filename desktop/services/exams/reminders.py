"""Exam reminders: the coming exam days (who travels) and follow-ups falling due."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.services.exams.appointments import day_summary
from desktop.services.exams.coverage import follow_ups
from desktop.services.exams.plans import list_plans
from desktop.services.reminders import Reminder

AREA = "体检筛查"


def exam_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    out: list[Reminder] = []
    for plan in list_plans(session):
        if plan.end_date < start or plan.start_date > end:
            continue
        for row in day_summary(session, plan.id):
            open_ = row.total - row.done - row.missed
            if start <= row.day <= end and open_ > 0:
                out.append(
                    Reminder(
                        day=row.day,
                        kind_label="体检日",
                        name=f"{open_}人",
                        unit=plan.name,
                        detail=row.units,
                        area=AREA,
                        ref_id=plan.id,
                        ref_kind="plan",
                        order=1,
                    )
                )
    for p in follow_ups(session, until=end):
        assert p.due is not None
        # An overdue follow-up stays on the list from today on rather than vanishing into the past.
        day = max(p.due, start)
        late = f"（应于{format_date(p.due)}复查，已逾期）" if p.due < start else ""
        out.append(
            Reminder(
                day=day,
                kind_label="复查到期",
                name=p.name,
                unit=p.unit,
                detail=p.detail + late,
                area=AREA,
                worker_id=p.worker_id,
                ref_id=p.appointment_id,
                order=2,
                ref_kind="appointment",
                overdue=p.due < start,
            )
        )
    return out
