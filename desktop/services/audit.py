"""The change log: every user change records who, when, and the values before and after."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from db.models import AuditEntry


def _default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Store only the fields that changed, so the history reads as 'field: old → new'."""
    if before is not None and after is not None:
        changed = [k for k in after if before.get(k) != after.get(k)]
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
        if not changed:
            return
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=json.dumps(before, ensure_ascii=False, default=_default) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False, default=_default) if after is not None else None,
        )
    )


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    from sqlalchemy import select

    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return list(session.scalars(stmt))
