"""Record numbers given on insert (#17 item 3): per kind and year, once, gap-free, safe under two writers."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.models import SerialCounter
from db.models_condolences import CondolenceVisit
from desktop.core.errors import DomainError
from desktop.core.worker import WorkerDraft
from desktop.services import office, serials
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import records as activity_records
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.services.roster import workers
from tests.conftest import open_signed

TODAY = date(2026, 11, 20)


@pytest.fixture
def people(office_db: Database) -> list[int]:
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        return [
            workers.add_worker(s, WorkerDraft(name=name, id_number=number, unit_id=unit), actor="t").id
            for name, number in (
                ("张丽", "150785198503120022"),
                ("李娜", "150784199211050040"),
                ("赵敏", "150783198801010021"),
            )
        ]


def sick(day: date, cause: str = "肺炎") -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(occasion="sick", cause=cause, visit_date=day, event_date=day, cash_fen=50000)


def add_visit(db: Database, worker_id: int, day: date, cause: str = "肺炎") -> tuple[int, str]:
    with db.write() as s:
        v = condolence_visits.add_visit(s, worker_id, sick(day, cause), actor="t", today=TODAY)
        return v.id, v.serial


def test_each_kind_numbered_per_year_from_its_own_date(office_db: Database, people: list[int]) -> None:
    a = add_visit(office_db, people[0], date(2026, 3, 2), "肺炎")[1]
    b = add_visit(office_db, people[1], date(2025, 12, 30), "骨折")[1]
    c = add_visit(office_db, people[2], date(2026, 1, 5), "阑尾炎")[1]
    assert (a, b, c) == ("慰2026-0001", "慰2025-0001", "慰2026-0002")
    with office_db.write() as s:
        brand = activity_records.list_brands(s)[0].id
        when = datetime(2026, 3, 8, 9)
        act = activity_records.add_activity(
            s, activity_records.ActivityDraft(brand_id=brand, title="读书会", kind="reading", starts_at=when), actor="t"
        )
        honour = activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(title="技术能手", year=2025, level="company", worker_id=people[0]),
            actor="t",
            today=TODAY,
        )
        plan = exam_plans.create_plan(s, exam_plans.default_draft("two_cancer", date(2026, 5, 4)), actor="t")
        file = hardship_files.open_file(
            s,
            people[1],
            hardship_files.FileDraft(
                grade="deep",
                main_cause="因病",
                opened_on=date(2026, 2, 1),
                own_income_fen=100000,
                household_income_fen=200000,
                household_size=2,
            ),
            actor="t",
            today=TODAY,
        )
        got = (act.serial, honour.serial, plan.serial, file.serial)
    assert got == ("活2026-001", "证2025-0001", "检2026-001", "帮2026-0001")


def test_a_number_is_kept_by_archive_and_date_correction_and_never_given_again(
    office_db: Database, people: list[int]
) -> None:
    vid, serial = add_visit(office_db, people[0], date(2026, 3, 2))
    with office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="t")
    with office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="t", archived=False)
        condolence_visits.update_visit(s, vid, sick(date(2026, 4, 2)), actor="t", today=TODAY)
    with office_db.read() as s:
        assert s.get(CondolenceVisit, vid).serial == serial == "慰2026-0001"
    with office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="t")
    assert add_visit(office_db, people[1], date(2026, 5, 1))[1] == "慰2026-0002"


def test_a_refused_save_uses_no_number(office_db: Database, people: list[int]) -> None:
    add_visit(office_db, people[0], date(2026, 3, 2))
    with pytest.raises(RuntimeError), office_db.write() as s:
        condolence_visits.add_visit(s, people[1], sick(date(2026, 3, 3)), actor="t", today=TODAY)
        s.flush()
        raise RuntimeError("the clerk's save failed after the insert")
    assert add_visit(office_db, people[1], date(2026, 3, 4))[1] == "慰2026-0002"  # no gap


def test_a_festival_batch_numbers_itself_and_its_visits_in_one_run(office_db: Database, people: list[int]) -> None:
    add_visit(office_db, people[0], date(2026, 1, 3))
    draft = condolence_visits.VisitDraft(
        occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=20000
    )
    with office_db.write() as s:
        batch, made, _ = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title="2026年春节慰问", draft=draft), actor="t", today=TODAY
        )
        serials_ = sorted(
            v.serial for v in s.scalars(select(CondolenceVisit).where(CondolenceVisit.batch_id == batch.id))
        )
        assert batch.serial == "批2026-001"
    assert made == 3 and serials_ == ["慰2026-0002", "慰2026-0003", "慰2026-0004"]
    with office_db.read() as s:
        assert s.get(SerialCounter, ("visit", 2026)).last == 4


def test_two_writers_never_share_a_number(office_db: Database, people: list[int]) -> None:
    """Two programs writing at once (the file lock normally prevents it): SQLite's write lock orders them."""
    other = open_signed(office_db.path)
    causes = [f"病{i}" for i in range(12)]
    errors: list[BaseException] = []

    def write(db: Database, worker_id: int) -> None:
        try:
            for cause in causes:
                with db.write() as s:
                    condolence_visits.add_visit(
                        s,
                        worker_id,
                        sick(date(2026, 6, 1), cause),
                        actor="t",
                        today=TODAY,
                        override_reason="经工会主席批准：并发测试",
                    )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(db, w)) for db, w in ((office_db, people[0]), (other, people[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    with office_db.read() as s:
        got = sorted(s.scalars(select(CondolenceVisit.serial)))
    assert got == [f"慰2026-{n:04d}" for n in range(1, 25)]


def test_find_by_serial_uid_or_id_and_unknown_in_one_line(office_db: Database, people: list[int]) -> None:
    vid, serial = add_visit(office_db, people[0], date(2026, 3, 2))
    with office_db.read() as s:
        uid = s.get(CondolenceVisit, vid).uid
        for typed in ("慰2026-1", "慰２０２６－０００１", serial, uid, vid):
            assert serials.find_id(s, "visit", typed) == vid
        assert serials.serial_of(s, "visit", vid) == serial
        with pytest.raises(DomainError, match="不是慰问记录编号"):
            serials.find(s, "visit", str(vid))  # typed digits are never a row id
        with pytest.raises(DomainError, match=r"^没有编号为 慰2026-0009 的慰问记录（union-desk list visits"):
            serials.find(s, "visit", "慰2026-9")
        with pytest.raises(DomainError, match="是发放批次编号，这里要的是慰问记录编号"):
            serials.find(s, "visit", "批2026-001")
        with pytest.raises(DomainError, match="没有编号为“ALH-nope”的慰问记录"):
            serials.find(s, "visit", "ALH-nope")


def test_list_rows_in_number_order_with_masked_ids(office_db: Database, people: list[int]) -> None:
    vid, _ = add_visit(office_db, people[0], date(2026, 3, 2))
    add_visit(office_db, people[1], date(2025, 3, 2))
    with office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="t")
    with office_db.read() as s:
        rows = serials.list_rows(s, "visit")
        only = serials.list_rows(s, "visit", year=2025)
    assert [r.serial for r in rows] == ["慰2025-0001", "慰2026-0001"]
    assert rows[1].person == "张丽 150785***********2" and rows[1].status == "登记·已归档"
    assert [r.serial for r in only] == ["慰2025-0001"]


def test_a_record_without_a_date_is_refused_by_its_own_check(office_db: Database, people: list[int]) -> None:
    with pytest.raises(DomainError), office_db.write() as s:
        condolence_visits.add_visit(
            s, people[0], replace(sick(date(2026, 1, 1)), visit_date=None), actor="t", today=TODAY
        )
