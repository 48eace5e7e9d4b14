"""The 工作台 list: this month's work from every area, overdue first, activities for this week only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from test_protection_cases import populate

from desktop.services import office
from desktop.services.access import SignedIn
from desktop.services.activities import records as activity_records
from desktop.services.condolences import batches as condolence_batches
from desktop.services.database import Database, open_data_file
from desktop.services.demo import create_demo
from desktop.services.home.agenda import AREAS, agenda_window, home_agenda
from desktop.services.reminders import collect_reminders

ON = date(2026, 11, 20)  # a Friday: this week ends on Sunday 22 November, the month on the 30th


@pytest.fixture(scope="module")
def demo(_template: tuple[Path, SignedIn], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A 300-worker demo file of every area, made once for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("home-agenda") / "demo.sqlite"
    shutil.copyfile(_template[0], path)
    db = open_data_file(path)
    db.account = _template[1]
    create_demo(db, workers=300, seed=5, today=ON)
    yield db
    db.close()


def test_window_is_the_month_and_the_week() -> None:
    assert agenda_window(ON) == (date(2026, 11, 30), date(2026, 11, 22))
    assert agenda_window(date(2026, 12, 30)) == (date(2026, 12, 31), date(2027, 1, 3))
    assert agenda_window(date(2027, 2, 1)) == (date(2027, 2, 28), date(2027, 2, 7))


def test_demo_agenda_gathers_every_area(demo: Database) -> None:
    with demo.read() as s:
        agenda = home_agenda(s, ON)
        month = collect_reminders(s, ON, 11)  # 20 → 30 November
    assert agenda.workers > 0 and agenda.errors == {}
    assert list(agenda.counts)[:4] == list(AREAS)  # later areas (专项集体合同 …) follow
    assert sum(agenda.counts.values()) == agenda.total == len(agenda.lines)
    for area in AREAS:
        assert agenda.counts[area] == sum(1 for r in agenda.lines if r.area == area)
    # Everything the reminders command lists for the rest of the month is here, except activities after Sunday.
    expected = {
        (r.area, r.ref_kind, r.ref_id, r.kind_label, r.day)
        for r in month
        if r.area != "品牌活动" or r.day <= date(2026, 11, 22)
    }
    assert {(r.area, r.ref_kind, r.ref_id, r.kind_label, r.day) for r in agenda.lines} == expected
    assert all(ON <= r.day <= date(2026, 11, 30) for r in agenda.lines)
    assert all(r.ref_id is not None and r.ref_kind for r in agenda.lines)
    # Overdue work first (shown on today), then by day.
    flags = [r.overdue for r in agenda.lines]
    assert flags == sorted(flags, reverse=True) and agenda.overdue == sum(flags) > 0
    assert all(r.day == ON for r in agenda.lines if r.overdue)
    rest = [r.day for r in agenda.lines if not r.overdue]
    assert rest == sorted(rest)
    assert agenda.today == sum(1 for r in agenda.lines if r.day == ON and not r.overdue)
    kinds = {r.kind_label for r in agenda.lines}
    assert "复查到期" in kinds  # the demo's exams leave follow-ups open
    # The demo's 瑟宾节 batch (18 June) was never handed out: on the list, overdue, with its count.
    batch = next(r for r in agenda.lines if r.ref_kind == "batch")
    assert batch.name == "2026年瑟宾节慰问" and batch.overdue and batch.kind_label == "节日慰问待发放"
    assert "已发放 0/" in batch.detail and "2026-06-18" in batch.detail


def test_protection_dates_of_the_month(office_db: Database) -> None:
    populate(office_db)  # the worked ledger of the reminder tests
    with office_db.read() as s:
        november = home_agenda(s, date(2026, 11, 23))
        december = home_agenda(s, date(2026, 12, 1))
    assert [(r.day, r.kind_label, r.name) for r in november.lines] == [(date(2026, 11, 29), "流产假结束", "陈静")]
    assert november.counts == {"四期保护": 1, "体检筛查": 0, "慰问帮扶": 0, "品牌活动": 0}
    assert [(r.day, r.kind_label, r.name) for r in december.lines] == [
        (date(2026, 12, 9), "哺乳期结束", "刘洋"),
        (date(2026, 12, 10), "孕满7个月", "孙悦"),
        (date(2026, 12, 21), "产假开始", "李娜"),
    ]
    assert all(r.ref_kind == "case" for r in december.lines)


def test_activities_this_week_only_and_batches_until_paid(office_db: Database) -> None:
    populate(office_db)
    with office_db.write() as s:
        brand = activity_records.list_brands(s)[0].id  # a new file comes with the usual brands
        for title, day in (("周日健步走", datetime(2026, 11, 22, 9)), ("下周讲座", datetime(2026, 11, 24, 14))):
            activity_records.add_activity(
                s, activity_records.ActivityDraft(brand_id=brand, title=title, kind="other", starts_at=day), actor="t"
            )
    with office_db.read() as s:
        agenda = home_agenda(s, ON)
    assert [r.name for r in agenda.lines if r.area == "品牌活动"] == ["周日健步走"]
    assert agenda.counts["品牌活动"] == 1 and agenda.lines[-1].ref_kind == "case"  # 陈静's leave end, the 29th


def test_batch_line_leaves_when_handed_out(office_db: Database, admin_may_approve: None) -> None:
    from desktop.services.condolences import visits as condolence_visits

    populate(office_db)
    with office_db.write() as s:
        draft = condolence_visits.VisitDraft(
            occasion="festival", festival="mid_autumn", visit_date=date(2026, 11, 25), goods="米、油", goods_fen=20000
        )
        batch, count, _ = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec("冬季慰问", draft), actor="t", today=ON
        )
    with office_db.read() as s:
        line = next(r for r in home_agenda(s, ON).lines if r.ref_kind == "batch")
    assert (line.day, line.name, line.ref_id, line.overdue) == (date(2026, 11, 25), "冬季慰问", batch.id, False)
    assert f"已发放 0/{count} 人" in line.detail
    with office_db.write() as s:
        condolence_batches.advance_batch(s, batch.id, actor="t", approver="领导", on=ON)
        condolence_batches.advance_batch(s, batch.id, actor="t", on=ON)
    with office_db.read() as s:
        assert [r for r in home_agenda(s, ON).lines if r.ref_kind == "batch"] == []


def test_an_empty_file_has_no_work(db: Database) -> None:
    with db.read() as s:
        agenda = home_agenda(s, ON)
    assert agenda.workers == 0 and agenda.lines == [] and set(agenda.counts.values()) == {0}


def test_one_failing_area_does_not_hide_the_others(office_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.exams import reminders as exam_reminders

    populate(office_db)

    def broken(*_a: object) -> list[object]:
        raise RuntimeError("boom")

    broken.__module__ = exam_reminders.__name__  # the area is named from the provider's module
    monkeypatch.setattr(exam_reminders, "exam_reminders", broken)
    with office_db.read() as s:
        agenda = home_agenda(s, date(2026, 11, 23))
    assert agenda.errors == {"体检筛查": "程序出错（RuntimeError）"}
    assert [r.name for r in agenda.lines] == ["陈静"]


def test_batch_line_names_its_units(office_db: Database, admin_may_approve: None) -> None:
    """#17 item 6: the 节日慰问待发放 line had an empty 单位."""
    from desktop.services.condolences import visits as condolence_visits

    populate(office_db)
    draft = condolence_visits.VisitDraft(
        occasion="festival", festival="mid_autumn", visit_date=date(2026, 11, 25), goods="米、油", goods_fen=20000
    )
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        condolence_batches.create_batch(s, condolence_batches.BatchSpec("冬季慰问", draft), actor="t", today=ON)
        condolence_batches.create_batch(
            s,
            condolence_batches.BatchSpec(
                "两场慰问",
                replace(draft, visit_date=date(2026, 11, 26)),
                group="units",
                unit_ids=(units["营林科"], units["吉文林场"]),
            ),
            actor="t",
            today=ON,
        )
    with office_db.read() as s:
        lines = {r.name: r.unit for r in home_agenda(s, ON).lines if r.ref_kind == "batch"}
    assert lines == {"冬季慰问": "全部", "两场慰问": "吉文林场、营林科"}
