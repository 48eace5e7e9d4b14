"""Migration 0015: the 0014 data file gains rights_request, keeps its data (insurance included); the downgrade
removes only the new table."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from db.migrate import alembic_config
from desktop.services.rights import requests as rights_requests
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_upgrade_from_0014_adds_rights_requests(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0014.sqlite", path)
    assert "rights_request" not in _tables(path)
    with sqlite3.connect(path) as conn:
        claims = conn.execute("SELECT count(*) FROM insurance_claim").fetchone()[0]
        worker = conn.execute("SELECT id FROM worker WHERE archived_at IS NULL ORDER BY id").fetchone()[0]
    db = open_signed(path)
    try:
        with db.write() as s:
            rights_requests.add_request(
                s,
                rights_requests.RequestDraft(
                    worker_id=worker, category="leave", summary="产假天数不足", received_on=date(2026, 5, 6)
                ),
                actor="t",
                today=date(2026, 6, 1),
            )
        with db.read() as s:
            assert [(r.category_label, r.stage_label) for r in rights_requests.list_requests(s)] == [
                ("休息休假", "预防（工会协调）")
            ]
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0014")
    finally:
        db.close()
    assert "rights_request" not in _tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM insurance_claim").fetchone()[0] == claims
