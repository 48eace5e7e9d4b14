"""Models of branded activities and honours (#6).

Imported by the services that use them; db.models.all_models() registers every area for Alembic.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models import Base, Worker, utcnow


class ActivityBrand(Base):
    """A brand of the office (玫瑰书香, 巾帼建功 …); switched off rather than deleted once used."""

    __tablename__ = "activity_brand"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class Activity(Base):
    """One event of a brand. Money columns hold integer fen."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_starts_at", "starts_at"),
        Index("ix_activity_brand_id", "brand_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    brand_id: Mapped[int] = mapped_column(ForeignKey("activity_brand.id"))
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(100), default="")
    organiser: Mapped[str] = mapped_column(String(100), default="")
    target_group: Mapped[str] = mapped_column(String(100), default="")
    budget_fen: Mapped[int] = mapped_column(Integer, default=0)
    actual_fen: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    brand: Mapped[ActivityBrand] = relationship()


class ActivityParticipant(Base):
    """One worker at one activity: registered, signed in or absent; her role, award, hours and family."""

    __tablename__ = "activity_participant"
    __table_args__ = (
        UniqueConstraint("activity_id", "worker_id", name="uq_activity_participant_activity_id_worker_id"),
        Index("ix_activity_participant_worker_id", "worker_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    status: Mapped[str] = mapped_column(String(20), default="registered")
    role: Mapped[str] = mapped_column(String(20), default="participant")
    # Tenths of an hour: exact like fen, and volunteer hours are counted in halves.
    hours_tenths: Mapped[int | None] = mapped_column(Integer)
    award_name: Mapped[str] = mapped_column(String(100), default="")
    award_rank: Mapped[str] = mapped_column(String(50), default="")
    family_name: Mapped[str] = mapped_column(String(50), default="")
    family_members: Mapped[int] = mapped_column(Integer, default=0)
    # The other members of a 最美家庭 family, as listed by the clerk: "李强（丈夫）、李小明（儿子）".
    family_member_names: Mapped[str] = mapped_column(Text, default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    activity: Mapped[Activity] = relationship()
    worker: Mapped[Worker] = relationship()


class Honour(Base):
    """One entry of the honours register (荣誉): a person, or a family registered under its worker."""

    __tablename__ = "honour"
    __table_args__ = (Index("ix_honour_worker_id", "worker_id"), Index("ix_honour_year", "year"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    # The record number clerks name it by (desktop.core.serials), given on insert by desktop.services.serials.
    serial: Mapped[str] = mapped_column(String(20), unique=True, index=True, server_default="")
    title: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    family_name: Mapped[str] = mapped_column(String(50), default="")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    awarded_by: Mapped[str] = mapped_column(String(100), default="")
    awarded_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    worker: Mapped[Worker] = relationship()
    activity: Mapped[Activity | None] = relationship()


class ActivityAttachment(Base):
    """A photo or document of an activity: the metadata row; the bytes live in ``attachment_blob``.

    Listing an activity's attachments reads only these small rows; the bytes are read when one is opened.
    """

    __tablename__ = "activity_attachment"
    __table_args__ = (Index("ix_activity_attachment_activity_id", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    kind: Mapped[str] = mapped_column(String(10))  # photo / document
    file_name: Mapped[str] = mapped_column(String(200))
    caption: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class AttachmentBlob(Base):
    """The bytes of an attached file, once per content (the same photo attached twice is stored once)."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
