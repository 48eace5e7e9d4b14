"""Who is on an activity's list: add from the roster (by filter or selection), sign in, award, remove.

A worker is on an activity's list once (unique activity + worker). Removing someone archives the row, and
adding her again restores it with its history, so a mistaken click loses nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_activities import Activity, ActivityParticipant
from desktop.core.activities import ROLES, STATUSES, check_participation, family_size, split_family_members
from desktop.core.errors import DomainError, FieldErrors
from desktop.services import audit, lookup
from desktop.services.activities.records import get_activity
from desktop.services.office import office_code, unit_labels, unit_tree
from desktop.services.roster.workers import WorkerFilter, worker_ids

ENTITY = "activity_participant"
FIELDS = [
    "status",
    "role",
    "hours_tenths",
    "award_name",
    "award_rank",
    "family_name",
    "family_members",
    "family_member_names",
    "note",
]
MAX_ADD = 5000  # one click should not put a whole 20,000-person district on a sign-in sheet by mistake


def add_participants(
    session: Session, activity_id: int, ids: list[int], *, actor: str, role: str = "participant"
) -> int:
    """Put the workers on the list as 报名; returns how many were added or brought back."""
    activity = get_activity(session, activity_id)
    if activity.archived_at is not None:
        raise DomainError("该活动已归档，请先恢复再添加人员")
    if role not in ROLES:
        raise FieldErrors({"role": f"角色“{role}”不在可选范围内"})
    if len(ids) > MAX_ADD:
        raise DomainError(f"一次最多添加{MAX_ADD}人，当前选择了{len(ids)}人，请缩小筛选范围")
    existing = {
        p.worker_id: p
        for p in session.scalars(select(ActivityParticipant).where(ActivityParticipant.activity_id == activity_id))
    }
    live = set(session.scalars(select(Worker.id).where(Worker.id.in_(ids), Worker.archived_at.is_(None))))
    now = utcnow()
    code = office_code(session)  # once, not per row: adding 500 people by filter stays instant
    restored: list[ActivityParticipant] = []
    new_rows: list[ActivityParticipant] = []
    for worker_id in dict.fromkeys(ids):
        if worker_id not in live:
            continue
        row = existing.get(worker_id)
        if row is not None:
            if row.archived_at is not None:
                row.archived_at, row.updated_at, row.updated_by = None, now, actor
                restored.append(row)
            continue
        new_rows.append(
            ActivityParticipant(
                uid=f"{code}-{uuid.uuid4()}",
                activity_id=activity_id,
                worker_id=worker_id,
                status="registered",
                role=role,
                award_name="",
                award_rank="",
                family_name="",
                family_members=0,
                note="",
                created_at=now,
                created_by=actor,
                updated_at=now,
                updated_by=actor,
            )
        )
    session.add_all(new_rows)
    session.flush()
    for row in restored:
        audit.record(session, actor=actor, action="restore", entity=ENTITY, entity_id=row.id)
    for row in new_rows:
        audit.record(
            session,
            actor=actor,
            action="create",
            entity=ENTITY,
            entity_id=row.id,
            after={"activity_id": activity_id, "worker_id": row.worker_id, "role": role},
        )
    return len(restored) + len(new_rows)


def add_by_filter(session: Session, activity_id: int, flt: WorkerFilter, *, actor: str) -> int:
    """Everybody the roster filter selects (e.g. 甘河林场, 女, 在册) joins the list."""
    live = replace(flt, archived=False)
    return add_participants(session, activity_id, worker_ids(session, live), actor=actor)


def _get(session: Session, participant_id: int) -> ActivityParticipant:
    return lookup.fetch(session, ActivityParticipant, participant_id, "没有找到该参加人员")


def set_status(session: Session, participant_ids: list[int], status: str, *, actor: str) -> int:
    """签到 / 缺席 / back to 报名 for the selected rows; an award stays only with a signed-in person."""
    if status not in STATUSES:
        raise FieldErrors({"status": f"状态“{status}”不在可选范围内"})
    changed = 0
    rows = {
        r.id: r for r in session.scalars(select(ActivityParticipant).where(ActivityParticipant.id.in_(participant_ids)))
    }
    for pid in participant_ids:
        row = rows.get(pid)
        if row is None:
            raise DomainError("没有找到该参加人员")
        if row.status == status:
            continue
        if status != "signed" and row.award_name:
            raise DomainError(f"{row.worker.name}已记录获奖“{row.award_name}”，请先清除获奖信息再改为未签到")
        audit.update(session, row, {"status": status}, fields=["status"], actor=actor, entity=ENTITY)
        changed += 1
    return changed


@dataclass(frozen=True)
class ParticipantDraft:
    status: str = "registered"
    role: str = "participant"
    hours: Decimal | None = None
    award_name: str = ""
    award_rank: str = ""
    family_name: str = ""
    family_members: int = 0
    note: str = ""
    family_member_names: str = ""


def update_participant(session: Session, participant_id: int, draft: ParticipantDraft, *, actor: str) -> None:
    check_participation(
        status=draft.status,
        role=draft.role,
        hours=draft.hours,
        award_rank=draft.award_rank,
        award_name=draft.award_name,
        family_members=draft.family_members,
        family_member_names=draft.family_member_names,
    )
    row = _get(session, participant_id)
    names = "、".join(split_family_members(draft.family_member_names))
    values = {
        "status": draft.status,
        "role": draft.role,
        "hours_tenths": None if draft.hours is None else int(draft.hours * 10),
        "award_name": draft.award_name.strip(),
        "award_rank": draft.award_rank.strip(),
        "family_name": draft.family_name.strip(),
        "family_member_names": names,
        "family_members": family_size(names, draft.family_members),
        "note": draft.note.strip(),
    }
    audit.update(session, row, values, fields=FIELDS, actor=actor, entity=ENTITY)


def get_participant_draft(session: Session, participant_id: int) -> ParticipantDraft:
    row = _get(session, participant_id)
    hours = None if row.hours_tenths is None else Decimal(row.hours_tenths) / 10
    return ParticipantDraft(
        row.status,
        row.role,
        hours,
        row.award_name,
        row.award_rank,
        row.family_name,
        row.family_members,
        row.note,
        row.family_member_names,
    )


def remove_participants(session: Session, participant_ids: list[int], *, actor: str) -> int:
    return sum(
        audit.set_archived(session, _get(session, i), True, entity=ENTITY, actor=actor, stamp=False)
        for i in participant_ids
    )


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    worker_id: int
    name: str
    sex: str
    unit: str
    phone: str
    status: str
    role: str
    hours: Decimal | None
    award_name: str
    award_rank: str
    family_name: str
    family_members: int
    note: str
    family_member_names: str = ""

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def award(self) -> str:
        return f"{self.award_name}（{self.award_rank}）" if self.award_rank else self.award_name


def participant_rows(session: Session, activity_id: int, *, status: str | None = None) -> list[ParticipantRow]:
    """The live list of one activity, by unit then name (the order of a sign-in sheet)."""
    stmt = (
        select(ActivityParticipant, Worker)
        .join(Worker, Worker.id == ActivityParticipant.worker_id)
        .where(ActivityParticipant.activity_id == activity_id, ActivityParticipant.archived_at.is_(None))
    )
    if status:
        stmt = stmt.where(ActivityParticipant.status == status)
    labels = unit_labels(session)
    place = {n.id: i for i, n in enumerate(unit_tree(session))}
    rows = [
        (
            place.get(w.unit_id, 0),
            ParticipantRow(
                p.id,
                w.id,
                w.name,
                w.sex,
                labels.get(w.unit_id, ""),
                w.phone,
                p.status,
                p.role,
                None if p.hours_tenths is None else Decimal(p.hours_tenths) / 10,
                p.award_name,
                p.award_rank,
                p.family_name,
                p.family_members,
                p.note,
                p.family_member_names,
            ),
        )
        for p, w in session.execute(stmt)
    ]
    return [r for _, r in sorted(rows, key=lambda x: (x[0], x[1].name, x[1].id))]


def rows_by_ids(session: Session, activity_id: int, ids: list[int]) -> list[ParticipantRow]:
    """The rows of the given participants, in the order of ``ids`` (the lazy table's page)."""
    found = {r.id: r for r in participant_rows(session, activity_id)}
    return [found[i] for i in ids if i in found]


PARTICIPANT_SORTS = ("unit", "name", "status", "role", "award")


def participant_ids(session: Session, activity_id: int, *, sort: str = "unit", descending: bool = False) -> list[int]:
    rows = participant_rows(session, activity_id)  # already in unit-then-name order
    if sort in PARTICIPANT_SORTS and sort != "unit":
        rows = sorted(rows, key=lambda r: (str(getattr(r, sort if sort != "award" else "award_name")), r.name))
    ids = [r.id for r in rows]
    return ids[::-1] if descending else ids


@dataclass(frozen=True)
class WorkerActivity:
    activity_id: int
    title: str
    starts_at: datetime
    status: str
    role: str
    award: str


def worker_activities(session: Session, worker_id: int) -> list[WorkerActivity]:
    """One worker's activities, newest first (for the roster's detail pane)."""
    stmt = (
        select(ActivityParticipant, Activity)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .where(
            ActivityParticipant.worker_id == worker_id,
            ActivityParticipant.archived_at.is_(None),
            Activity.archived_at.is_(None),
        )
        .order_by(Activity.starts_at.desc())
    )
    out = []
    for p, a in session.execute(stmt):
        award = f"{p.award_name}（{p.award_rank}）" if p.award_rank else p.award_name
        out.append(WorkerActivity(a.id, a.title, a.starts_at, p.status, p.role, award))
    return out
