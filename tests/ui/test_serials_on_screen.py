"""Record numbers on screen (#17 item 3).

The defect: detail panes showed internal codes ("记录编号 ALH-ea62f220-…"), tables had no number a clerk could
quote, and the exam tab's 计划编号 was a row id. Now the serial is every list's first column and heads the
detail pane; the uid is shown nowhere on screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.services.activities import honours as activity_honours
from desktop.services.activities import records as activity_records
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.ui.activities.tab import ActivityTab
from desktop.ui.condolences.tab import CondolenceTab
from desktop.ui.exams.tab import ExamTab

TODAY = date(2026, 11, 20)


@pytest.fixture
def records(office_db: Database, people: dict[str, int]) -> dict[str, str]:
    with office_db.write() as s:
        visit = condolence_visits.add_visit(
            s,
            people["张丽"],
            condolence_visits.VisitDraft(occasion="sick", cause="肺炎", visit_date=date(2026, 3, 2), cash_fen=50000),
            actor="t",
            today=TODAY,
        )
        draft = condolence_visits.VisitDraft(
            occasion="festival", festival="spring", visit_date=date(2026, 2, 1), goods="米面油", goods_fen=20000
        )
        condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title="2026年春节慰问", draft=draft), actor="t", today=TODAY
        )
        hardship_files.open_file(
            s,
            people["李娜"],
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
        act = activity_records.add_activity(
            s,
            activity_records.ActivityDraft(
                brand_id=activity_records.list_brands(s)[0].id,
                title="春季读书分享会",
                kind="reading",
                starts_at=datetime(2026, 3, 8, 9),
            ),
            actor="t",
        )
        activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(title="技术能手", year=2026, level="company", worker_id=people["张丽"]),
            actor="t",
            today=TODAY,
        )
        exam_plans.create_plan(s, exam_plans.default_draft("two_cancer", date(2026, 5, 4)), actor="t")
        return {"visit": visit.uid, "activity": act.uid}


def _first_column(view: Any) -> tuple[str, list[str]]:
    model = view.model()
    head = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    return head, [model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]


def test_condolence_lists_and_panes_show_serials_not_uids(
    office_db: Database, records: dict[str, str], qtbot: Any
) -> None:
    tab = CondolenceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    tab.visits.filter_bar.set_value("occasion", "sick")
    tab.visits.apply_filter()
    assert _first_column(tab.visits.view) == ("编号", ["慰2026-0001"])
    tab.visits.view.selectRow(0)
    pane = tab.visits.detail.text()
    assert pane.startswith("慰2026-0001 · 张丽") and records["visit"] not in pane and "ALH-" not in pane

    tab.batches.refresh()
    assert _first_column(tab.batches.view) == ("编号", ["批2026-001"])
    assert tab.batches.model.index(0, 2).data() == "2026年春节慰问"

    tab.files.apply_filter()
    assert _first_column(tab.files.view) == ("档案编号", ["帮2026-0001"])
    tab.files.view.selectRow(0)
    assert tab.files.detail.text().startswith("帮2026-0001 · 李娜")

    tab.visits.filter_bar.set_value("occasion", None)
    tab.visits.filter_bar.set_value("text", "慰２０２６－２")  # typed as a Chinese input method gives it
    tab.visits.apply_filter()
    assert _first_column(tab.visits.view)[1] == ["慰2026-0002"]


def test_activity_pane_shows_the_serial_instead_of_the_uid(
    office_db: Database, records: dict[str, str], qtbot: Any
) -> None:
    tab = ActivityTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    page = tab.activities
    page.apply_filter()
    assert _first_column(page.view) == ("编号", ["活2026-001"])
    page.view.selectRow(0)
    pane = page.detail.text()
    assert pane.startswith("活2026-001 · 春季读书分享会")
    assert records["activity"] not in pane and "记录编号" not in pane  # was "记录编号 ALH-…"
    tab.honours.apply_filter()
    assert _first_column(tab.honours.view) == ("证书编号", ["证2026-0001"])


def test_exam_plan_number_is_the_serial(office_db: Database, records: dict[str, str], qtbot: Any) -> None:
    tab = ExamTab(office_db)
    qtbot.addWidget(tab)
    tab.show()
    tab.reload_plans()
    assert tab.plan_combo.currentText().startswith("检2026-001 ")
    assert tab.plan_info.text().startswith("计划编号 检2026-001")
