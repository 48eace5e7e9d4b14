"""The figures behind the 工作台's charts: screening coverage by unit, condolence money by month against last
year, women in each protection period, activity reach by unit, the year's needs by category and status. Plain
data, no Qt (desktop/ui/widgets/charts.py draws them).

Sums are made in SQL where the figure is a plain count or sum (money, reach); coverage and protection periods
reuse the tabs' own functions, because who is due an exam and which period a woman is in follow rule data
that SQL cannot evaluate, and the chart must agree with the tab it summarises.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_activities import Activity, ActivityParticipant
from db.models_surveys import SurveyNeed
from desktop.core.activities import rate
from desktop.core.roles import Permission
from desktop.core.surveys import NEED_CATEGORIES, STATUS_ORDER
from desktop.services import access
from desktop.services.activities.records import year_range
from desktop.services.condolences.ledger import VisitFilter, totals
from desktop.services.exams.coverage import CoverageRow, coverage
from desktop.services.exams.plans import list_plans
from desktop.services.exams.scheduling import bus_units
from desktop.services.office import unit_tree
from desktop.services.protections.ledger import STATE_CHOICES, current_cases
from desktop.services.query_rows import tuples

# --- screening coverage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageChart:
    plan_id: int | None
    """The plan shown, None when the file has no plan yet."""
    plan_name: str
    plans: list[tuple[int, str]]
    """Every live plan (id, name), newest first, for the chart's plan picker."""
    units: list[CoverageRow]
    """Per 林场/车间/科室 in tree order (units nobody is due in are left out)."""
    total: CoverageRow | None


def current_plan_id(plans: list[tuple[int, date]], on: date) -> int | None:
    """The plan a clerk is working on: the latest one started by ``on``, else the next one to start.

    ``plans`` are (id, start date) in any order."""
    started = [p for p in plans if p[1] <= on]
    if started:
        return max(started, key=lambda p: (p[1], p[0]))[0]
    return min(plans, key=lambda p: (p[1], p[0]))[0] if plans else None


def screening_coverage(session: Session, on: date, plan_id: int | None = None) -> CoverageChart:
    plans = list_plans(session)
    if plan_id is None or plan_id not in {p.id for p in plans}:
        plan_id = current_plan_id([(p.id, p.start_date) for p in plans], on)
    if plan_id is None:
        return CoverageChart(None, "", [], [], None)
    rows = coverage(session, plan_id)
    name = next(p.name for p in plans if p.id == plan_id)
    units = [r for r in rows if r.unit_id is not None and r.eligible]
    total = next((r for r in rows if r.unit_id is None), None)
    return CoverageChart(plan_id, name, [(p.id, p.name) for p in plans], units, total)


# --- condolence money by month ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyMoney:
    year: int
    this_year: tuple[int, ...]
    """Fen per month, January first (12 values): cash and goods of the live visits dated in that month."""
    last_year: tuple[int, ...]

    @property
    def this_total(self) -> int:
        return sum(self.this_year)

    @property
    def last_total(self) -> int:
        return sum(self.last_year)


def _by_month(session: Session, year: int) -> tuple[int, ...]:
    months = [0] * 12
    for t in totals(session, VisitFilter(year=year), "month"):  # grouped and summed in SQL
        months[int(t.key[5:7]) - 1] = t.value_fen
    return tuple(months)


def condolence_by_month(session: Session, year: int) -> MonthlyMoney:
    return MonthlyMoney(year, _by_month(session, year), _by_month(session, year - 1))


# --- women in each protection period ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodCount:
    code: str
    label: str
    count: int


def women_by_period(session: Session, on: date) -> list[PeriodCount]:
    """Women on the 四期 ledger on ``on`` per period, in the ledger's order; 数据需核对 only when there are any."""
    counts: dict[str, int] = defaultdict(int)
    for row in current_cases(session, on):
        counts[row.state_code or ""] += 1
    return [
        PeriodCount(code, label, counts[code])
        for code, label in STATE_CHOICES.items()
        if code != "invalid" or counts[code]
    ]


# --- activity reach by unit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitReachBar:
    unit_id: int
    unit: str
    people: int
    people_took_part: int
    women: int
    women_took_part: int

    @property
    def people_percent(self) -> float:
        r = rate(self.people_took_part, self.people)
        return float(r) if r is not None else 0.0

    @property
    def women_percent(self) -> float:
        r = rate(self.women_took_part, self.women)
        return float(r) if r is not None else 0.0


def activity_reach(session: Session, year: int) -> list[UnitReachBar]:
    """Per 林场/车间/科室 (the level buses and reports use): workers on roll and how many of them signed in at
    a live activity of ``year`` — counted per unit and sex in SQL, then added up the tree here (≈60 units)."""
    start, end = year_range(year)
    took_part = (
        select(ActivityParticipant.worker_id)
        .join(Activity, Activity.id == ActivityParticipant.activity_id)
        .where(
            ActivityParticipant.status == "signed",
            ActivityParticipant.archived_at.is_(None),
            Activity.archived_at.is_(None),
            Activity.starts_at >= start,
            Activity.starts_at < end,
        )
    )
    stmt = (
        select(Worker.unit_id, Worker.sex, func.count(), func.sum(case((Worker.id.in_(took_part), 1), else_=0)))
        .where(Worker.archived_at.is_(None), Worker.status == "on_roll")
        .group_by(Worker.unit_id, Worker.sex)
    )
    nodes = unit_tree(session)
    bus, order = bus_units(session, nodes)
    names = {n.id: n.name for n in nodes}
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for unit_id, sex, n, took in tuples(session.execute(stmt)):
        a = acc[bus.get(unit_id, unit_id)]
        a[0] += int(n)
        a[1] += int(took or 0)
        if sex == "F":
            a[2] += int(n)
            a[3] += int(took or 0)
    return [
        UnitReachBar(u, names.get(u, "（未知单位）"), *acc[u])
        for u in sorted(acc, key=lambda u: (order.get(u, 1 << 30), u))
    ]


# --- the year's needs by category and status --------------------------------------------------------------


@dataclass(frozen=True)
class NeedCategoryBar:
    category: str
    label: str
    counts: tuple[int, int, int]
    """Needs now at 收集, 办理, 回访 (STATUS_ORDER)."""

    @property
    def total(self) -> int:
        return sum(self.counts)


def needs_by_category(session: Session, year: int) -> list[NeedCategoryBar]:
    """The live needs of the 需求清单 collected in ``year`` (as its 年份 filter counts them), per category and
    the step each has reached, counted in one grouped query; categories with no need left out, the rest in the
    需求清单's category order (an unknown code, from a newer program, last under its code)."""
    access.require(session, Permission.VIEW)
    stmt = (
        select(SurveyNeed.category, SurveyNeed.status, func.count())
        .where(SurveyNeed.archived_at.is_(None), SurveyNeed.collected_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(SurveyNeed.category, SurveyNeed.status)
    )
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for category, status, n in session.execute(stmt):
        if status in STATUS_ORDER:
            acc[category][STATUS_ORDER.index(status)] += int(n)
    order = list(NEED_CATEGORIES)
    return [
        NeedCategoryBar(c, NEED_CATEGORIES.get(c, c), (a[0], a[1], a[2]))
        for c, a in sorted(acc.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
    ]
