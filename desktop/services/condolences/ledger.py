"""The visit ledger and its totals: filtered, sorted ids for the lazy table, rows by id, and the sums the
union's auditors ask for (by occasion, month and unit; per member against the yearly caps).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import Session

from db.models import Unit, Worker
from db.models_condolences import CondolenceBatch, CondolenceVisit, HardshipFile
from desktop.core import condolences as condolence_rules
from desktop.services import serials
from desktop.services.condolences.standards import load_standards
from desktop.services.office import descendant_ids, unit_labels, unit_tree
from desktop.services.query_rows import tuples


@dataclass(frozen=True)
class VisitFilter:
    year: int | None = None
    occasion: str | None = None
    unit_id: int | None = None
    status: str | None = None
    overrides_only: bool = False
    batch_id: int | None = None
    worker_id: int | None = None
    text: str = ""
    archived: bool = False


@dataclass(frozen=True)
class VisitRow:
    id: int
    uid: str
    worker_id: int
    name: str
    id_number: str
    unit_id: int
    unit_name: str
    occasion: str
    festival: str
    cause: str
    relative_name: str
    relative_relation: str
    event_date: date | None
    visit_date: date
    visitors: str
    cash_fen: int
    goods: str
    goods_fen: int
    documents: str
    status: str
    approved_by: str
    approved_on: date | None
    paid_on: date | None
    override_rules: str
    override_reason: str
    batch_id: int | None
    batch_title: str
    notes: str
    archived: bool
    serial: str = ""  # 慰2026-0042, what the clerk names the visit by

    @property
    def value_fen(self) -> int:
        return self.cash_fen + self.goods_fen

    @property
    def occasion_text(self) -> str:
        """ "节日慰问·春节", "直系亲属去世（母亲）", "生病住院（肺炎）"."""
        label = condolence_rules.OCCASIONS.get(self.occasion, self.occasion)
        if self.festival:
            return f"{label}·{condolence_rules.FESTIVALS.get(self.festival, self.festival)}"
        if self.occasion == "death_relative" and self.relative_relation:
            return f"{label}（{self.relative_relation}）"
        if self.cause:
            return f"{label}（{self.cause}）"
        return label

    @property
    def given_text(self) -> str:
        parts = []
        if self.cash_fen:
            parts.append(f"现金{condolence_rules.yuan(self.cash_fen)}元")
        if self.goods_fen or self.goods:
            parts.append(f"{self.goods or '慰问品'}（价值{condolence_rules.yuan(self.goods_fen)}元）")
        return "；".join(parts)


SORT_KEYS = {
    "visit_date": CondolenceVisit.visit_date,
    "name": Worker.name,
    "unit": Unit.name,
    "occasion": CondolenceVisit.occasion,
    "value": CondolenceVisit.cash_fen + CondolenceVisit.goods_fen,
    "status": CondolenceVisit.status,
    "id": CondolenceVisit.id,
    "serial": CondolenceVisit.serial,
}


def _filtered(stmt: Select, session: Session, flt: VisitFilter) -> Select:
    stmt = stmt.where(
        CondolenceVisit.archived_at.is_not(None) if flt.archived else CondolenceVisit.archived_at.is_(None)
    )
    if flt.year is not None:
        stmt = stmt.where(
            CondolenceVisit.visit_date >= date(flt.year, 1, 1), CondolenceVisit.visit_date <= date(flt.year, 12, 31)
        )
    if flt.occasion:
        stmt = stmt.where(CondolenceVisit.occasion == flt.occasion)
    if flt.unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, flt.unit_id)))
    if flt.status:
        stmt = stmt.where(CondolenceVisit.status == flt.status)
    if flt.overrides_only:
        stmt = stmt.where(CondolenceVisit.override_reason != "")
    if flt.batch_id is not None:
        stmt = stmt.where(CondolenceVisit.batch_id == flt.batch_id)
    if flt.worker_id is not None:
        stmt = stmt.where(CondolenceVisit.worker_id == flt.worker_id)
    needle = "".join((flt.text or "").split()).replace("%", "").replace("_", "")
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(
            or_(
                Worker.name.like(like),
                Worker.id_number.like(like.upper()),
                CondolenceVisit.cause.like(like),
                CondolenceVisit.relative_name.like(like),
                CondolenceVisit.goods.like(like),
                serials.matches(CondolenceVisit.serial, needle),
            )
        )
    return stmt


def visit_ids(session: Session, flt: VisitFilter, *, sort: str = "visit_date", descending: bool = True) -> list[int]:
    key = SORT_KEYS.get(sort, CondolenceVisit.visit_date)
    stmt = select(CondolenceVisit.id)
    # The worker and unit are joined only when the sort or a filter needs them: a year's ledger of a
    # 20,000-member office is 40,000 ids, read from the visit-date index alone three times faster. Every visit
    # has a worker and every worker a unit (foreign keys, NOT NULL), so the joins never drop a row.
    if sort in ("name", "unit") or flt.unit_id is not None or (flt.text or "").strip():
        stmt = stmt.join(Worker, CondolenceVisit.worker_id == Worker.id)
    if sort == "unit":
        stmt = stmt.join(Unit, Worker.unit_id == Unit.id)
    stmt = _filtered(stmt, session, flt).order_by(
        key.desc() if descending else key.asc(), CondolenceVisit.id.desc() if descending else CondolenceVisit.id
    )
    return list(session.scalars(stmt))


def fetch_visit_rows(session: Session, ids: list[int]) -> list[VisitRow]:
    found: dict[int, VisitRow] = {}
    labels = unit_labels(session)
    for start in range(0, len(ids), 500):
        stmt = (
            select(CondolenceVisit, Worker, Unit.name, CondolenceBatch.title)
            .join(Worker, CondolenceVisit.worker_id == Worker.id)
            .join(Unit, Worker.unit_id == Unit.id)
            .outerjoin(CondolenceBatch, CondolenceVisit.batch_id == CondolenceBatch.id)
            .where(CondolenceVisit.id.in_(ids[start : start + 500]))
        )
        for v, w, unit, batch_title in session.execute(stmt):
            unit = labels.get(w.unit_id, unit)
            found[v.id] = VisitRow(
                v.id,
                v.uid,
                w.id,
                w.name,
                w.id_number,
                w.unit_id,
                unit,
                v.occasion,
                v.festival,
                v.cause,
                v.relative_name,
                v.relative_relation,
                v.event_date,
                v.visit_date,
                v.visitors,
                v.cash_fen,
                v.goods,
                v.goods_fen,
                v.documents,
                v.status,
                v.approved_by,
                v.approved_on,
                v.paid_on,
                v.override_rules,
                v.override_reason,
                v.batch_id,
                batch_title or "",
                v.notes,
                v.archived_at is not None,
                v.serial,
            )
    return [found[i] for i in ids if i in found]


def visit_rows(
    session: Session, flt: VisitFilter, *, sort: str = "visit_date", descending: bool = True
) -> list[VisitRow]:
    return fetch_visit_rows(session, visit_ids(session, flt, sort=sort, descending=descending))


# --- totals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    key: str
    label: str
    count: int
    cash_fen: int
    goods_fen: int

    @property
    def value_fen(self) -> int:
        return self.cash_fen + self.goods_fen


def totals(session: Session, flt: VisitFilter, by: str) -> list[Total]:
    """Sums of the filtered visits by "occasion", "month" or "unit" (top-level unit below the company).

    Summed in SQL (a year of a 20,000-member office is 40,000+ visits); only the unit grouping is merged here.
    """
    if by not in ("occasion", "month", "unit"):
        raise ValueError(by)
    # Months are grouped by (year, month) with the standard EXTRACT, not SQLite's strftime, so the query
    # runs on any database; they are joined into "2026-02" keys here.
    keys = {
        "occasion": (CondolenceVisit.occasion,),
        "unit": (Worker.unit_id,),
        "month": (extract("year", CondolenceVisit.visit_date), extract("month", CondolenceVisit.visit_date)),
    }[by]
    stmt = (
        select(*keys, func.count(), func.sum(CondolenceVisit.cash_fen), func.sum(CondolenceVisit.goods_fen))
        .join(Worker, CondolenceVisit.worker_id == Worker.id)
        .join(Unit, Worker.unit_id == Unit.id)
    )
    stmt = _filtered(stmt, session, flt).group_by(*keys)
    # Units are summed under the unit directly below the company (林场、科室), as the union reports them;
    # a team name such as 后勤班 repeats across farms and would otherwise mix them.
    top = (
        {n.id: ("/".join(n.path.split("/")[:2]), n.path.split("/")[min(1, n.depth)]) for n in unit_tree(session)}
        if by == "unit"
        else {}
    )
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    labels: dict[str, str] = {}
    # One or two key columns, then the three sums.
    for *key_parts, n, cash, goods in tuples(session.execute(stmt)):
        key = key_parts[0]
        if by == "occasion":
            k, label = key, condolence_rules.OCCASIONS.get(key, key)
        elif by == "month":
            k = label = f"{int(key_parts[0]):04d}-{int(key_parts[1]):02d}"
        else:
            k, label = top.get(key, (str(key), str(key)))
        a = acc[k]
        a[0] += int(n)
        a[1] += int(cash or 0)
        a[2] += int(goods or 0)
        labels[k] = label
    order = list(condolence_rules.OCCASIONS) if by == "occasion" else sorted(acc)
    return [Total(k, labels[k], *acc[k]) for k in order if k in acc]


@dataclass(frozen=True)
class MemberYear:
    worker_id: int
    name: str
    unit_name: str
    occasion: str
    count: int
    value_fen: int
    yearly_cap_fen: int
    max_per_year: int

    @property
    def remaining_fen(self) -> int | None:
        return self.yearly_cap_fen - self.value_fen if self.yearly_cap_fen else None


def member_year_totals(
    session: Session, year: int, *, occasion: str | None = None, unit_id: int | None = None
) -> list[MemberYear]:
    """Per member and occasion: visits and money in the year against the yearly cap (on 31 December)."""
    book = load_standards(session)
    flt = VisitFilter(year=year, occasion=occasion, unit_id=unit_id)
    stmt = (
        select(
            Worker.id,
            Worker.name,
            Worker.unit_id,
            Unit.name,
            CondolenceVisit.occasion,
            func.count(),
            func.sum(CondolenceVisit.cash_fen + CondolenceVisit.goods_fen),
        )
        .join(Worker, CondolenceVisit.worker_id == Worker.id)
        .join(Unit, Worker.unit_id == Unit.id)
    )
    stmt = _filtered(stmt, session, flt).group_by(Worker.id, CondolenceVisit.occasion)
    out = []
    labels = unit_labels(session)
    for wid, name, unit_id, unit, occ, n, value in session.execute(stmt):
        std = book.on(occ, date(year, 12, 31))
        unit = labels.get(unit_id, unit)
        out.append(MemberYear(wid, name, unit, occ, int(n), int(value or 0), std.yearly_cap_fen, std.max_per_year))
    return sorted(out, key=lambda m: (m.unit_name, m.name, list(condolence_rules.OCCASIONS).index(m.occasion)))


def hardship_not_visited(session: Session, year: int) -> list[tuple[int, str, str]]:
    """Members with a live hardship file and no live visit this year: (worker id, name, unit)."""
    visited = select(CondolenceVisit.worker_id).where(
        CondolenceVisit.archived_at.is_(None),
        CondolenceVisit.visit_date >= date(year, 1, 1),
        CondolenceVisit.visit_date <= date(year, 12, 31),
    )
    stmt = (
        select(Worker.id, Worker.name, Worker.unit_id)
        .join(HardshipFile, HardshipFile.worker_id == Worker.id)
        .where(
            HardshipFile.status == "active",
            HardshipFile.archived_at.is_(None),
            Worker.archived_at.is_(None),
            Worker.id.not_in(visited),
        )
    )
    labels = unit_labels(session)
    found = [(i, n, labels.get(u, "")) for i, n, u in session.execute(stmt)]
    return sorted(found, key=lambda r: (r[2], r[1]))


def visit_years(session: Session) -> list[int]:
    """Years that have visits, newest first (for the year filter); this year always included."""
    # One index seek per year (ix_condolence_visit_visit_date): the earliest visit on or after 1 January of
    # the year after the last one found. Portable SQL, and no scan of every visit.
    years: set[int] = set()
    start: date | None = None
    while True:
        stmt = select(func.min(CondolenceVisit.visit_date))
        if start is not None:
            stmt = stmt.where(CondolenceVisit.visit_date >= start)
        first = session.scalar(stmt)
        if first is None:
            break
        years.add(first.year)
        if first.year >= date.max.year:
            break
        start = date(first.year + 1, 1, 1)
    years.add(date.today().year)
    return sorted(years, reverse=True)
