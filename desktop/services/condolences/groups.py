"""Saved festival-batch groups (常用发放对象): a group the union sends to every festival, kept under a name.

A saved group stores the choice, not a list of people, so each batch takes the members as they are on
the day (new members included, those who left excluded). Groups are retired, never deleted, and every
change is in the change log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_condolences import CondolenceSavedGroup
from desktop.core.errors import DomainError, FieldErrors
from desktop.services import audit
from desktop.services.condolences.batches import GROUPS, BatchSpec, group_members
from desktop.services.condolences.visits import VisitDraft

ENTITY = "condolence_saved_group"
FIELDS = ["name", "group_code", "unit_ids", "ethnicity", "women_only"]


@dataclass(frozen=True)
class SavedGroup:
    id: int
    name: str
    group: str
    unit_ids: tuple[int, ...]
    ethnicity: str
    women_only: bool

    def spec(self, title: str, draft: VisitDraft) -> BatchSpec:
        return BatchSpec(
            title, draft, group=self.group, unit_ids=self.unit_ids, ethnicity=self.ethnicity, women_only=self.women_only
        )


def _to_saved(row: CondolenceSavedGroup) -> SavedGroup:
    units = tuple(int(u) for u in row.unit_ids.split(",") if u.strip())
    return SavedGroup(row.id, row.name, row.group_code, units, row.ethnicity, row.women_only)


def saved_groups(session: Session) -> list[SavedGroup]:
    stmt = (
        select(CondolenceSavedGroup)
        .where(CondolenceSavedGroup.archived_at.is_(None))
        .order_by(CondolenceSavedGroup.name)
    )
    return [_to_saved(r) for r in session.scalars(stmt)]


def save_group(session: Session, name: str, spec: BatchSpec, *, actor: str) -> SavedGroup:
    """Save the group of ``spec`` under ``name``; the same name replaces that saved group's choice."""
    name = (name or "").strip()
    if not name:
        raise FieldErrors({"name": "请给常用发放对象起个名字，如：甘河林场女会员"})
    if len(name) > 50:
        raise FieldErrors({"name": "名称最多50个字"})
    if spec.group not in GROUPS:
        raise FieldErrors({"group": f"请选择发放对象：{'、'.join(GROUPS.values())}"})
    group_members(session, spec)  # the same checks as a batch: units chosen, ethnicity given
    row = session.scalars(select(CondolenceSavedGroup).where(CondolenceSavedGroup.name == name)).first()
    before = audit.snapshot(row, FIELDS) if row is not None else None
    if row is None:
        row = CondolenceSavedGroup(name=name, created_at=utcnow(), created_by=actor)
        session.add(row)
    row.group_code = spec.group
    row.unit_ids = ",".join(str(u) for u in sorted(spec.unit_ids)) if spec.group == "units" else ""
    row.ethnicity = spec.ethnicity.strip() if spec.group == "ethnicity" else ""
    row.women_only = spec.women_only
    row.archived_at = None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update" if before else "create",
        entity=ENTITY,
        entity_id=row.id,
        before=before,
        after=audit.snapshot(row, FIELDS),
    )
    return _to_saved(row)


def retire_group(session: Session, group_id: int, *, actor: str) -> None:
    row = session.get(CondolenceSavedGroup, group_id)
    if row is None or row.archived_at is not None:
        raise DomainError("这个常用发放对象不存在或已停用")
    row.archived_at = utcnow()
    audit.record(
        session, actor=actor, action="archive", entity=ENTITY, entity_id=row.id, before=audit.snapshot(row, FIELDS)
    )
