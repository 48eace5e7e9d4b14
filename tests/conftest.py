"""Shared fixtures: a fresh migrated data file per test (copied from one migrated template)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services.database import Database, open_data_file  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_data_file(path)
    db.close()
    return path


@pytest.fixture
def db(_template_db: Path, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated data file of the current schema."""
    path = tmp_path / "data.sqlite"
    shutil.copyfile(_template_db, path)
    database = open_data_file(path)
    yield database
    database.close()


@pytest.fixture
def office_db(db: Database) -> Database:
    """A data file with an office and a small unit tree: 公司 → 林场/科室 → 班组."""
    from desktop.services import office

    with db.write() as s:
        office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="test")
        company = office.add_unit(s, name="阿里河森工公司", parent_id=None, kind="company", actor="test")
        for name, kind in (("甘河林场", "farm"), ("吉文林场", "farm"), ("营林科", "section"),
                           ("财务科", "section"), ("贮木场", "workshop")):
            unit = office.add_unit(s, name=name, parent_id=company.id, kind=kind, actor="test")
            if name == "甘河林场":
                office.add_unit(s, name="一班", parent_id=unit.id, kind="team", actor="test")
    return db


@pytest.fixture
def sample_roster() -> Path:
    path = SAMPLES / "hr-roster-ali-river-2026.xlsx"
    if not path.exists():
        pytest.skip("shared/samples is not beside this checkout")
    return path
