"""Typed SQLAlchemy 2.0 models.

Codes (sex, status, employment type) are stored as short ASCII codes; their Chinese labels live in
desktop.core.enums so a later server database and the HQ workbook see stable values.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep Alembic batch migrations on SQLite deterministic.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    """The one union office that owns this data file; its code prefixes every global record id."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    # Shared by every office of the group: HMAC key of the ID fingerprints in HQ workbooks ("" = none).
    hq_group_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Unit(Base):
    """A node of the office's unit tree: 公司 → 林场/车间/科室 → 班组."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Units that workers point at are retired, never deleted, so old records keep their unit.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")


class Worker(Base):
    __tablename__ = "worker"
    __table_args__ = (
        Index("ix_worker_name", "name"),
        Index("ix_worker_unit_id", "unit_id"),
        Index("ix_worker_birth_date", "birth_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str] = mapped_column(String(1))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    # Derived from the ID number and stored so that age filters and sorts run in SQL.
    birth_date: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    post: Mapped[str] = mapped_column(String(50), default="")
    hazards: Mapped[str] = mapped_column(String(300), default="")
    employment_type: Mapped[str] = mapped_column(String(20), default="active")
    union_member: Mapped[bool] = mapped_column(Boolean, default=True)
    union_join_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(30), default="")
    hire_date: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    """合同到期日: a contract ending inside a protected period runs on until lactation ends (#18 item 7)."""
    status: Mapped[str] = mapped_column(String(20), default="on_roll")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    unit: Mapped[Unit] = relationship()


class AuditEntry(Base):
    """Who changed what, when, and the values before and after (JSON), for every user change."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    # HMAC of the previous entry's mac and this entry's fields (desktop/services/audit_chain.py): an entry
    # edited, deleted or moved with another SQLite tool breaks the chain, and `check` names it.
    mac: Mapped[str | None] = mapped_column(String(64))


class Account(Base):
    """A person who signs in. Never deleted: a departed clerk's account is disabled, so the log keeps a name."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    # The file secret encrypted under a key derived from this account's password (hex: salt, nonce+ciphertext),
    # so signing in is what unlocks the audit chain key and the HQ group key.
    key_salt: Mapped[str] = mapped_column(String(64))
    key_wrap: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)


class SecurityState(Base):
    """Named values of the file's security: the audit chain head, the recovery key slot, the wrapped group key."""

    __tablename__ = "security_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RuleValue(Base):
    """One policy number (e.g. the regional maternity-leave extension) valid from a date on.

    Rows are never overwritten by a later policy: a change is a new row with a later effective_from, so
    a case decided under the old number keeps it (desktop.services.protections.rules).
    """

    __tablename__ = "rule_value"
    __table_args__ = (UniqueConstraint("key", "effective_from", name="uq_rule_value_key_effective_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(50))
    value: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProtectionCase(Base):
    """One pregnancy of one woman worker and the protection that follows it (孕期、产期、哺乳期 or 流产).

    Only facts entered by the clerk are stored; every derived date (7 months, leave end, lactation end)
    is computed by desktop.core.protection_timeline with the rules in force, so a rule correction
    reaches every ledger and form at once.
    """

    __tablename__ = "protection_case"
    __table_args__ = (Index("ix_protection_case_worker_id", "worker_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    lmp: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    doctor_certificate: Mapped[bool] = mapped_column(Boolean, default=False)
    reduced_workload: Mapped[str] = mapped_column(Text, default="")
    # A temporary move for the protection periods; the roster's post stays HR's record of her job.
    reassigned_from_post: Mapped[str] = mapped_column(String(50), default="")
    reassigned_to_post: Mapped[str] = mapped_column(String(50), default="")
    reassigned_to_hazards: Mapped[str] = mapped_column(String(300), default="")
    reassigned_on: Mapped[date | None] = mapped_column(Date)
    delivery_date: Mapped[date | None] = mapped_column(Date)
    dystocia: Mapped[bool] = mapped_column(Boolean, default=False)
    babies: Mapped[int] = mapped_column(Integer, default=1)
    miscarriage_date: Mapped[date | None] = mapped_column(Date)
    leave_start: Mapped[date | None] = mapped_column(Date)
    return_to_work: Mapped[date | None] = mapped_column(Date)
    lactation_stopped: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    rules_frozen: Mapped[str] = mapped_column(Text, default="", server_default="")
    """JSON of the rule values this case keeps (#18 item 5): set when a rule change would move a case whose
    leave had started; "" follows the rule data. Cleared by 重新计算, which the case history records."""
    rules_frozen_on: Mapped[date | None] = mapped_column(Date)
    """The deciding day whose rules were frozen (shown in the explanation)."""
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    worker: Mapped[Worker] = relationship()


class SerialCounter(Base):
    """The last record number given for a kind (visit, batch …) and year (#17 item 3).

    Kept apart from the records so a number is never given twice even if its record were removed, and so the
    next number is one upsert that takes SQLite's write lock before reading (two writers cannot both read the
    same last number).
    """

    __tablename__ = "serial_counter"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


def all_models() -> type[Base]:
    """Base with every area's models registered (for Alembic and the schema test).

    Each area keeps its models in its own module, imported by the services that use it: the roster needs
    only the models above, and leaving the area modules out of start-up saves about 0.15 s (their import
    and mapper configuration) before the window shows. Their relationships point at Worker and Unit only,
    so they can join the registry later.
    """
    from db import (  # noqa: F401
        models_activities,
        models_condolences,
        models_contracts,
        models_exams,
        models_insurance,
        models_rights,
        models_surveys,
    )

    return Base
