"""Models of condolence visits and hardship files (#5).

Imported by the services that use them; db.models.all_models() registers every area for Alembic.

Money columns end in ``_fen`` and hold integer fen (分). Codes (occasion, status, grade) are stored; their
labels live in desktop.core.condolences / desktop.core.hardship.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Worker, utcnow


class CondolenceStandard(Base):
    """The office's standard for one occasion from ``effective_from`` on; a change is a new row."""

    __tablename__ = "condolence_standard"
    __table_args__ = (
        UniqueConstraint("occasion", "effective_from", name="uq_condolence_standard_occasion_effective_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occasion: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(10))
    default_fen: Mapped[int] = mapped_column(Integer, default=0)
    cap_fen: Mapped[int] = mapped_column(Integer, default=0)
    yearly_cap_fen: Mapped[int] = mapped_column(Integer, default=0)
    max_per_year: Mapped[int] = mapped_column(Integer, default=0)
    once_per_cause: Mapped[bool] = mapped_column(Boolean, default=False)
    documents: Mapped[str] = mapped_column(Text, default="")  # one document per line
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CondolenceBatch(Base):
    """A festival (or other group) distribution: its visits were created together and sign one sheet."""

    __tablename__ = "condolence_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    title: Mapped[str] = mapped_column(String(100))
    occasion: Mapped[str] = mapped_column(String(20))
    festival: Mapped[str] = mapped_column(String(30), default="")
    visit_date: Mapped[date] = mapped_column(Date)
    group_text: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class CondolenceVisit(Base):
    """One payment or gift to one member, checked against the standard in force on its visit date."""

    __tablename__ = "condolence_visit"
    __table_args__ = (
        Index("ix_condolence_visit_worker_id", "worker_id"),
        Index("ix_condolence_visit_visit_date", "visit_date"),
        Index("ix_condolence_visit_batch_id", "batch_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("condolence_batch.id"))
    occasion: Mapped[str] = mapped_column(String(20))
    festival: Mapped[str] = mapped_column(String(30), default="")
    cause: Mapped[str] = mapped_column(String(100), default="")
    relative_name: Mapped[str] = mapped_column(String(50), default="")
    relative_relation: Mapped[str] = mapped_column(String(20), default="")
    event_date: Mapped[date | None] = mapped_column(Date)
    visit_date: Mapped[date] = mapped_column(Date)
    visitors: Mapped[str] = mapped_column(String(200), default="")
    cash_fen: Mapped[int] = mapped_column(Integer, default=0)
    goods: Mapped[str] = mapped_column(String(200), default="")
    goods_fen: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[str] = mapped_column(Text, default="")  # the documents checked, one per line
    status: Mapped[str] = mapped_column(String(20), default="registered")
    approved_by: Mapped[str] = mapped_column(String(50), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    # An authorised override of a broken standard: the rules broken at the time and the written reason.
    override_rules: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_by: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    worker: Mapped[Worker] = relationship()
    batch: Mapped[CondolenceBatch | None] = relationship()


class HardshipFile(Base):
    """One household's hardship file (一户一档); one per worker, kept for life and reopened if needed."""

    __tablename__ = "hardship_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), unique=True)
    grade: Mapped[str] = mapped_column(String(20))
    main_cause: Mapped[str] = mapped_column(String(50))
    secondary_causes: Mapped[str] = mapped_column(String(200), default="")
    health: Mapped[str] = mapped_column(String(200), default="")
    disability: Mapped[str] = mapped_column(String(100), default="")
    marital_status: Mapped[str] = mapped_column(String(20), default="")
    housing: Mapped[str] = mapped_column(String(200), default="")
    single_parent: Mapped[bool] = mapped_column(Boolean, default=False)
    own_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    household_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    bank_account: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    opened_on: Mapped[date] = mapped_column(Date)
    status_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)
    base_opinion: Mapped[str] = mapped_column(Text, default="")
    base_signed_on: Mapped[date | None] = mapped_column(Date)
    higher_opinion: Mapped[str] = mapped_column(Text, default="")
    higher_signed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    worker: Mapped[Worker] = relationship()
    members: Mapped[list[HardshipMember]] = relationship(
        order_by="HardshipMember.position", cascade="all, delete-orphan"
    )


class HardshipMember(Base):
    """A member of the household other than the worker; replaced as a list when the file is saved."""

    __tablename__ = "hardship_member"
    __table_args__ = (
        Index("ix_hardship_member_file_id", "file_id"),
        Index("ix_hardship_member_id_number", "id_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("hardship_file.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(20))
    id_number: Mapped[str] = mapped_column(String(18), default="")
    health: Mapped[str] = mapped_column(String(100), default="")
    income_fen: Mapped[int] = mapped_column(Integer, default=0)
    school_or_work: Mapped[str] = mapped_column(String(100), default="")


class CondolenceSavedGroup(Base):
    """A festival batch's group saved under a name (常用发放对象), e.g. "甘河林场女会员"; retired, never deleted."""

    __tablename__ = "condolence_saved_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    group_code: Mapped[str] = mapped_column(String(20))
    unit_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated unit ids, each with its sub-units
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    women_only: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class CondolenceFestival(Base):
    """An ethnic festival the office approved for festival goods, from ``effective_from`` on (#18).

    Dated rule data like ``CondolenceStandard``: a change is a new row of the same name from a later date,
    so visits already checked keep the rule of their day; ``approved`` False from a date withdraws it.
    The statutory festivals are built in (desktop.core.condolences.STATUTORY_FESTIVALS).
    """

    __tablename__ = "condolence_festival"
    __table_args__ = (UniqueConstraint("name", "effective_from", name="uq_condolence_festival_name_effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    approved: Mapped[bool] = mapped_column(Boolean, default=True)
    effective_from: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
