"""Schema 0002 on real old files: a 0001 file gains empty protection tables and works at once."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from db.models import ProtectionCase, RuleValue, Worker
from desktop.core.protections import ProtectionRules
from desktop.services.protections import cases as protection_cases
from desktop.services.protections import ledger as protection_ledger
from desktop.services.protections import rules as protection_rules
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ON = date(2026, 11, 23)


def test_0001_file_upgrades_to_empty_protection_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0001.sqlite", path)
    db = open_signed(path)
    try:
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ProtectionCase)) == 0
            assert s.scalar(select(func.count()).select_from(RuleValue)) == 0
            assert protection_rules.rules_on(s, ON) == ProtectionRules()
            woman = s.scalars(select(Worker).where(Worker.sex == "F", Worker.archived_at.is_(None))).first()
            assert woman is not None
        with db.write() as s:
            case = protection_cases.register_pregnancy(s, woman.id, due_date=date(2027, 3, 1), actor="clerk", today=ON)
            assert case.uid.startswith("ALH-")
        with db.read() as s:
            assert [r.name for r in protection_ledger.current_cases(s, ON)] == [woman.name]
    finally:
        db.close()


def test_0002_fixture_case_reads_under_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    shutil.copyfile(FIXTURES / "schema-0002.sqlite", path)
    db = open_signed(path)
    try:
        with db.read() as s:
            [row] = protection_ledger.current_cases(s, ON)
            assert (row.name, row.state_code, row.post, row.reassigned) == (
                "阿拉坦·其其格",
                "pregnant_7m",
                "资料员",
                True,
            )
            assert protection_rules.rules_on(s, ON).menstrual_leave_days == 1
    finally:
        db.close()
