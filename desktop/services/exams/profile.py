"""The exams part of a worker's profile in the roster: her exams and screenings, newest first."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.services.exams.coverage import worker_history
from desktop.services.roster.profile import ProfileLine, ProfileSection, register

MAX_LINES = 8


@register
def exam_section(session: Session, worker_id: int) -> list[ProfileSection]:
    rows = worker_history(session, worker_id)
    if not rows:
        return []
    lines = []
    for r in rows[:MAX_LINES]:
        value = r.status + (f"：{r.result}" if r.result else "")
        reason = f"复查 {format_date(r.follow_up_due)}" if r.follow_up_due else ""
        lines.append(ProfileLine(f"{format_date(r.day)} {r.exam_type}", value, reason or r.plan_name))
    return [ProfileSection("体检筛查", lines)]
