"""Models of the 女职工权益保护专项集体合同 (#19 item 1).

Imported by the services that use them; db.models.all_models() registers every area for Alembic.
The data file belongs to one office (table ``office``), so a contract row is that office's contract; its ``uid``
carries the office code for the HQ workbook.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, utcnow


class SpecialContract(Base):
    """One signed (or drafted) special collective contract: its term, parties and the signed file."""

    __tablename__ = "special_contract"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="draft")  # desktop.core.special_contracts.STATUS
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    signed_on: Mapped[date | None] = mapped_column(Date)
    union_party: Mapped[str] = mapped_column(String(100), default="")
    union_rep: Mapped[str] = mapped_column(String(50), default="")
    company_party: Mapped[str] = mapped_column(String(100), default="")
    company_rep: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The signed scan: bytes in attachment_blob (as activity attachments), so backups and USB copies carry it.
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment_blob.sha256"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    clauses: Mapped[list[SpecialContractClause]] = relationship(
        back_populates="contract", order_by="SpecialContractClause.sort_order"
    )


class SpecialContractClause(Base):
    """One promise of a contract as a structured item: its kind, the number promised and the clause text."""

    __tablename__ = "special_contract_clause"
    __table_args__ = (Index("ix_special_contract_clause_contract_id", "contract_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("special_contract.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    article: Mapped[str] = mapped_column(String(20), default="")  # 第八条
    kind: Mapped[str] = mapped_column(String(20))  # desktop.core.special_contracts.CLAUSE_KINDS
    value: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10), default="")
    target_percent: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    contract: Mapped[SpecialContract] = relationship(back_populates="clauses")
