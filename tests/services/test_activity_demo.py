"""Demo activities: a year across the brands, upcoming ones for reminders, awards, honours and photos."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models_activities import ActivityAttachment, Honour
from desktop.services.activities import records as activity_records
from desktop.services.activities.demo import add_demo_activities
from desktop.services.activities.reach import overall_women_rate
from desktop.services.activities.reminders import activity_reminders
from desktop.services.database import Database
from desktop.services.demo import create_demo

TODAY = date(2026, 6, 1)


def test_demo_has_a_year_of_activities(db: Database) -> None:
    create_demo(db, workers=400, seed=3, today=TODAY)
    with db.read() as s:
        rows = activity_records.fetch_rows(s, activity_records.activity_ids(s))
        assert len(rows) >= 24
        assert {r.brand for r in rows} >= {"玫瑰书香", "巾帼建功", "最美家庭", "三八系列", "心灵驿站"}
        assert all(r.starts_at.month == 3 for r in rows if r.brand == "三八系列")
        past = [r for r in rows if r.starts_at.date() < TODAY]
        assert all(r.signed > 0 and r.summary for r in past)
        assert activity_reminders(s, TODAY, date(2026, 7, 1))
        assert s.scalar(select(func.count()).select_from(Honour)) >= 5
        assert s.scalar(select(func.count()).select_from(ActivityAttachment)) >= 1
        part, women, rate = overall_women_rate(s, 2026)
        assert 0 < part < women and rate is not None
    assert add_demo_activities(db, seed=3, on=TODAY) == 0  # once per data file
