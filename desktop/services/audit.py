"""The change log: every user change records who, when, and the values before and after."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from db.models import AuditEntry, utcnow
from desktop.core.roles import Permission
from desktop.services import access, audit_chain

if TYPE_CHECKING:
    from desktop.services.database import Database


def _default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class Record(Protocol):
    """A row the change log can name: every audited table has an integer id."""

    @property
    def id(self) -> int: ...


class Archivable(Record, Protocol):
    """A row that is archived (taken off the lists, restorable) rather than deleted."""

    archived_at: datetime | None


def snapshot(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _stamp(row: Any, actor: str, now: datetime) -> None:
    # Any: the tables that keep who-and-when share no base class; a row without the columns is never stamped.
    row.updated_at, row.updated_by = now, actor


def add(
    session: Session,
    row: Record,
    *,
    fields: Sequence[str],
    actor: str,
    entity: str,
    parent: Mapping[str, Any] | None = None,
) -> None:
    """Insert ``row`` (the flush gives it its id) and record "create" with ``fields`` as they were stored, led by
    ``parent`` where the entry names the record it belongs to (a clause's contract, a case's worker)."""
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity=entity,
        entity_id=row.id,
        after={**(parent or {}), **snapshot(row, fields)},
    )


def update(
    session: Session,
    row: Record,
    values: Mapping[str, Any],
    *,
    fields: Sequence[str],
    actor: str,
    entity: str,
    action: str = "update",
    stamp: bool = True,
) -> None:
    """Set ``values`` on ``row``, stamp who and when, and record the change of ``fields`` (those it audits).

    ``stamp=False`` for a table without updated_at/updated_by (units). Nothing changed in ``fields``: no entry."""
    before = snapshot(row, fields)
    for key, value in values.items():
        setattr(row, key, value)
    if stamp:
        _stamp(row, actor, utcnow())
    record(
        session, actor=actor, action=action, entity=entity, entity_id=row.id, before=before, after=snapshot(row, fields)
    )


def set_archived(
    session: Session,
    row: Archivable,
    archived: bool,
    *,
    entity: str,
    actor: str,
    fields: Sequence[str] = (),
    flag: bool = False,
    stamp: bool = True,
) -> bool:
    """Archive (or restore) ``row`` and record "archive" (or "restore"); False, and no entry, when it already is.

    The entry's "before" names the row by ``fields`` (its title, its dates); ``flag`` records the state itself
    instead, archived: before → after (workers, protection cases). ``stamp=False`` leaves updated_at/updated_by
    alone, as activities, honours, participants and attachments always have. Checks that belong to an area
    (claims still open, an overlapping case) run in the area before this."""
    if (row.archived_at is not None) == archived:
        return False
    now = utcnow()
    row.archived_at = now if archived else None
    if stamp:
        _stamp(row, actor, now)
    before = snapshot(row, fields)
    if flag:
        before["archived"] = not archived
    record(
        session,
        actor=actor,
        action="archive" if archived else "restore",
        entity=entity,
        entity_id=row.id,
        before=before or None,
        after={"archived": archived} if flag else None,
    )
    return True


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
    """Store only the fields that changed, so the history reads as 'field: old → new'.

    The entry is recorded under the signed-in account whatever ``actor`` says (a caller cannot put words in
    someone else's mouth), and sealed into the chain when the session carries the chain key."""
    if before is not None and after is not None:
        changed = [k for k in after if before.get(k) != after.get(k)]
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
        if not changed:
            return
    entry = AuditEntry(
        at=utcnow(),
        actor=access.actor_of(session, actor)[:50],
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=json.dumps(before, ensure_ascii=False, default=_default) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False, default=_default) if after is not None else None,
    )
    if audit_chain.KEY in session.info:
        audit_chain.seal(session, entry)
    session.add(entry)


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    from sqlalchemy import select

    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return list(session.scalars(stmt))


def log_output(
    db: Database, *, action: str, entity: str, details: dict[str, Any], permission: Permission = Permission.VIEW
) -> None:
    """Record that personal data left the program (an export or a print), masked or not (issue #15).

    Any role that may produce the output may leave this entry, so the session is granted for it here."""
    with db.write() as session:
        access.require(session, permission)
        session.info[access.GRANTED] = True
        record(session, actor=db.actor, action=action, entity=entity, entity_id=None, after=details)
