"""The honours register (荣誉): 最美家庭, 巾帼建功标兵, 优秀读者, 技术能手 … by year and level.

A family's honour is registered under the worker it belongs to, so it appears on her roster record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_activities import Activity, Honour
from desktop.core.activities import HONOUR_LEVELS, check_honour
from desktop.core.errors import DomainError, FieldErrors
from desktop.services import audit, lookup, serials
from desktop.services.office import unit_labels
from desktop.services.roster.workers import new_uid

ENTITY = "honour"


@dataclass(frozen=True)
class HonourDraft:
    title: str = ""
    year: int | None = None
    level: str = "company"
    worker_id: int | None = None
    family_name: str = ""
    activity_id: int | None = None
    awarded_by: str = ""
    awarded_on: date | None = None
    note: str = ""


DRAFT_FIELDS = [f.name for f in fields(HonourDraft)]


def _clean(session: Session, draft: HonourDraft, today: date) -> HonourDraft:
    check_honour(
        title=draft.title,
        year=draft.year,
        level=draft.level,
        worker_id=draft.worker_id,
        family_name=draft.family_name.strip(),
        this_year=today.year,
    )
    if session.get(Worker, draft.worker_id) is None:
        raise FieldErrors({"worker_id": "所选职工不存在"})
    if draft.activity_id is not None and session.get(Activity, draft.activity_id) is None:
        raise FieldErrors({"activity_id": "所选活动不存在"})
    if draft.awarded_on is not None and draft.year is not None and abs(draft.awarded_on.year - draft.year) > 1:
        raise FieldErrors({"awarded_on": f"授予日期与年度{draft.year}相差超过一年，请核对"})
    strip = {k: v.strip() for k, v in asdict(draft).items() if isinstance(v, str)}
    return HonourDraft(**{**asdict(draft), **strip})


def add_honour(session: Session, draft: HonourDraft, *, actor: str, today: date | None = None) -> Honour:
    clean = _clean(session, draft, today or date.today())
    now = utcnow()
    honour = Honour(
        uid=new_uid(session), created_at=now, created_by=actor, updated_at=now, updated_by=actor, **asdict(clean)
    )
    audit.add(session, honour, fields=DRAFT_FIELDS, actor=actor, entity=ENTITY)
    return honour


def update_honour(
    session: Session, honour_id: int, draft: HonourDraft, *, actor: str, today: date | None = None
) -> Honour:
    honour = _get(session, honour_id)
    clean = _clean(session, draft, today or date.today())
    audit.update(session, honour, asdict(clean), fields=DRAFT_FIELDS, actor=actor, entity=ENTITY)
    return honour


def set_archived(session: Session, honour_ids: list[int], *, archived: bool, actor: str) -> int:
    return sum(
        audit.set_archived(session, _get(session, i), archived, entity=ENTITY, actor=actor, stamp=False)
        for i in honour_ids
    )


def _get(session: Session, honour_id: int) -> Honour:
    return lookup.fetch(session, Honour, honour_id, f"没有找到编号为 {honour_id} 的荣誉记录", field="honour")


def get_draft(session: Session, honour_id: int) -> HonourDraft:
    honour = _get(session, honour_id)
    return HonourDraft(**audit.snapshot(honour, DRAFT_FIELDS))


@dataclass(frozen=True)
class HonourRow:
    id: int
    uid: str
    title: str
    year: int
    level: str
    worker_id: int
    name: str
    unit: str
    family_name: str
    activity_id: int | None
    activity_title: str
    awarded_by: str
    awarded_on: date | None
    note: str
    serial: str = ""  # 证2026-0005, the certificate's number

    @property
    def level_label(self) -> str:
        return HONOUR_LEVELS.get(self.level, self.level)

    @property
    def holder(self) -> str:
        """Who the certificate names: "张丽家庭" for a family, else the person."""
        return self.family_name or self.name


def honour_rows(
    session: Session,
    *,
    year: int | None = None,
    worker_id: int | None = None,
    text: str = "",
    archived: bool = False,
    ids: list[int] | None = None,
) -> list[HonourRow]:
    """The register, newest year first, then by title and name."""
    stmt = (
        select(Honour, Worker, Activity.title)
        .join(Worker, Worker.id == Honour.worker_id)
        .outerjoin(Activity, Activity.id == Honour.activity_id)
        .where(Honour.archived_at.is_not(None) if archived else Honour.archived_at.is_(None))
    )
    if ids is not None:
        stmt = stmt.where(Honour.id.in_(ids))
    if year is not None:
        stmt = stmt.where(Honour.year == year)
    if worker_id is not None:
        stmt = stmt.where(Honour.worker_id == worker_id)
    needle = "".join(text.split())
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(
            or_(
                Honour.title.like(like),
                Worker.name.like(like),
                Honour.family_name.like(like),
                serials.matches(Honour.serial, needle),
            )
        )
    stmt = stmt.order_by(Honour.year.desc(), Honour.title, Worker.name, Honour.id)
    labels = unit_labels(session)
    return [
        HonourRow(
            h.id,
            h.uid,
            h.title,
            h.year,
            h.level,
            w.id,
            w.name,
            labels.get(w.unit_id, ""),
            h.family_name,
            h.activity_id,
            title or "",
            h.awarded_by,
            h.awarded_on,
            h.note,
            h.serial,
        )
        for h, w, title in session.execute(stmt)
    ]


def get_honour_row(session: Session, honour_id: int) -> HonourRow:
    rows = honour_rows(session, ids=[honour_id]) or honour_rows(session, ids=[honour_id], archived=True)
    if not rows:
        raise DomainError(f"没有找到编号为 {honour_id} 的荣誉记录", field="honour")
    return rows[0]
