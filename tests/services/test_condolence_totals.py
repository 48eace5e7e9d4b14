"""Batch list and ledger totals computed in SQL: counts, money and paid per batch; months and years of visits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import ledger as condolence_ledger
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

# Entering and approving in one test: see tests/conftest.py (the real role split is in test_accounts.py).
pytestmark = pytest.mark.usefixtures("admin_may_approve")

TODAY = date(2026, 11, 20)
PEOPLE = (
    ("张丽", "150785198503120022", "甘河林场"),
    ("王建国", "150782199007071132", "营林科"),
    ("李娜", "150784199211050040", "一班"),
)


@pytest.fixture
def ids(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        for name, number, unit in PEOPLE:
            out[name] = workers.add_worker(
                s, WorkerDraft(name=name, id_number=number, unit_id=units[unit]), actor="test"
            ).id
    return out


def _batch(db: Database, title: str, day: date, goods_fen: int, fest: str) -> int:
    draft = condolence_visits.VisitDraft(
        occasion="festival", festival=fest, visit_date=day, goods="米面油", goods_fen=goods_fen
    )
    with db.write() as s:
        batch, _made, _skipped = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title=title, draft=draft), actor="c", today=TODAY
        )
        return batch.id


def test_batch_list_counts_live_visits_money_and_paid(office_db: Database, ids: dict[str, int]) -> None:
    spring25 = _batch(office_db, "2025年春节慰问", date(2025, 1, 20), 20000, "spring")
    autumn = _batch(office_db, "2026年中秋慰问", date(2026, 9, 20), 30000, "mid_autumn")
    spring = _batch(office_db, "2026年春节慰问", date(2026, 2, 1), 25000, "spring")
    with office_db.read() as s:
        visits = {r.name: r.id for r in condolence_ledger.visit_rows(s, condolence_ledger.VisitFilter(batch_id=autumn))}
        gone = condolence_ledger.visit_ids(s, condolence_ledger.VisitFilter(batch_id=spring25))
    with office_db.write() as s:
        condolence_visits.archive_visit(
            s, visits["李娜"], actor="c"
        )  # entered by mistake: out of the count and the total
        condolence_visits.advance(s, visits["张丽"], actor="c", approver="刘刚", on=TODAY)
        condolence_visits.advance(s, visits["张丽"], actor="c", on=TODAY)  # paid
        condolence_visits.advance(s, visits["王建国"], actor="c", approver="刘刚", on=TODAY)  # approved, not paid
        for vid in gone:
            condolence_visits.archive_visit(s, vid, actor="c")
    with office_db.read() as s:
        rows = condolence_batches.list_batches(s)
        this_year = condolence_batches.list_batches(s, 2026)
    assert [r.id for r in rows] == [autumn, spring, spring25]  # newest first
    by_id = {r.id: r for r in rows}
    assert (by_id[autumn].count, by_id[autumn].total_fen, by_id[autumn].paid) == (2, 60000, 1)
    assert (by_id[spring].count, by_id[spring].total_fen, by_id[spring].paid) == (3, 75000, 0)
    # A batch whose visits were all archived is still listed, with nothing in it.
    assert (by_id[spring25].count, by_id[spring25].total_fen, by_id[spring25].paid) == (0, 0, 0)
    assert by_id[autumn].title == "2026年中秋慰问" and by_id[autumn].visit_date == date(2026, 9, 20)
    assert by_id[autumn].uid.startswith("ALH-") and by_id[autumn].festival == "mid_autumn"
    assert [r.id for r in this_year] == [autumn, spring]


def test_month_totals_and_visit_years(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.read() as s:
        assert condolence_ledger.visit_years(s) == [date.today().year]  # no visits: this year only
    sick = condolence_visits.VisitDraft(
        occasion="sick",
        cause="肺炎",
        visit_date=date(2026, 3, 2),
        event_date=date(2026, 3, 1),
        cash_fen=50000,
        visitors="工会主席 刘刚",
        documents="住院证明",
    )
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["张丽"], sick, actor="c", today=TODAY)
        condolence_visits.add_visit(
            s, ids["王建国"], replace(sick, visit_date=date(2026, 3, 31)), actor="c", today=TODAY
        )
        condolence_visits.add_visit(
            s,
            ids["李娜"],
            replace(sick, visit_date=date(2026, 12, 1), event_date=date(2026, 11, 30)),
            actor="c",
            today=date(2026, 12, 1),
        )
        old = condolence_visits.add_visit(
            s,
            ids["李娜"],
            replace(sick, visit_date=date(2021, 1, 5), event_date=date(2021, 1, 4)),
            actor="c",
            today=TODAY,
        )
        condolence_visits.add_visit(
            s,
            ids["张丽"],
            replace(sick, visit_date=date(2023, 12, 31), event_date=date(2023, 12, 30), cash_fen=100),
            actor="c",
            today=TODAY,
        )
        condolence_visits.archive_visit(s, old.id, actor="c")
    with office_db.read() as s:
        by_month = condolence_ledger.totals(s, condolence_ledger.VisitFilter(year=2026), "month")
        everything = condolence_ledger.totals(s, condolence_ledger.VisitFilter(), "month")
        # Archived visits still give their year to the year filter (the 查看归档 list is filtered by year too).
        years = condolence_ledger.visit_years(s)
    assert [(t.key, t.label, t.count, t.cash_fen) for t in by_month] == [
        ("2026-03", "2026-03", 2, 100000),
        ("2026-12", "2026-12", 1, 50000),
    ]
    assert [t.key for t in everything] == ["2023-12", "2026-03", "2026-12"]
    assert years == sorted({2026, 2023, 2021, date.today().year}, reverse=True)
