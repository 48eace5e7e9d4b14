"""Migration 0012: existing records numbered per kind and year in date order; the counters continue from there."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from alembic import command

from db.migrate import alembic_config, upgrade
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import records as activity_records
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.services.roster import workers

TODAY = date(2026, 11, 20)
TABLES = ("condolence_visit", "condolence_batch", "activity", "honour", "exam_plan", "hardship_file")


def _columns(path: object, table: str) -> set[str]:
    with sqlite3.connect(str(path)) as conn:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _fill(db: Database) -> dict[str, int]:
    """Records entered out of date order, as a clerk catching up on paper forms would."""
    ids: dict[str, int] = {}
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        people = [
            workers.add_worker(s, WorkerDraft(name=n, id_number=i, unit_id=unit), actor="t").id
            for n, i in (("张丽", "150785198503120022"), ("李娜", "150784199211050040"))
        ]
        for key, who, day, cause in (
            ("may", 0, date(2026, 5, 1), "肺炎"),
            ("dec25", 1, date(2025, 12, 31), "骨折"),
            ("jan", 1, date(2026, 1, 2), "阑尾炎"),
        ):
            draft = condolence_visits.VisitDraft(
                occasion="sick", cause=cause, visit_date=day, event_date=day, cash_fen=50000
            )
            ids[key] = condolence_visits.add_visit(s, people[who], draft, actor="t", today=TODAY).id
        condolence_visits.archive_visit(s, ids["jan"], actor="t")  # archived records keep (and get) a number
        brand = activity_records.list_brands(s)[0].id
        for key, when in (("late", datetime(2026, 9, 1, 9)), ("early", datetime(2026, 3, 8, 9))):
            ids[key] = activity_records.add_activity(
                s,
                activity_records.ActivityDraft(brand_id=brand, title=f"读书会{key}", kind="reading", starts_at=when),
                actor="t",
            ).id
        ids["honour"] = activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(title="技术能手", year=2025, level="company", worker_id=people[0]),
            actor="t",
            today=TODAY,
        ).id
        ids["plan"] = exam_plans.create_plan(s, exam_plans.default_draft("two_cancer", date(2026, 5, 4)), actor="t").id
        ids["file"] = hardship_files.open_file(
            s,
            people[1],
            hardship_files.FileDraft(
                grade="deep",
                main_cause="因病",
                opened_on=date(2024, 6, 1),
                own_income_fen=100000,
                household_income_fen=200000,
                household_size=2,
            ),
            actor="t",
            today=TODAY,
        ).id
    ids["worker"] = people[0]
    return ids


def test_backfill_numbers_existing_records_in_date_order(office_db: Database) -> None:
    ids = _fill(office_db)
    cfg = alembic_config()
    with office_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
    assert all("serial" not in _columns(office_db.path, t) for t in TABLES)
    upgrade(office_db.engine)  # what opening an older file does

    with sqlite3.connect(office_db.path) as conn:

        def serial(table: str, key: str) -> str:
            return conn.execute(f"SELECT serial FROM {table} WHERE id=?", (ids[key],)).fetchone()[0]

        assert [serial("condolence_visit", k) for k in ("dec25", "jan", "may")] == [
            "慰2025-0001",
            "慰2026-0001",
            "慰2026-0002",
        ]
        assert [serial("activity", k) for k in ("early", "late")] == ["活2026-001", "活2026-002"]
        assert (serial("honour", "honour"), serial("exam_plan", "plan"), serial("hardship_file", "file")) == (
            "证2025-0001",
            "检2026-001",
            "帮2024-0001",
        )
        counters = dict(((k, y), n) for k, y, n in conn.execute("SELECT kind, year, last FROM serial_counter"))
        indexes = {r[1] for t in TABLES for r in conn.execute(f"PRAGMA index_list({t})") if r[2]}
    assert counters[("visit", 2026)] == 2 and counters[("visit", 2025)] == 1 and counters[("activity", 2026)] == 2
    assert {f"ix_{t}_serial" for t in TABLES} <= indexes  # unique per kind

    with office_db.write() as s:
        draft = condolence_visits.VisitDraft(
            occasion="sick", cause="感冒", visit_date=date(2026, 2, 1), event_date=date(2026, 2, 1), cash_fen=50000
        )
        assert condolence_visits.add_visit(s, ids["worker"], draft, actor="t", today=TODAY).serial == "慰2026-0003"
