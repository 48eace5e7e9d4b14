"""Reach (覆盖面): who took part in the year's activities, per worker, unit and brand, and who did not.

"Took part" is 签到 at a live (not archived) activity starting in the year (desktop.core.activities). The
people counted are the live roster on roll (在册, not archived) today: the union reaches out to the women who
are here now, and a woman who left mid-year is not a gap to close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_activities import Activity, ActivityBrand, ActivityParticipant
from desktop.core.activities import Person, UnitReach, rate, reach_by_unit
from desktop.core.dates import age_on
from desktop.services.activities.records import year_range
from desktop.services.office import descendant_ids, unit_labels, unit_tree


def _signed_in_year(year: int) -> tuple[ColumnElement[bool], ...]:
    start, end = year_range(year)
    return (
        ActivityParticipant.status == "signed",
        ActivityParticipant.archived_at.is_(None),
        Activity.archived_at.is_(None),
        Activity.starts_at >= start,
        Activity.starts_at < end,
    )


def took_part(session: Session, year: int, *, brand_id: int | None = None) -> set[int]:
    stmt = (
        select(ActivityParticipant.worker_id)
        .distinct()
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .where(*_signed_in_year(year))
    )
    if brand_id is not None:
        stmt = stmt.where(Activity.brand_id == brand_id)
    return set(session.scalars(stmt))


def _on_roll() -> tuple[ColumnElement[bool], ...]:
    return (Worker.archived_at.is_(None), Worker.status == "on_roll")


@dataclass(frozen=True)
class UnitReachRow:
    unit: str
    reach: UnitReach


def unit_reach(session: Session, year: int) -> list[UnitReachRow]:
    """Every unit with people on roll, in tree order; a unit's figures include its sub-units."""
    people = [
        Person(i, u, s) for i, u, s in session.execute(select(Worker.id, Worker.unit_id, Worker.sex).where(*_on_roll()))
    ]
    nodes = unit_tree(session)
    parents = {n.id: n.parent_id for n in nodes}
    names = {n.id: n.name for n in nodes}
    order = [n.id for n in nodes]
    return [
        UnitReachRow(names.get(r.unit_id, ""), r)
        for r in reach_by_unit(people, took_part(session, year), parents, order)
    ]


@dataclass(frozen=True)
class NotReachedRow:
    worker_id: int
    name: str
    unit: str
    age: int
    post: str
    phone: str


def women_not_reached(
    session: Session, year: int, *, unit_id: int | None = None, on: date | None = None
) -> list[NotReachedRow]:
    """Women on roll who signed in at no activity this year: the list to reach out to, by unit and name."""
    day = on or date.today()
    reached = took_part(session, year)
    stmt = select(Worker).where(*_on_roll(), Worker.sex == "F")
    if unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, unit_id)))
    labels = unit_labels(session)
    place = {n.id: i for i, n in enumerate(unit_tree(session))}
    found = sorted(
        (w for w in session.scalars(stmt) if w.id not in reached), key=lambda w: (place.get(w.unit_id, 0), w.name, w.id)
    )
    return [
        NotReachedRow(w.id, w.name, labels.get(w.unit_id, ""), age_on(w.birth_date, day), w.post, w.phone)
        for w in found
    ]


@dataclass(frozen=True)
class BrandReach:
    brand: str
    activities: int
    person_times: int  # 人次
    people: int  # distinct people
    women: int  # distinct women


def brand_reach(session: Session, year: int) -> list[BrandReach]:
    start, end = year_range(year)
    counts = dict(
        session.execute(
            select(Activity.brand_id, func.count())
            .where(Activity.archived_at.is_(None), Activity.starts_at >= start, Activity.starts_at < end)
            .group_by(Activity.brand_id)
        ).all()
    )
    stmt = (
        select(
            Activity.brand_id,
            func.count(),
            func.count(distinct(ActivityParticipant.worker_id)),
            func.count(distinct(func.iif(Worker.sex == "F", Worker.id, None))),
        )
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .join(Worker, Worker.id == ActivityParticipant.worker_id)
        .where(*_signed_in_year(year))
        .group_by(Activity.brand_id)
    )
    people = {b: (int(n), int(d), int(w)) for b, n, d, w in session.execute(stmt)}
    out = []
    for brand in session.scalars(select(ActivityBrand).order_by(ActivityBrand.sort_order, ActivityBrand.id)):
        n, d, w = people.get(brand.id, (0, 0, 0))
        if counts.get(brand.id) or brand.active:
            out.append(BrandReach(brand.name, int(counts.get(brand.id, 0)), n, d, w))
    return out


@dataclass(frozen=True)
class WorkerReach:
    worker_id: int
    name: str
    unit: str
    activities: int
    hours: Decimal


def worker_reach(session: Session, year: int) -> list[WorkerReach]:
    """Everyone who took part in the year, most activities first."""
    stmt = (
        select(
            Worker.id,
            Worker.name,
            Worker.unit_id,
            func.count(),
            func.coalesce(func.sum(ActivityParticipant.hours_tenths), 0),
        )
        .join(ActivityParticipant, ActivityParticipant.worker_id == Worker.id)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .where(*_signed_in_year(year))
        .group_by(Worker.id)
    )
    labels = unit_labels(session)
    rows = [
        WorkerReach(i, n, labels.get(u, ""), int(c), Decimal(int(h or 0)) / 10)
        for i, n, u, c, h in session.execute(stmt)
    ]
    return sorted(rows, key=lambda r: (-r.activities, r.unit, r.name))


def overall_women_rate(session: Session, year: int) -> tuple[int, int, Decimal | None]:
    """(women who took part, women on roll, rate) for the whole office."""
    women = set(session.scalars(select(Worker.id).where(*_on_roll(), Worker.sex == "F")))
    part = len(women & took_part(session, year))
    return part, len(women), rate(part, len(women))
