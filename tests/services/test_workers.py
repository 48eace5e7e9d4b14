from datetime import date

import pytest

from desktop.core.errors import FieldErrors
from desktop.core.worker import WorkerDraft
from desktop.services import audit, office
from desktop.services.database import Database
from desktop.services.roster import workers


def _unit(db: Database, name: str) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == name)


def _draft(db: Database, **kw: object) -> WorkerDraft:
    base: dict[str, object] = {
        "name": "张丽",
        "id_number": "150785198503120022",
        "unit_id": _unit(db, "甘河林场"),
        "phone": "13912345678",
        "hire_date": date(2005, 7, 1),
    }
    base.update(kw)
    return WorkerDraft(**base)  # type: ignore[arg-type]


def test_add_derives_sex_and_birth_and_audits(office_db: Database) -> None:
    with office_db.write() as s:
        w = workers.add_worker(s, _draft(office_db), actor="clerk")
    with office_db.read() as s:
        row = workers.fetch_rows(s, [w.id])[0]
        assert (row.sex, row.birth_date, row.unit_name) == ("F", date(1985, 3, 12), "甘河林场")
        assert row.uid.startswith("ALH-")
        entries = audit.history(s, "worker", w.id)
        assert entries[0].actor == "test" and entries[0].action == "create"  # the account, not the argument


def test_duplicate_id_refused_even_when_archived(office_db: Database) -> None:
    with office_db.write() as s:
        w = workers.add_worker(s, _draft(office_db), actor="clerk")
        workers.set_archived(s, [w.id], archived=True, actor="clerk")
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        workers.add_worker(s, _draft(office_db, name="李娜"), actor="clerk")
    assert "已归档" in err.value.errors["id_number"]


def test_sex_mismatch_is_reported(office_db: Database) -> None:
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        workers.add_worker(s, _draft(office_db, sex="M"), actor="clerk")
    assert "第17位" in err.value.errors["sex"]


def test_filters_search_and_subunits(office_db: Database) -> None:
    team = _unit(office_db, "一班")
    with office_db.write() as s:
        workers.add_worker(s, _draft(office_db, unit_id=team), actor="c")
        workers.add_worker(
            s,
            _draft(
                office_db, name="王建国", id_number="150782199007071132", unit_id=_unit(office_db, "营林科"), phone=""
            ),
            actor="c",
        )
    farm = _unit(office_db, "甘河林场")
    with office_db.read() as s:
        on = date(2026, 11, 23)
        assert len(workers.worker_ids(s, workers.WorkerFilter(unit_id=farm))) == 1
        assert len(workers.worker_ids(s, workers.WorkerFilter(text="王"))) == 1
        assert len(workers.worker_ids(s, workers.WorkerFilter(text="0022"))) == 1
        assert len(workers.worker_ids(s, workers.WorkerFilter(sex="F"))) == 1
        # 张丽 born 1985-03-12 is 41; 王建国 born 1990-07-07 is 36 on 2026-11-23.
        assert len(workers.worker_ids(s, workers.WorkerFilter(age_min=41, on=on))) == 1
        assert len(workers.worker_ids(s, workers.WorkerFilter(age_max=36, on=on))) == 1
        assert len(workers.worker_ids(s, workers.WorkerFilter(age_min=36, age_max=41, on=on))) == 2
        by_age = workers.fetch_rows(s, workers.worker_ids(s, workers.WorkerFilter(), sort="age"))
        assert [r.name for r in by_age] == ["王建国", "张丽"]


def test_used_unit_cannot_be_deleted_only_retired(office_db: Database) -> None:
    with office_db.write() as s:
        workers.add_worker(s, _draft(office_db), actor="c")
    farm = _unit(office_db, "甘河林场")
    with pytest.raises(Exception, match="只能撤销"), office_db.write() as s:
        office.delete_unit(s, farm, actor="c")
    with office_db.write() as s:
        office.retire_unit(s, farm, actor="c")
    with office_db.read() as s:
        assert next(n for n in office.unit_tree(s) if n.id == farm).retired
