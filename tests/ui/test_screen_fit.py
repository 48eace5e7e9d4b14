"""Screens at 1366×768 and at 特大 (#17 item 4): unit labels with their whole path as a tooltip, money columns
never cut, overdue hardship reviews marked in words and colour, the batch detail pane, and each exam page's
own count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.core import condolences as condolence_rules
from desktop.services import office
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import ledger as condolence_ledger
from desktop.services.condolences.visits import VisitDraft
from desktop.services.database import Database
from desktop.services.exams import plans as exam_plans
from desktop.services.exams.scheduling import generate_schedule
from desktop.ui import prefs
from desktop.ui.condolences.tab import CondolenceTab
from desktop.ui.exams import tab as exam_tab
from desktop.ui.exams.tab import ExamTab
from desktop.ui.roster.tab import RosterTab
from desktop.ui.widgets.lazy_table import WARN_BACKGROUND, LazyTableView
from desktop.ui.widgets.unit_picker import UnitCombo

pytestmark = pytest.mark.usefixtures("admin_may_approve")
TODAY = date(2026, 11, 20)
BIG_FONT = prefs.FONT_SIZES["特大"]


@pytest.fixture
def big_font() -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    prefs.apply_font(BIG_FONT)
    yield
    app.setFont(before)


def _column(view: LazyTableView, key: str) -> int:
    return [c.key for c in view.lazy_model().columns].index(key)


def _row_of(view: LazyTableView, name: str) -> int:
    model = view.lazy_model()
    return next(r for r in range(model.rowCount()) if model.record(r).name == name)  # type: ignore[union-attr]


def _tooltip_at(view: LazyTableView, row: int, col: int) -> str:
    rect = view.visualRect(view.model().index(row, col))
    pos = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QToolTip.hideText()
    view.viewportEvent(event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_roster_names_units_by_label_with_the_whole_path_as_tooltip(
    office_db: Database, people: dict[str, int], qtbot: Any
) -> None:
    tab = RosterTab(office_db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    view, unit = tab.view, _column(tab.view, "unit")
    row = _row_of(view, "李娜")  # in 甘河林场's 一班: "一班" alone could be any farm's
    index = view.model().index(row, unit)
    assert index.data() == "甘河林场/一班"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "阿里河森工公司/甘河林场/一班"
    # Sized to the label, so it is not cut ("甘河林…"), and the tooltip still gives the whole path.
    qtbot.waitUntil(lambda: not view.text_elided(index))
    view.setColumnWidth(unit, 30)  # the clerk narrows it: elided, and the tooltip still says it all
    assert view.text_elided(index)
    assert _tooltip_at(view, row, unit) == "阿里河森工公司/甘河林场/一班"
    # A column without its own tip shows its whole text once it is cut.
    post = _column(view, "post")
    view.setColumnWidth(post, 20)
    assert _tooltip_at(view, row, post) == "营林员"


def test_unit_box_shows_the_label_not_the_leaf(office_db: Database, qtbot: Any, unit_of: Callable[[str], int]) -> None:
    combo = UnitCombo(empty_label="请选择")
    qtbot.addWidget(combo)
    with office_db.read() as s:
        combo.set_units(office.unit_tree(s))
    combo.set_unit_id(unit_of("一班"))
    assert combo.display_text() == "甘河林场/一班" and combo.unit_text() == "甘河林场/一班"
    assert combo.toolTip() == "阿里河森工公司/甘河林场/一班"
    assert combo.currentText().strip("\u3000") == "一班"  # the open list stays an indented tree
    combo.set_unit_id(None)
    assert combo.display_text() == "请选择" and combo.toolTip() == ""


def test_money_is_never_cut_at_the_largest_font(
    office_db: Database, people: dict[str, int], qtbot: Any, big_font: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A year of a big office: totals in the millions (the walk-through saw "98" for 978,200.00 at 特大).
    real_totals = condolence_ledger.totals

    def big(session: Any, flt: Any, by: str) -> list[condolence_ledger.Total]:
        found = real_totals(session, flt, by)
        return [replace(t, goods_fen=177_680_000) for t in found] or [
            condolence_ledger.Total("festival", "节日慰问", 1643, 900_000, 177_680_000)
        ]

    monkeypatch.setattr(condolence_ledger, "totals", big)
    with office_db.write() as s:
        from desktop.services.condolences import visits as condolence_visits

        condolence_visits.add_visit(
            s,
            people["张丽"],
            VisitDraft(occasion="festival", festival="spring", visit_date=TODAY, goods="米面油", goods_fen=40000),
            actor="c",
            today=TODAY,
        )
    tab = CondolenceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    tab.pages.setCurrentWidget(tab.stats)
    qtbot.wait(50)
    table = tab.stats.tables["month"]
    metrics = table.fontMetrics()
    texts = [table.item(r, c).text() for r in range(table.rowCount()) for c in (2, 3, 4)]
    widest = max(texts, key=metrics.horizontalAdvance)
    assert widest == "1,777,480.00" or widest.startswith("1,7")
    for c in (2, 3, 4):
        for r in range(table.rowCount()):
            assert metrics.horizontalAdvance(table.item(r, c).text()) < table.columnWidth(c), (r, c)
    # The whole table is visible: no column ends past the table's own viewport.
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert table.item(0, 2).textAlignment() & Qt.AlignmentFlag.AlignRight

    # The ledger's money column widens to its widest value too.
    tab.pages.setCurrentWidget(tab.visits)
    view = tab.visits.view
    with office_db.write() as s:
        from desktop.services.condolences import visits as condolence_visits

        condolence_visits.add_visit(
            s,
            people["李娜"],
            VisitDraft(
                occasion="sick", cause="骨折", visit_date=TODAY, event_date=TODAY, cash_fen=condolence_rules.MAX_FEN
            ),
            actor="c",
            override_reason="特批：重大伤病，经工会主席办公会研究",
            today=TODAY,
        )
    tab.visits.after_change()
    cash = _column(view, "cash")
    row = _row_of(view, "李娜")
    index = view.model().index(row, cash)
    assert index.data() == condolence_rules.yuan(condolence_rules.MAX_FEN)  # the largest amount a visit may hold
    qtbot.waitUntil(lambda: not view.text_elided(index))
    unit = view.model().index(row, _column(view, "unit"))
    assert unit.data() == "甘河林场/一班"
    assert unit.data(Qt.ItemDataRole.ToolTipRole) == "阿里河森工公司/甘河林场/一班"
    view.set_current_id(view.lazy_model().id_at(row))
    assert "阿里河森工公司/甘河林场/一班" in tab.visits.detail.text()


def test_overdue_review_is_marked_in_words_and_colour(office_db: Database, people: dict[str, int], qtbot: Any) -> None:
    with office_db.write() as s:
        for name, opened in (("李娜", TODAY - timedelta(days=400)), ("张丽", TODAY - timedelta(days=30))):
            hardship_files.open_file(
                s,
                people[name],
                hardship_files.FileDraft(
                    main_cause="因病", household_income_fen=1200000, household_size=3, opened_on=opened
                ),
                actor="c",
                today=TODAY,
            )
    tab = CondolenceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.pages.setCurrentWidget(tab.files)
    view = tab.files.view
    review = _column(view, "review")
    late, fresh = _row_of(view, "李娜"), _row_of(view, "张丽")
    late_index, fresh_index = view.model().index(late, review), view.model().index(fresh, review)
    due = TODAY - timedelta(days=400) + timedelta(days=365)
    assert late_index.data() == f"{due.isoformat()} 逾期"
    assert late_index.data(Qt.ItemDataRole.BackgroundRole) == WARN_BACKGROUND
    assert view.model().index(late, 0).data(Qt.ItemDataRole.BackgroundRole) == WARN_BACKGROUND  # the whole row
    assert "逾期" not in fresh_index.data()
    assert fresh_index.data(Qt.ItemDataRole.BackgroundRole) is None
    view.set_current_id(view.lazy_model().id_at(late))
    assert "已逾期" in tab.files.detail.text()


def test_batch_page_has_a_detail_pane(office_db: Database, people: dict[str, int], qtbot: Any) -> None:
    draft = VisitDraft(
        occasion="festival", festival="mid_autumn", visit_date=date(2026, 9, 20), goods="月饼", goods_fen=30000
    )
    with office_db.write() as s:
        batch, _made, _skipped = condolence_batches.create_batch(
            s, condolence_batches.BatchSpec(title="2026年中秋慰问", draft=draft), actor="c", today=TODAY
        )
        batch_id = batch.id
    tab = CondolenceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.pages.setCurrentWidget(tab.batches)
    page = tab.batches
    assert "选中一个批次" in page.detail.text()
    page.view.selectRow(0)
    text = page.detail.text()
    row = page.current()
    assert row is not None and row.id == batch_id
    assert "2026年中秋慰问" in text and "2026-09-20" in text and f"{row.count} 人" in text
    serial = getattr(row, "serial", "")
    if serial:
        assert serial in page.detail.title_text
    assert "甘河林场" in text  # people per unit
    assert "登记" in text and "已发放" in text  # progress by step


def test_each_exam_page_counts_its_own_list(office_db: Database, people: dict[str, int], qtbot: Any) -> None:
    start = date.today()
    draft = replace(
        exam_plans.default_draft("two_cancer", start),
        end_date=start + timedelta(days=20),
        daily_capacity=5,
        provider="妇幼保健院",
    )
    with office_db.write() as s:
        plan_id = exam_plans.create_plan(s, draft, actor="c").id
    generate_schedule(office_db, plan_id, today=start)
    tab = ExamTab(office_db)
    qtbot.addWidget(tab)
    tab.reload_plans(plan_id)
    label = tab.filter_bar.result_label
    booked = tab.model.rowCount()
    assert booked >= 1 and label.text() == f"共 {booked} 人"
    tab.pages.setCurrentIndex(exam_tab.OVERDUE)
    assert label.text() == f"逾期未检 {len(tab.overdue.records)} 人"
    tab.pages.setCurrentIndex(exam_tab.FOLLOW_UPS)
    assert label.text() == f"待复查 {len(tab.follow_ups.records)} 人"
    assert label.text() != f"共 {booked} 人"
    tab.pages.setCurrentIndex(exam_tab.DAYS)
    assert label.text() == f"共 {len(tab.days.records)} 个检查日"
    tab.pages.setCurrentIndex(exam_tab.LIST)
    assert label.text() == f"共 {booked} 人"


def test_roster_keeps_every_column_reachable_at_the_largest_font(
    office_db: Database, people: dict[str, int], qtbot: Any, big_font: None
) -> None:
    tab = RosterTab(office_db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    view = tab.view
    header = view.horizontalHeader()
    assert tab.minimumSizeHint().width() <= 1366
    hidden = [n for n in range(header.count()) if header.isSectionHidden(n) or view.columnWidth(n) <= 0]
    assert hidden == []
    # Columns past the right edge are reached by the horizontal scroll bar, never cut off.
    if header.length() > view.viewport().width():
        assert view.horizontalScrollBar().maximum() > 0
    view.scrollTo(view.model().index(0, header.logicalIndex(header.count() - 1)))
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(last) < view.viewport().width()


def test_reach_page_names_are_not_squeezed_at_the_largest_font(
    office_db: Database, people: dict[str, int], qtbot: Any, big_font: None
) -> None:
    from desktop.ui.activities.reach_page import ReachPage

    page = ReachPage(office_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 600)
    page.show()
    page.reload()
    for table in (page.units, page.missing):
        metrics, model = table.fontMetrics(), table.model()
        for r in range(model.rowCount()):
            text = model.index(r, 0).data()
            assert metrics.horizontalAdvance(text) <= table.columnWidth(0), text
    assert page.units.item(0, 0).text() == "阿里河森工公司"


def test_protection_lists_keep_their_unit_columns_fitted(office_db: Database, qtbot: Any) -> None:
    """The 岗位冲突 and 近期提醒 lists rebuild their columns to sort in memory; the unit column must stay one
    that widens to its labels (it was cut to "甘河林场…" at 特大)."""
    from desktop.ui.protections.tab import ProtectionTab

    tab = ProtectionTab(office_db)
    qtbot.addWidget(tab)
    for page in (tab.conflicts, tab.reminders):
        unit = next(c for c in page.model.columns if c.key == "unit")
        assert unit.fit and unit.sort == "unit"


def test_warn_rows_and_fit_columns_keep_the_model_sound(qtbot: Any, qtmodeltester: Any) -> None:
    from dataclasses import dataclass as plain

    from desktop.ui.widgets.lazy_table import RIGHT, Column, LazyTableModel

    @plain(frozen=True)
    class Row:
        id: int
        amount: str
        late: bool

    rows = {i: Row(i, f"{i * 111_111:,}.00", i % 2 == 0) for i in range(1, 30)}
    columns = [
        Column("id", "号", lambda r: str(r.id), width=2),
        Column("amount", "金额", lambda r: r.amount, align=RIGHT, width=3, fit=True),
    ]
    model: LazyTableModel[Row] = LazyTableModel(
        columns,
        ids=lambda *_a: list(rows),
        rows=lambda ids: [rows[i] for i in ids],
        warn=lambda r: r.late,
        page_size=10,
    )
    view = LazyTableView(model)
    qtbot.addWidget(view)
    model.set_query(None)
    qtmodeltester.check(model)
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == WARN_BACKGROUND  # row id 2
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    view.resize(600, 300)
    view.show()
    view.scrollToBottom()  # loads the last page: "3,222,219.00" is wider than the three characters declared
    last = model.index(model.rowCount() - 1, 1)
    qtbot.waitUntil(lambda: not view.text_elided(last))
    model.adjust_column("amount", cell_tip=lambda r: f"{r.amount} 元")
    assert last.data(Qt.ItemDataRole.ToolTipRole) == "3,222,219.00 元"


def test_protection_date_stays_in_sight_at_the_largest_font(office_db: Database, qtbot: Any, big_font: None) -> None:
    from desktop.ui.protections.tab import ProtectionTab

    tab = ProtectionTab(office_db)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    edit = tab.on_edit
    assert edit.isVisible()
    right = edit.mapTo(tab, edit.rect().topRight()).x()
    assert 0 < right <= tab.width()
