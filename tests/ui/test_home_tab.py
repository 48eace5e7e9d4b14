"""工作台: the month's work in one list with counts, each line opening its record; the charts; the empty file."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from sqlalchemy import func, select

from db.models import AuditEntry
from desktop.services.access import SignedIn
from desktop.services.activities import records as activity_records
from desktop.services.database import Database, open_data_file
from desktop.services.demo import create_demo
from desktop.services.home.agenda import home_agenda
from desktop.services.home.charts import condolence_by_month, needs_by_category, screening_coverage, women_by_period
from desktop.services.surveys import needs as survey_needs
from desktop.ui.home.chart_panel import ChartsPanel
from desktop.ui.home.tab import EMPTY_FILE, HomeTab
from desktop.ui.main_window import MainWindow
from tests.conftest import sign_in_as

ON = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_file(_template: tuple[Path, SignedIn], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-worker demo file of every area (made once), with an activity this week."""
    path = tmp_path_factory.mktemp("home-tab") / "demo.sqlite"
    shutil.copyfile(_template[0], path)
    db = open_data_file(path)
    db.account = _template[1]
    create_demo(db, workers=300, seed=5, today=ON)
    with db.write() as s:
        brand = activity_records.list_brands(s)[0].id
        activity_records.add_activity(
            s,
            activity_records.ActivityDraft(
                brand_id=brand, title="周日健步走", kind="other", starts_at=datetime(2026, 11, 22, 9)
            ),
            actor="t",
        )
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, _template: tuple[Path, SignedIn], tmp_path: Path) -> Database:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    db = open_data_file(path)
    db.account = _template[1]
    return db


def _loaded(tab: HomeTab, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: tab.agenda is not None, timeout=15000)


@pytest.fixture
def window(demo: Database, qtbot: Any) -> MainWindow:
    win = MainWindow(demo)
    qtbot.addWidget(win)
    win.home.today = lambda: ON
    win.home.charts.today = lambda: ON
    win.resize(1366, 768)
    win.show()
    win.home.reload()
    qtbot.waitUntil(lambda: win.home.agenda is not None and win.home.agenda.on == ON, timeout=15000)
    return win


def test_lists_the_month_with_counts_by_area(demo: Database, qtbot: Any, qtmodeltester: Any) -> None:
    tab = HomeTab(demo, today=lambda: ON)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0 and tab.view.empty_text.startswith("正在读取")  # built empty: start-up is cheap
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        tab.show()
    with demo.read() as s:
        agenda = home_agenda(s, ON)
    assert tab.model.rowCount() == agenda.total > 0
    qtmodeltester.check(tab.model)
    texts = {key: b.text() for key, b in tab.chip_buttons.items()}
    assert texts["all"] == f"全部 {agenda.total}" and texts["overdue"] == f"已逾期 {agenda.overdue}"
    assert [texts[a] for a in ("四期保护", "体检筛查", "慰问帮扶", "品牌活动")] == [
        f"{a} {agenda.counts[a]}" for a in ("四期保护", "体检筛查", "慰问帮扶", "品牌活动")
    ]
    assert agenda.counts["慰问帮扶"] >= 1 and "周日健步走" in {r.name for r in agenda.lines if r.area == "品牌活动"}
    first = tab.model.index(0, 0)
    assert first.data() == "已逾期" and first.data(Qt.ItemDataRole.ForegroundRole) == QColor("#b00020")
    row = [tab.model.index(0, c).data() for c in range(6)]
    r = agenda.lines[0]
    assert row[1:5] == [r.area, r.kind_label, r.name, r.unit] and row[5] == r.detail
    assert "2026-11-30" in tab.heading.text() and "2026-11-22" in tab.heading.text()
    tab.set_chip("慰问帮扶")
    shown = [tab.model.index(n, 1).data() for n in range(tab.model.rowCount())]
    assert shown and set(shown) == {"慰问帮扶"} and len(shown) == agenda.counts["慰问帮扶"]
    tab.set_chip("today")
    assert tab.model.rowCount() == agenda.today
    tab.set_chip("all")
    assert tab.model.rowCount() == agenda.total
    picked = tab.lines[5]
    assert tab.view.set_current_id(picked.id)
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        tab.reload()  # what coming back to the tab does
    current = tab.current_line()
    assert current is not None and current.r == picked.r  # the selection stays on the same record


def _select(window: MainWindow, kind: str) -> Any:
    home = window.home
    line = next(x for x in home.lines if x.r.ref_kind == kind)
    home.set_chip("all")
    assert home.view.set_current_id(line.id)
    return line.r


def test_each_line_opens_its_record(window: MainWindow, qtbot: Any) -> None:
    home = window.home
    kinds = {x.r.ref_kind for x in home.lines}
    assert {"case", "appointment", "hardship_file", "batch", "activity"} <= kinds

    r = _select(window, "appointment")
    qtbot.keyClick(home.view, Qt.Key.Key_Return)  # Enter opens, as in every list
    exams = window.built_tab("exams")
    assert window.tabs.currentWidget() is exams
    assert exams.follow_ups.current_item().appointment_id == r.ref_id  # type: ignore[union-attr]

    window.show_tab("home")
    r = _select(window, "batch")
    assert home.open_current()
    condolence = window.built_tab("condolence")
    assert window.tabs.currentWidget() is condolence
    assert condolence.pages.currentWidget() is condolence.batches  # type: ignore[union-attr]
    assert condolence.batches.current().id == r.ref_id  # type: ignore[union-attr]

    window.show_tab("home")
    r = _select(window, "hardship_file")
    assert home.open_current()
    assert condolence.files.current().id == r.ref_id  # type: ignore[union-attr]

    window.show_tab("home")
    r = _select(window, "activity")
    assert home.open_current()
    activities = window.built_tab("activities")
    assert window.tabs.currentWidget() is activities
    assert activities.activities.current().id == r.ref_id  # type: ignore[union-attr]

    with qtbot.waitSignal(home.loaded, timeout=15000):  # coming back reads the list again
        window.show_tab("home")
    r = _select(window, "case")
    rect = home.view.visualRect(home.model.index(home.view.currentIndex().row(), 2))
    qtbot.mouseClick(home.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first
    qtbot.mouseDClick(home.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    protection = window.built_tab("protection")
    assert window.tabs.currentWidget() is protection
    assert protection.current_row is not None and protection.current_row.case_id == r.ref_id  # type: ignore[union-attr]


def test_an_exam_day_opens_the_plan_on_that_day(window: MainWindow, demo: Database) -> None:
    from desktop.services.reminders import Reminder
    from desktop.ui.home.open_record import open_reminder

    with demo.read() as s:
        plan = screening_coverage(s, ON)
    assert plan.plan_id is not None
    exams: Any = window.ensure_tab("exams")
    day = exams.day_combo.itemData(1)  # the plan's first exam day
    line = Reminder(
        day=day,
        kind_label="体检日",
        name="10人",
        unit=plan.plan_name,
        detail="",
        area="体检筛查",
        ref_id=plan.plan_id,
        ref_kind="plan",
    )
    assert open_reminder(window.show_tab, line)
    assert window.tabs.currentWidget() is exams and exams.plan_id() == plan.plan_id
    assert exams.day_combo.currentData() == day and exams.pages.currentIndex() == 0


def test_charts_show_the_figures_and_save_and_print(demo: Database, qtbot: Any, tmp_path: Path) -> None:
    tab = HomeTab(demo, today=lambda: ON)
    qtbot.addWidget(tab)
    # Low enough that the cards not drawn yet (120 px each) do not all fit: at 700 px all five were in view.
    tab.resize(1366, 400)
    tab.show()
    panel = tab.charts
    qtbot.waitUntil(lambda: "coverage" in panel.loaded, timeout=15000)
    assert "needs" not in panel.loaded  # below the fold: not counted until scrolled to
    tab.resize(1366, 700)
    panel.verticalScrollBar().setValue(panel.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: {"coverage", "money", "periods", "reach", "needs"} <= panel.loaded, timeout=15000)
    with demo.read() as s:
        needs = needs_by_category(s, ON.year)
        periods = women_by_period(s, ON)
        money = condolence_by_month(s, ON.year)
        coverage = screening_coverage(s, ON)

    def values(key: str, n: int = 0) -> list[float]:
        bars = panel.cards[key].view.chart().series()[0].barSets()[n]
        return [bars.at(i) for i in range(bars.count())]

    assert values("periods") == [float(p.count) for p in periods]
    assert values("money", 0) == pytest.approx([v / 1_000_000 for v in money.this_year])  # 万元
    assert values("money", 1) == pytest.approx([v / 1_000_000 for v in money.last_year])
    assert values("coverage") == [u.percent for u in reversed(coverage.units)]  # first unit on top
    assert panel.plan_combo is not None and panel.plan_combo.currentData() == coverage.plan_id
    assert f"应检 {coverage.total.eligible} 人" in panel.cards["coverage"].summary.text()  # type: ignore[union-attr]
    assert needs and values("needs", 2) == [float(b.counts[0]) for b in reversed(needs)]  # 收集, first on top

    card = panel.cards["periods"]
    out = tmp_path / "四期.png"
    assert card.save_png(out)
    image = QImage(str(out))
    assert image.width() == 1400 and image.height() > 500
    pixels = [image.pixelColor(x, y).name() for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)]
    assert pixels.count("#1f5fa8") > 1000  # the bars, drawn (not a blank or a screen-sized picture)
    assert sum(1 for p in pixels if p != "#ffffff") > pixels.count("#1f5fa8") + 200  # title, labels, axes
    opened: list[tuple[Path, str]] = []
    pdf = card.print_chart(lambda _p, path, title, _d: opened.append((path, title)) or tab)
    assert opened == [(pdf, "四期保护人数（按时期）")]
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    shutil.rmtree(pdf.parent, ignore_errors=True)


def test_needs_chart_counts_each_category_by_step(db: Database, qtbot: Any) -> None:
    panel = ChartsPanel(db, lambda: ON)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.chart_ready, timeout=15000):
        panel.load("needs")
    card = panel.cards["needs"]
    assert not card.has_chart and "2026年还没有收集职工需求" in card.message.text()
    with db.write() as s:
        for text, category, steps in (
            ("子女托管", "children", 0),
            ("子女入学", "children", 2),
            ("心理讲座", "mental", 1),
            ("宿舍供暖", "living", 1),
        ):
            nid = survey_needs.add_need(
                s, survey_needs.NeedDraft(text, category, date(2026, 3, 2), "王芳"), actor="t", today=ON
            ).id
            for n, step in enumerate(("handling", "revisited")[:steps], 1):
                survey_needs.advance_need(s, nid, step, on=date(2026, 4, n), by="李明", actor="t", today=ON)
    panel.invalidate()
    with qtbot.waitSignal(panel.chart_ready, timeout=15000):
        panel.load("needs")
    assert card.has_chart and card.title == "职工需求（按状态/类别）"
    sets = {b.label(): [b.at(i) for i in range(b.count())] for b in card.view.chart().series()[0].barSets()}
    # Categories down the left, the first (心理健康) on top: the bar sets list them bottom up.
    axis = card.view.chart().axes(Qt.Orientation.Vertical)[0]
    assert axis.categories() == ["生活帮扶", "子女教育", "心理健康"]
    assert sets == {"收集": [0, 1, 0], "办理": [1, 0, 1], "回访": [0, 1, 0]}
    assert card.summary.text() == "2026年收集的职工需求共 4 项：收集 1 项，办理 2 项，回访 1 项"


def test_empty_file_says_what_to_do(db: Database, qtbot: Any) -> None:
    asked: list[str] = []
    tab = HomeTab(db, show_tab=lambda key: asked.append(key) or tab, today=lambda: ON)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        tab.show()
    assert tab.heading.text() == EMPTY_FILE and tab.model.rowCount() == 0  # one line, and its button beside it
    assert not tab.splitter.isVisible() and not tab.chip_buttons["all"].isVisible()
    assert tab.start_button.isVisible()
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert asked == ["roster"]


def test_read_only_account_sees_it_and_nothing_writes(demo: Database, qtbot: Any) -> None:
    sign_in_as(demo, "viewer")
    with demo.read() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    win = MainWindow(demo)
    qtbot.addWidget(win)
    win.home.today = lambda: ON
    win.show()
    win.home.reload()
    qtbot.waitUntil(lambda: win.home.agenda is not None and win.home.agenda.on == ON, timeout=15000)
    assert win.tabs.widget(0) is win.home and win.tabs.currentWidget() is win.home
    assert win.home.model.rowCount() > 0
    line = next(x for x in win.home.lines if x.r.ref_kind == "hardship_file")
    win.home.view.set_current_id(line.id)
    assert win.home.open_current()
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before  # reading and opening wrote nothing


def test_a_picture_taken_as_the_chart_appears_fills_its_width(demo: Database, qtbot: Any) -> None:
    """打印 straight after a chart appeared drew it at the pane's size in a corner of the page (pending layouts
    resized it back in the middle of drawing)."""
    tab = HomeTab(demo, today=lambda: ON)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    pictures: list[QImage] = []
    tab.charts.chart_ready.connect(
        lambda key: pictures.append(tab.charts.cards[key].image(1000)) if key == "coverage" else None
    )
    tab.show()
    qtbot.waitUntil(lambda: bool(pictures), timeout=15000)
    image = pictures[0]
    blue_x = [
        x
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).name() == "#1f5fa8"
    ]
    assert max(blue_x) > 750  # the best-covered unit's bar (≈90 %) runs across the picture
