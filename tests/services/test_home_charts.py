"""The 工作台 charts' figures, checked against the tabs' own lists and against counts made here row by row."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from test_protection_cases import populate

from db.models import Worker
from db.models_activities import Activity, ActivityParticipant
from db.models_condolences import CondolenceVisit
from desktop.services import office
from desktop.services.access import SignedIn
from desktop.services.database import Database, open_data_file
from desktop.services.demo import create_demo
from desktop.services.exams import coverage as exam_coverage
from desktop.services.exams.scheduling import bus_units
from desktop.services.home.charts import (
    activity_reach,
    condolence_by_month,
    current_plan_id,
    needs_by_category,
    screening_coverage,
    women_by_period,
)
from desktop.services.protections import ledger as protection_ledger
from desktop.services.surveys import needs

ON = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(_template: tuple[Path, SignedIn], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("home-charts") / "demo.sqlite"
    shutil.copyfile(_template[0], path)
    db = open_data_file(path)
    db.account = _template[1]
    create_demo(db, workers=300, seed=5, today=ON)
    yield db
    db.close()


def test_current_plan_is_the_latest_started_else_the_next() -> None:
    plans = [(1, date(2025, 5, 11)), (2, date(2026, 11, 12)), (3, date(2027, 3, 1))]
    assert current_plan_id(plans, ON) == 2
    assert current_plan_id(plans, date(2025, 1, 1)) == 1  # nothing started yet: the next one
    assert current_plan_id([], ON) is None


def test_coverage_matches_the_exam_tab(demo: Database) -> None:
    with demo.read() as s:
        chart = screening_coverage(s, ON)
        assert chart.plan_id is not None
        rows = exam_coverage.coverage(s, chart.plan_id)
        other = next(pid for pid, _n in chart.plans if pid != chart.plan_id)
        picked = screening_coverage(s, ON, other)
    assert chart.plan_name == "2026年年度健康体检"  # started 12 November, the 2025 screening is done
    assert [(r.unit, r.eligible, r.done) for r in chart.units] == [
        (r.unit, r.eligible, r.done) for r in rows if r.unit_id is not None and r.eligible
    ]
    assert chart.total is not None and chart.total.done == sum(r.done for r in chart.units) > 0
    assert all(0 <= r.percent <= 100 for r in chart.units)
    assert picked.plan_id == other and picked.plan_name == "2025年女职工两癌筛查"


def test_money_by_month_adds_up_the_visits(demo: Database) -> None:
    with demo.read() as s:
        chart = condolence_by_month(s, 2026)
        visits = s.execute(
            select(CondolenceVisit.visit_date, CondolenceVisit.cash_fen, CondolenceVisit.goods_fen).where(
                CondolenceVisit.archived_at.is_(None)
            )
        ).all()
    by_month: Counter[tuple[int, int]] = Counter()
    for day, cash, goods in visits:
        by_month[(day.year, day.month)] += cash + goods
    assert chart.this_year == tuple(by_month[(2026, m)] for m in range(1, 13))
    assert chart.last_year == tuple(by_month[(2025, m)] for m in range(1, 13))
    assert chart.this_total == sum(chart.this_year) > 0
    assert chart.this_year[0] > 0  # the spring festival batch of 25 January


def test_women_by_period_counts_the_ledger(demo: Database, office_db: Database) -> None:
    with demo.read() as s:
        bars = women_by_period(s, ON)
        rows = protection_ledger.current_cases(s, ON)
    assert [b.code for b in bars] == ["pregnant", "pregnant_7m", "maternity_leave", "lactation", "miscarriage_leave"]
    assert {b.code: b.count for b in bars if b.count} == dict(Counter(r.state_code for r in rows))
    populate(office_db)  # the worked ledger of 23 November (tests/services/test_protection_cases.py)
    with office_db.read() as s:
        counts = {b.label: b.count for b in women_by_period(s, date(2026, 11, 23))}
    assert counts == {"孕期（未满7个月）": 2, "孕7月以上": 1, "产假中": 2, "哺乳期": 1, "流产假": 1}


def test_reach_by_unit_counts_sign_ins(demo: Database) -> None:
    with demo.read() as s:
        bars = activity_reach(s, 2026)
        nodes = office.unit_tree(s)
        bus, _order = bus_units(s, nodes)
        on_roll = s.execute(
            select(Worker.id, Worker.unit_id, Worker.sex).where(
                Worker.archived_at.is_(None), Worker.status == "on_roll"
            )
        ).all()
        signed = set(
            s.scalars(
                select(ActivityParticipant.worker_id)
                .join(Activity, Activity.id == ActivityParticipant.activity_id)
                .where(
                    ActivityParticipant.status == "signed",
                    ActivityParticipant.archived_at.is_(None),
                    Activity.archived_at.is_(None),
                    Activity.starts_at >= date(2026, 1, 1),
                    Activity.starts_at < date(2027, 1, 1),
                )
            )
        )
    expected: dict[int, list[int]] = {}
    for wid, unit_id, sex in on_roll:
        e = expected.setdefault(bus[unit_id], [0, 0, 0, 0])
        e[0] += 1
        e[1] += wid in signed
        e[2] += sex == "F"
        e[3] += sex == "F" and wid in signed
    assert {b.unit_id: [b.people, b.people_took_part, b.women, b.women_took_part] for b in bars} == expected
    assert sum(b.women_took_part for b in bars) > 0
    assert {b.unit for b in bars} <= {n.name for n in nodes if n.depth == 1}
    first = bars[0]
    assert first.women_percent == round(100 * first.women_took_part / first.women, 1)


def test_empty_file_gives_empty_charts(db: Database) -> None:
    with db.read() as s:
        assert screening_coverage(s, ON).plan_id is None
        assert condolence_by_month(s, 2026).this_total == 0
        assert {b.count for b in women_by_period(s, ON)} == {0}
        assert activity_reach(s, 2026) == []
        assert needs_by_category(s, 2026) == []


def _need(db: Database, text: str, category: str, collected: date, steps: tuple[str, ...] = ()) -> int:
    with db.write() as s:
        nid = needs.add_need(s, needs.NeedDraft(text, category, collected, "王芳"), actor="t", today=ON).id
        for n, step in enumerate(steps, 1):
            needs.advance_need(s, nid, step, on=date(2026, 11, n), by="李明", actor="t", today=ON)
    return nid


def test_needs_by_category_counts_the_years_list_by_step(db: Database) -> None:
    _need(db, "子女暑期托管", "children", date(2026, 3, 2))
    _need(db, "子女入学", "children", date(2026, 5, 2), ("handling",))
    _need(db, "托管延时", "children", date(2026, 6, 2), ("handling", "revisited"))
    _need(db, "心理讲座", "mental", date(2026, 1, 1), ("handling",))
    gone = _need(db, "广场舞队", "culture", date(2026, 4, 1))
    _need(db, "班车", "other", date(2025, 12, 31), ("handling",))  # last year's
    with db.write() as s:
        needs.set_need_archived(s, gone, archived=True, actor="t")
    with db.read() as s:
        bars = needs_by_category(s, 2026)
        listed = needs.list_needs(s, year=2026)
        last = needs_by_category(s, 2025)
    # Categories in the 需求清单's order (心理健康 before 子女教育), no bar for one without needs (文体: archived).
    assert [(b.label, b.counts) for b in bars] == [("心理健康", (0, 1, 0)), ("子女教育", (1, 1, 1))]
    assert sum(b.total for b in bars) == len(listed) == 4  # agrees with the tab's 年份 filter
    assert [(b.category, b.counts) for b in last] == [("other", (0, 1, 0))]
