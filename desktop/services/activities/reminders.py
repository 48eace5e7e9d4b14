"""Activity reminders: activities starting in the next days join ``union-desk reminders``."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.services.activities.records import activities_between, format_when
from desktop.services.reminders import Reminder

AREA = "品牌活动"


def activity_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    out: list[Reminder] = []
    for row in activities_between(session, start, end):
        place = f"，{row.place}" if row.place else ""
        # The count tells the clerk how many sign-in lines and seats to prepare.
        detail = f"{format_when(row.starts_at, row.ends_at)}{place}，已报名{row.registered}人"
        out.append(
            Reminder(
                day=row.starts_at.date(),
                kind_label="活动",
                name=row.title,
                unit=row.brand,
                detail=detail,
                area=AREA,
                ref_id=row.id,
                ref_kind="activity",
                order=1,
            )
        )
    return out
