"""Migration 0014: the 0013 data file gains the 特种病保险 tables, keeps its data and takes an enrolment and a
claim at once; the downgrade removes only the new tables."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from db.migrate import alembic_config
from desktop.services.insurance import enrolments as insurance_enrolments
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_upgrade_from_0013_adds_insurance_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0013.sqlite", path)
    assert "insurance_enrolment" not in _tables(path)
    with sqlite3.connect(path) as conn:
        workers_before = conn.execute("SELECT count(*) FROM worker").fetchone()[0]
        contracts_before = conn.execute("SELECT count(*) FROM special_contract").fetchone()[0]
        woman = conn.execute("SELECT id FROM worker WHERE sex='F' AND archived_at IS NULL ORDER BY id").fetchone()[0]
    db = open_signed(path)
    try:
        with db.write() as s:
            insurance_enrolments.add_enrolment(
                s,
                insurance_enrolments.EnrolmentDraft(
                    worker_id=woman, coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
                ),
                actor="t",
            )
            insurance_enrolments.add_claim(
                s,
                insurance_enrolments.ClaimDraft(
                    worker_id=woman, diagnosis="ovarian", diagnosis_date=date(2026, 3, 2), claimed_fen=500_000
                ),
                actor="t",
                today=date(2026, 6, 1),
            )
        with db.read() as s:
            assert [(r.name, r.diagnosis_label) for r in insurance_enrolments.list_claims(s)] == [
                ("张丽", "原发性卵巢癌")
            ]
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0013")
    finally:
        db.close()
    tables = _tables(path)
    assert "insurance_enrolment" not in tables and "insurance_claim" not in tables
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM worker").fetchone()[0] == workers_before
        assert conn.execute("SELECT count(*) FROM special_contract").fetchone()[0] == contracts_before


def test_the_0014_fixture_holds_an_enrolment_and_a_paid_claim(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    shutil.copyfile(FIXTURES / "schema-0014.sqlite", path)
    db = open_signed(path)
    try:
        with db.read() as s:
            [claim] = insurance_enrolments.list_claims(s)
            assert (claim.status_label, claim.paid_fen, claim.documents_text) == (
                "已给付",
                1_000_000,
                "医院诊断证明、病理检查报告",
            )
    finally:
        db.close()
