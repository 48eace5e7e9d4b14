"""Models of the 女职工特殊疾病互助保障 (特种病保险, #19 item 2): enrolments per coverage period and claims.

Imported by the services that use them; db.models.all_models() registers every area for Alembic.
Money is integer fen. The codes (payer, diagnosis, status, documents) are desktop.core.special_insurance's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class InsuranceEnrolment(Base):
    """One woman in one plan for one coverage period (usually a year), and who paid the premium."""

    __tablename__ = "insurance_enrolment"
    __table_args__ = (
        Index("ix_insurance_enrolment_worker_id", "worker_id"),
        Index("ix_insurance_enrolment_coverage", "coverage_start", "coverage_end"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    plan_name: Mapped[str] = mapped_column(String(100))
    coverage_start: Mapped[date] = mapped_column(Date)
    coverage_end: Mapped[date] = mapped_column(Date)
    premium_fen: Mapped[int] = mapped_column(Integer)
    payer: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")


class InsuranceClaim(Base):
    """A claim for a diagnosis within an enrolment's coverage: amounts, papers received, where it stands."""

    __tablename__ = "insurance_claim"
    __table_args__ = (
        Index("ix_insurance_claim_worker_id", "worker_id"),
        Index("ix_insurance_claim_enrolment_id", "enrolment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("insurance_enrolment.id"))
    diagnosis: Mapped[str] = mapped_column(String(20))
    diagnosis_date: Mapped[date] = mapped_column(Date)
    claimed_fen: Mapped[int] = mapped_column(Integer)
    paid_fen: Mapped[int | None] = mapped_column(Integer)
    documents: Mapped[str] = mapped_column(String(200), default="")  # comma-separated DOCUMENTS codes
    received_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="received")
    decided_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")
