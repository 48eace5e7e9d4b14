"""Brands and activities (品牌活动): add, edit, archive; the tab's list as ids + rows.

Every write validates with desktop.core.activities and records an audit entry. Nothing is deleted: an
activity is archived (and can be restored), a brand in use is switched off.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_activities import Activity, ActivityBrand, ActivityParticipant
from desktop.core.activities import KINDS, ActivityFacts, check_activity
from desktop.core.errors import FieldErrors
from desktop.services import audit, lookup, serials
from desktop.services.query_rows import tuples
from desktop.services.roster.workers import new_uid

ENTITY = "activity"
BRAND_ENTITY = "activity_brand"


# --- brands ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandRow:
    id: int
    name: str
    description: str
    active: bool


def list_brands(session: Session, *, active_only: bool = False) -> list[BrandRow]:
    stmt = select(ActivityBrand).order_by(ActivityBrand.sort_order, ActivityBrand.id)
    if active_only:
        stmt = stmt.where(ActivityBrand.active.is_(True))
    return [BrandRow(b.id, b.name, b.description, b.active) for b in session.scalars(stmt)]


def add_brand(session: Session, *, name: str, description: str = "", actor: str) -> ActivityBrand:
    clean = "".join(name.split())
    if not clean:
        raise FieldErrors({"name": "请填写品牌名称"})
    if len(clean) > 50:
        raise FieldErrors({"name": "品牌名称最多50个字"})
    if session.scalar(select(ActivityBrand.id).where(ActivityBrand.name == clean)) is not None:
        raise FieldErrors({"name": f"品牌“{clean}”已存在（停用的品牌可重新启用）"})
    last = session.scalar(select(func.max(ActivityBrand.sort_order))) or 0
    brand = ActivityBrand(
        name=clean, description=description.strip(), active=True, sort_order=last + 1, created_by=actor
    )
    audit.add(session, brand, fields=["name", "description"], actor=actor, entity=BRAND_ENTITY)
    return brand


# --- activities -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityDraft:
    """Everything the clerk may enter for one activity; the edit dialog works on this."""

    brand_id: int | None = None
    title: str = ""
    kind: str = "other"
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str = ""
    organiser: str = ""
    target_group: str = ""
    budget_fen: int = 0
    actual_fen: int = 0
    summary: str = ""


DRAFT_FIELDS = [f.name for f in fields(ActivityDraft)]


def check_draft(session: Session | None, draft: ActivityDraft) -> ActivityDraft:
    """The core's checks, then the ones needing the database (a switched-off brand takes no new activity)."""
    check_activity(
        ActivityFacts(
            draft.brand_id, draft.title, draft.kind, draft.starts_at, draft.ends_at, draft.budget_fen, draft.actual_fen
        )
    )
    if session is not None and session.get(ActivityBrand, draft.brand_id) is None:
        raise FieldErrors({"brand_id": "所选品牌不存在"})
    strip = {k: v.strip() for k, v in asdict(draft).items() if isinstance(v, str)}
    return ActivityDraft(**{**asdict(draft), **strip})


def add_activity(session: Session, draft: ActivityDraft, *, actor: str) -> Activity:
    clean = check_draft(session, draft)
    brand = session.get(ActivityBrand, clean.brand_id)
    if brand is not None and not brand.active:
        raise FieldErrors({"brand_id": f"品牌“{brand.name}”已停用，请先在品牌管理中启用"})
    now = utcnow()
    activity = Activity(
        uid=new_uid(session), created_at=now, created_by=actor, updated_at=now, updated_by=actor, **asdict(clean)
    )
    audit.add(session, activity, fields=DRAFT_FIELDS, actor=actor, entity=ENTITY)
    return activity


def update_activity(session: Session, activity_id: int, draft: ActivityDraft, *, actor: str) -> Activity:
    activity = get_activity(session, activity_id)
    clean = check_draft(session, draft)
    audit.update(session, activity, asdict(clean), fields=DRAFT_FIELDS, actor=actor, entity=ENTITY)
    return activity


def set_archived(session: Session, activity_ids: list[int], *, archived: bool, actor: str) -> int:
    return sum(
        audit.set_archived(session, get_activity(session, i), archived, entity=ENTITY, actor=actor, stamp=False)
        for i in activity_ids
    )


def get_activity(session: Session, activity_id: int) -> Activity:
    return lookup.fetch(session, Activity, activity_id, f"没有找到编号为 {activity_id} 的活动", field="activity")


def get_draft(session: Session, activity_id: int) -> ActivityDraft:
    activity = get_activity(session, activity_id)
    return ActivityDraft(**audit.snapshot(activity, DRAFT_FIELDS))


# --- the list -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFilter:
    text: str = ""
    brand_id: int | None = None
    kind: str | None = None
    year: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class ActivityRow:
    id: int
    uid: str
    brand: str
    title: str
    kind: str
    kind_label: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    organiser: str
    target_group: str
    budget_fen: int
    actual_fen: int
    summary: str
    registered: int  # everybody on the list (报名 + 签到 + 缺席)
    signed: int
    absent: int
    women_signed: int
    serial: str = ""  # 活2026-017


def year_range(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _filtered(stmt: Select, flt: ActivityFilter) -> Select:
    stmt = stmt.where(Activity.archived_at.is_(None) if not flt.archived else Activity.archived_at.is_not(None))
    if flt.brand_id is not None:
        stmt = stmt.where(Activity.brand_id == flt.brand_id)
    if flt.kind:
        stmt = stmt.where(Activity.kind == flt.kind)
    if flt.year is not None:
        start, end = year_range(flt.year)
        stmt = stmt.where(Activity.starts_at >= start, Activity.starts_at < end)
    needle = "".join(flt.text.split())
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(
            or_(
                Activity.title.like(like),
                Activity.place.like(like),
                Activity.organiser.like(like),
                ActivityBrand.name.like(like),
                serials.matches(Activity.serial, needle),
            )
        )
    return stmt


SORTS = {
    "starts_at": Activity.starts_at,
    "title": Activity.title,
    "brand": ActivityBrand.sort_order,
    "kind": Activity.kind,
    "place": Activity.place,
    "actual_fen": Activity.actual_fen,
    "budget_fen": Activity.budget_fen,
    "serial": Activity.serial,
}


def activity_ids(
    session: Session, flt: ActivityFilter | None = None, *, sort: str = "starts_at", descending: bool = True
) -> list[int]:
    flt = flt or ActivityFilter()
    column = SORTS.get(sort, Activity.starts_at)
    stmt = _filtered(select(Activity.id).join(ActivityBrand), flt)
    order = column.desc() if descending else column.asc()
    return list(session.scalars(stmt.order_by(order, Activity.id.desc() if descending else Activity.id)))


def participant_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int, int, int]]:
    """activity id → (on the list, signed in, absent, women signed in); removed participants not counted."""
    if not ids:
        return {}
    signed = ActivityParticipant.status == "signed"
    stmt = (
        select(
            ActivityParticipant.activity_id,
            func.count(),
            func.sum(case((signed, 1), else_=0)),
            func.sum(case((ActivityParticipant.status == "absent", 1), else_=0)),
            func.sum(case((signed & (Worker.sex == "F"), 1), else_=0)),
        )
        .join(Worker, Worker.id == ActivityParticipant.worker_id)
        .where(ActivityParticipant.activity_id.in_(ids), ActivityParticipant.archived_at.is_(None))
        .group_by(ActivityParticipant.activity_id)
    )
    return {a: (int(n), int(s or 0), int(ab or 0), int(w or 0)) for a, n, s, ab, w in tuples(session.execute(stmt))}


def fetch_rows(session: Session, ids: list[int]) -> list[ActivityRow]:
    if not ids:
        return []
    found = {a.id: a for a in session.scalars(select(Activity).where(Activity.id.in_(ids)))}
    brands = {b.id: b.name for b in session.scalars(select(ActivityBrand))}
    counts = participant_counts(session, ids)
    out: list[ActivityRow] = []
    for activity_id in ids:
        a = found.get(activity_id)
        if a is None:
            continue
        n, s, ab, w = counts.get(a.id, (0, 0, 0, 0))
        out.append(
            ActivityRow(
                a.id,
                a.uid,
                brands.get(a.brand_id, ""),
                a.title,
                a.kind,
                KINDS.get(a.kind, a.kind),
                a.starts_at,
                a.ends_at,
                a.place,
                a.organiser,
                a.target_group,
                a.budget_fen,
                a.actual_fen,
                a.summary,
                n,
                s,
                ab,
                w,
                a.serial,
            )
        )
    return out


def activities_between(session: Session, start: date, end: date) -> list[ActivityRow]:
    """Live activities starting on a day from ``start`` through ``end`` (inclusive), earliest first."""
    lo, hi = datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
    stmt = (
        select(Activity.id)
        .where(Activity.archived_at.is_(None), Activity.starts_at >= lo, Activity.starts_at < hi)
        .order_by(Activity.starts_at, Activity.id)
    )
    return fetch_rows(session, list(session.scalars(stmt)))


def format_when(starts_at: datetime, ends_at: datetime | None) -> str:
    """ "2026-03-08 09:00–11:30", or with both dates when it spans days."""
    start = starts_at.strftime("%Y-%m-%d %H:%M")
    if ends_at is None:
        return start
    if ends_at.date() == starts_at.date():
        return f"{start}–{ends_at.strftime('%H:%M')}"
    return f"{start} 至 {ends_at.strftime('%Y-%m-%d %H:%M')}"
