"""Migration 0013: the 0012 data file gains the contract tables, keeps its data, and takes a contract at once;
the downgrade removes only the new tables."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from db.migrate import alembic_config
from desktop.services.contracts import contracts as contract_service
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_upgrade_from_0012_adds_contract_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0012.sqlite", path)
    assert "special_contract" not in _tables(path)
    with sqlite3.connect(path) as conn:
        workers_before = conn.execute("SELECT count(*) FROM worker").fetchone()[0]
    db = open_signed(path)
    try:
        with db.write() as s:
            cid = contract_service.add_contract(
                s,
                contract_service.ContractDraft(
                    title="专项集体合同",
                    status="signed",
                    term_start=date(2026, 1, 1),
                    term_end=date(2028, 12, 31),
                    signed_on=date(2025, 12, 28),
                    union_party="工会",
                    company_party="公司",
                ),
                actor="t",
            ).id
            contract_service.add_clause(s, cid, contract_service.ClauseDraft("screening", 2), actor="t")
        with db.read() as s:
            assert [c.promise for c in contract_service.clauses(s, cid)] == ["两癌筛查每2年一次"]
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0012")
    finally:
        db.close()
    tables = _tables(path)
    assert "special_contract" not in tables and "special_contract_clause" not in tables
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM worker").fetchone()[0] == workers_before
