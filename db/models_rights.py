"""Models of the 维权诉求 intake (#19 item 4): one worker's request or complaint from intake to closing.

Sensitive: read only through desktop/services/rights/requests.py, which lets 管理员 and 审批/领导 see every request
and a 经办 only the ones she entered (``created_by``). The codes are desktop.core.rights_requests's.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, utcnow


class RightsRequest(Base):
    __tablename__ = "rights_request"
    __table_args__ = (
        Index("ix_rights_request_worker_id", "worker_id"),
        Index("ix_rights_request_received_on", "received_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    category: Mapped[str] = mapped_column(String(12))
    summary: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    mediation_on: Mapped[date | None] = mapped_column(Date)
    arbitration_on: Mapped[date | None] = mapped_column(Date)
    litigation_on: Mapped[date | None] = mapped_column(Date)
    legal_aid_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(12), default="")
    outcome_text: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str] = mapped_column(String(12), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")
