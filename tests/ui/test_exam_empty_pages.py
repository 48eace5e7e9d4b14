"""体检筛查's 逾期未检 and 待复查 pages when nothing is in them (#17 item 4): the one-line empty state the other
lists show, and columns wide enough for what they hold instead of squeezed to their titles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.ui import prefs
from desktop.ui.exams import tab as exam_tab
from desktop.ui.exams.tab import ExamTab


def _tab(db: Database, qtbot: Any) -> ExamTab:
    start = date.today()
    draft = replace(
        exam_plans.default_draft("two_cancer", start),
        end_date=start + timedelta(days=20),
        daily_capacity=5,
        provider="妇幼保健院",
    )
    with db.write() as s:
        plan_id = exam_plans.create_plan(s, draft, actor="c").id
    tab = ExamTab(db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    tab.reload_plans(plan_id)
    return tab


def test_empty_overdue_and_follow_up_pages_say_so(office_db: Database, qtbot: Any) -> None:
    tab = _tab(office_db, qtbot)  # nobody on the roster: nobody overdue, nobody to follow up
    for page, table in ((exam_tab.OVERDUE, tab.overdue), (exam_tab.FOLLOW_UPS, tab.follow_ups)):
        tab.pages.setCurrentIndex(page)
        assert table.records == []
        assert table.empty_text.startswith("没有")
        image = table.viewport().grab().toImage()
        # The line is painted: some pixels in the middle of the empty viewport are not the background.
        background = image.pixelColor(2, 2)
        middle = image.height() // 2
        assert any(
            image.pixelColor(x, middle + dy) != background for x in range(image.width()) for dy in range(-8, 9)
        ), table.empty_text


def test_person_columns_fit_what_they_hold_at_the_largest_font(office_db: Database, qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    prefs.apply_font(prefs.FONT_SIZES["特大"])
    try:
        tab = _tab(office_db, qtbot)
        tab.pages.setCurrentIndex(exam_tab.OVERDUE)
        table = tab.overdue
        metrics = table.fontMetrics()
        for column, sample in ((0, "甘河林场/营林一班"), (4, "0470-3521234"), (5, "2026-05-06"), (6, "2026-05-06")):
            assert table.columnWidth(column) >= metrics.horizontalAdvance(sample), column
    finally:
        app.setFont(before)
