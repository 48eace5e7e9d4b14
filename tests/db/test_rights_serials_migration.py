"""Migration 0017: existing 维权诉求 are numbered per intake year in intake-date order (archived ones too), the
counter continues from there, and the downgrade takes the column, index and counters away again."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from db.migrate import alembic_config, upgrade
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.rights import requests as rights_requests
from desktop.services.roster import workers
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2026, 11, 20)


def _columns(path: object) -> set[str]:
    with sqlite3.connect(str(path)) as conn:
        return {r[1] for r in conn.execute("PRAGMA table_info(rights_request)")}


def _downgrade(db: Database, to: str) -> None:
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, to)


def test_backfill_numbers_requests_in_intake_order(office_db: Database) -> None:
    ids: dict[str, int] = {}
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        wid = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=unit), actor="t"
        ).id
        # Entered out of date order, as a clerk catching up on paper forms would.
        for key, day in (
            ("may", date(2026, 5, 1)),
            ("dec25", date(2025, 12, 31)),
            ("jan", date(2026, 1, 2)),
            ("may_too", date(2026, 5, 1)),
        ):
            ids[key] = rights_requests.add_request(
                s,
                rights_requests.RequestDraft(worker_id=wid, category="pay", summary=f"加班费{key}", received_on=day),
                actor="t",
                today=TODAY,
            ).id
        rights_requests.set_archived(
            s, ids["jan"], archived=True, actor="t"
        )  # archived requests keep (and get) a number
    _downgrade(office_db, "0016")
    assert "serial" not in _columns(office_db.path)
    with sqlite3.connect(office_db.path) as conn:
        assert conn.execute("SELECT count(*) FROM serial_counter WHERE kind='rights'").fetchone()[0] == 0
    upgrade(office_db.engine)  # what opening an older file does

    with sqlite3.connect(office_db.path) as conn:
        got = {
            k: conn.execute("SELECT serial FROM rights_request WHERE id=?", (i,)).fetchone()[0] for k, i in ids.items()
        }
        counters = {y: n for y, n in conn.execute("SELECT year, last FROM serial_counter WHERE kind='rights'")}
        unique = {r[1] for r in conn.execute("PRAGMA index_list(rights_request)") if r[2]}
    assert got == {"dec25": "权2025-0001", "jan": "权2026-0001", "may": "权2026-0002", "may_too": "权2026-0003"}
    assert counters == {2025: 1, 2026: 3}
    assert "ix_rights_request_serial" in unique

    with office_db.write() as s:
        r = rights_requests.add_request(
            s,
            rights_requests.RequestDraft(
                worker_id=wid, category="leave", summary="产假天数不足", received_on=date(2026, 6, 1)
            ),
            actor="t",
            today=TODAY,
        )
        assert r.serial == "权2026-0004"


def test_upgrade_from_0016_fixture_numbers_its_request(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0016.sqlite", path)
    assert "serial" not in _columns(path)
    db = open_signed(path)
    try:
        with db.read() as s:
            assert [r.serial for r in rights_requests.list_requests(s)] == ["权2026-0001"]
        _downgrade(db, "0016")
    finally:
        db.close()
    assert "serial" not in _columns(path)
