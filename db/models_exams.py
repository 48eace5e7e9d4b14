"""Models of exams and screening (#4).

Imported by the services that use them; db.models.all_models() registers every area for Alembic.

No detailed medical results are stored (privacy): only whether she came, a result category and the
follow-up date the union tracks.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class ExamPlan(Base):
    """One exam campaign: a type, a hospital, a date range with daily capacity, and who is eligible."""

    __tablename__ = "exam_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    exam_type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    items: Mapped[str] = mapped_column(Text, default="")
    preparation: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    report_time: Mapped[str] = mapped_column(String(30), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    daily_capacity: Mapped[int] = mapped_column(Integer)
    # The eligibility rule (desktop.core.exams.Eligibility); lists are comma-separated codes or unit ids.
    elig_sex: Mapped[str] = mapped_column(String(1), default="")
    elig_age_min: Mapped[int | None] = mapped_column(Integer)
    elig_age_max: Mapped[int | None] = mapped_column(Integer)
    elig_employment: Mapped[str] = mapped_column(String(100), default="active")
    elig_units: Mapped[str] = mapped_column(Text, default="")
    elig_hazards: Mapped[str] = mapped_column(String(300), default="")
    interval_years: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")


class ExamPlanDay(Base):
    """A day whose capacity differs from the plan's usual one (0 closes the day, e.g. the hospital's
    equipment day)."""

    __tablename__ = "exam_plan_day"
    __table_args__ = (UniqueConstraint("plan_id", "day", name="uq_exam_plan_day_plan_id_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("exam_plan.id"))
    day: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer)


class ExamAppointment(Base):
    """One worker on one plan: her exam day, whether she came, and the result category."""

    __tablename__ = "exam_appointment"
    __table_args__ = (
        UniqueConstraint("plan_id", "worker_id", name="uq_exam_appointment_plan_id_worker_id"),
        Index("ix_exam_appointment_plan_day", "plan_id", "scheduled_date"),
        Index("ix_exam_appointment_worker_id", "worker_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("exam_plan.id"))
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    scheduled_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # Set when the clerk fixed the day by hand; a re-run of the schedule keeps the appointment.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    actual_date: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(12), default="")
    follow_up_due: Mapped[date | None] = mapped_column(Date)
    follow_up_done: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")


class HolidayDay(Base):
    """A statutory holiday or an adjusted working day entered by the office for a year the holiday
    package does not know yet (or to correct it); a year with any row here counts as known."""

    __tablename__ = "holiday_day"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "holiday" or "workday"
    name: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class HolidayYear(Base):
    """How the office's holiday rows of a year combine with the holiday package (#18): by default they add
    to it (a local day off, a correction of one day); ``replaces_package`` makes them the whole arrangement
    of the year, chosen explicitly and confirmed in the dialog. A year without a row here adds."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    replaces_package: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
