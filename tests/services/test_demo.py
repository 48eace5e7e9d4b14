from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Office, Unit, Worker
from desktop import cli
from desktop.core import hazards
from desktop.core.dates import add_years, age_on
from desktop.core.errors import DomainError
from desktop.core.idcard import parse_id_number
from desktop.core.progress import Cancelled, Job
from desktop.core.worker import WorkerDraft, check_worker
from desktop.services import office
from desktop.services.database import Database
from desktop.services.demo import create_demo
from tests.conftest import open_signed

TODAY = date(2026, 6, 1)
# Timestamps come from the clock, not the seed.
_CLOCK_COLUMNS = {"id", "created_at", "updated_at", "archived_at", "created_by", "updated_by"}


def _workers(db: Database) -> list[Worker]:
    with db.read() as s:
        return list(s.scalars(select(Worker).order_by(Worker.id)))


def _fingerprint(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    cols = [c.name for c in Worker.__table__.columns if c.name not in _CLOCK_COLUMNS]
    with db.read() as s:
        units = [(u.name, u.kind, u.parent_id, u.sort_order) for u in s.scalars(select(Unit).order_by(Unit.id))]
    rows = [tuple(getattr(w, c) for c in cols) + (w.archived_at is None,) for w in _workers(db)]
    return units, rows


def _fresh(template: Path, to: Path) -> Database:
    shutil.copyfile(template, to)
    return open_signed(to)


def test_same_seed_same_data_other_seed_other_data(db: Database, _template_db: Path, tmp_path: Path) -> None:
    create_demo(db, workers=300, seed=7, today=TODAY)
    twin = _fresh(_template_db, tmp_path / "twin.sqlite")
    other = _fresh(_template_db, tmp_path / "other.sqlite")
    try:
        create_demo(twin, workers=300, seed=7, today=TODAY)
        create_demo(other, workers=300, seed=8, today=TODAY)
        assert _fingerprint(db) == _fingerprint(twin)
        assert _fingerprint(db)[1] != _fingerprint(other)[1]
    finally:
        twin.close()
        other.close()


def test_every_worker_passes_the_worker_rules(db: Database) -> None:
    summary = create_demo(db, workers=2000, seed=3)
    today = date.today()
    rows = _workers(db)
    assert len(rows) == summary.workers == 2000
    assert len({w.id_number for w in rows}) == len(rows)
    assert len({w.uid for w in rows}) == len(rows)
    for w in rows:
        info = parse_id_number(w.id_number, today=today)
        assert (info.birth_date, info.sex) == (w.birth_date, w.sex)
        assert info.region[:4] in ("1507", "1522")
        assert w.uid.startswith("ALH-")
        # The same checks a clerk's entry goes through, so demo data never shows up as "invalid".
        fields = {k: getattr(w, k) for k in WorkerDraft.__dataclass_fields__}
        check_worker(WorkerDraft(**fields), today=today)
        assert hazards.encode(hazards.decode(w.hazards)) == w.hazards
        if w.hire_date is not None:
            assert add_years(w.birth_date, 18) <= w.hire_date <= today
        if w.union_member:
            assert w.union_join_date is not None and w.hire_date is not None
            assert w.hire_date <= w.union_join_date <= today
        else:
            assert w.union_join_date is None


def test_realistic_mix(db: Database) -> None:
    create_demo(db, workers=2000, seed=1)
    today = date.today()
    rows = _workers(db)
    women = sum(w.sex == "F" for w in rows)
    assert 0.40 <= women / len(rows) <= 0.50
    for w in rows:
        age = age_on(w.birth_date, today)
        if w.employment_type == "retired":
            assert w.status == "retired" and age <= 65
        else:
            assert 18 <= age <= 65
    ethnicities = {w.ethnicity for w in rows}
    assert {"汉族", "蒙古族", "鄂伦春族", "鄂温克族", "达斡尔族"} <= ethnicities
    assert sum(w.ethnicity == "汉族" for w in rows) > len(rows) / 2
    assert any("·" in w.name for w in rows)
    assert {"retired", "dispatched", "flexible", "active"} <= {w.employment_type for w in rows}
    assert any(w.archived_at is not None for w in rows)
    assert any(w.phone.startswith("0470-") for w in rows)
    assert sum(w.union_member for w in rows) > len(rows) * 0.8
    chainsaw = next(w for w in rows if w.post == "油锯手")
    assert hazards.prohibited_for("pregnancy", chainsaw.hazards)


def test_unit_tree_has_levels_and_every_worker_a_unit(db: Database) -> None:
    create_demo(db, workers=500, seed=2)
    with db.read() as s:
        nodes = office.unit_tree(s)
        assert max(n.depth for n in nodes) >= 2
        assert [n.kind for n in nodes if n.depth == 0] == ["company"]
        assert {"甘河林场", "贮木场", "森林管护站", "财务科"} <= {n.name for n in nodes}
        assert any(n.path == "阿里河森工公司/甘河林场/营林一班" for n in nodes)
        assert sum(n.worker_count for n in nodes) == s.scalar(
            select(func.count()).select_from(Worker).where(Worker.archived_at.is_(None))
        )
        assert s.scalars(select(Office)).one().code == "ALH"


def test_one_audit_entry_not_one_per_worker(db: Database) -> None:
    create_demo(db, workers=200, seed=1)
    with db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "worker")))
    assert actions == ["demo"]


def test_refuses_a_file_with_units(office_db: Database) -> None:
    with pytest.raises(DomainError, match="空白数据文件"):
        create_demo(office_db, workers=10)
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Worker)) == 0


def test_refuses_a_file_with_workers(db: Database) -> None:
    create_demo(db, workers=10)
    with pytest.raises(DomainError, match="10 名职工"):
        create_demo(db, workers=10)
    assert len(_workers(db)) == 10


def test_cancel_leaves_the_file_empty(db: Database) -> None:
    job = Job(on_progress=lambda done, total, _msg: job.cancel() if done > 0 else None)
    with pytest.raises(Cancelled):
        create_demo(db, workers=5000, job=job)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Worker)) == 0
        assert s.scalar(select(func.count()).select_from(Unit)) == 0
        assert s.scalar(select(func.count()).select_from(Office)) == 0


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "demo.sqlite"
    assert cli.main(["demo", "--db", str(p), "--workers", "300"]) == 0
    out = capsys.readouterr().out
    assert "职工 300 人" in out
    assert cli.main(["demo", "--db", str(p), "--workers", "300"]) == 1
    assert "空白数据文件" in capsys.readouterr().err


def test_keeps_an_office_the_clerk_set_up(db: Database) -> None:
    with db.write() as s:
        office.save_office(s, code="BLH", name="毕拉河林业公司工会", actor="clerk")
    summary = create_demo(db, workers=20, office_code="ALH", office_name="阿里河森工公司工会")
    assert summary.office_code == "BLH"
    assert all(w.uid.startswith("BLH-") for w in _workers(db))
    with db.read() as s:
        assert office.unit_tree(s)[0].name == "毕拉河林业公司"
