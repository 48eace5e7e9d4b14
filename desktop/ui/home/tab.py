"""工作台: today's and this month's work from every area in one list, counts by area, and the charts.

The first tab and the one shown at start. It is built empty and cheap: the list is read on a pool thread once
the window shows (desktop/ui/background.py), the charts when scrolled into view (home_chart_panel). It is read
again each time the clerk comes back to it, since work done in another tab changes it. Nothing here writes:
a line opens its record in the area's tab (double-click or Enter), where the clerk acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.services.database import Database
from desktop.services.home.agenda import AREAS, Agenda, home_agenda
from desktop.services.reminders import Reminder
from desktop.ui import prefs
from desktop.ui.background import Loader
from desktop.ui.home.chart_panel import ChartsPanel
from desktop.ui.home.open_record import open_reminder
from desktop.ui.widgets.lazy_table import Column, LazyTableModel, LazyTableView

ALERT = "#b00020"
WEEKDAYS = "一二三四五六日"
LOADING = "正在读取今天的待办…"
EMPTY_FILE = "还没有职工 — 先到“职工名册”导入花名册或新增职工，这里就会列出每天要办的事"
"""The one line an empty file shows (with a 去职工名册 button beside it) instead of the list and charts."""
EMPTY_MONTH = "今天到月底没有待办事项"
EMPTY_CHIP = "这一类今天到月底没有待办 — 点“全部”查看其他"
ALL, OVERDUE, TODAY = "all", "overdue", "today"


@dataclass(frozen=True)
class Line:
    id: int
    r: Reminder
    on: date

    @property
    def today(self) -> bool:
        return self.r.day == self.on and not self.r.overdue


def when_text(line: Line) -> str:
    if line.r.overdue:
        return "已逾期"
    weekday = f"周{WEEKDAYS[line.r.day.weekday()]}"
    return f"今天（{weekday}）" if line.today else f"{line.r.day.isoformat()} {weekday}"


COLUMNS: list[Column[Line]] = [
    Column(
        "day",
        "日期",
        when_text,
        sort="day",
        width="2026-12-03 周四",
        tooltip="“已逾期”的事项应在今天之前办理，排在最前",
    ),
    Column("area", "领域", lambda x: x.r.area, sort="area", width=5),
    Column("kind", "事项", lambda x: x.r.kind_label, sort="kind", width=8, cell_tip=lambda x: x.r.kind_label),
    Column("name", "对象", lambda x: x.r.name, sort="name", width=7, cell_tip=lambda x: x.r.name),
    Column("unit", "单位", lambda x: x.r.unit, sort="unit", width=10, cell_tip=lambda x: x.r.unit),
    Column("detail", "说明", lambda x: x.r.detail, width=12, cell_tip=lambda x: x.r.detail),
]

# Ties keep the agenda's own order (sorted() is stable): overdue first, then by day.
_SORT: dict[str, Callable[[Line], Any]] = {
    "area": lambda x: AREAS.index(x.r.area) if x.r.area in AREAS else len(AREAS),
    "kind": lambda x: x.r.kind_label,
    "name": lambda x: x.r.name,
    "unit": lambda x: x.r.unit,
}


class AgendaModel(LazyTableModel[Line]):
    """Overdue dates in red, today's lines in bold, so the urgent ones stand out in a long month."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole) and index.isValid():
            line = self.record(index.row())
            if (
                line is not None
                and role == Qt.ItemDataRole.ForegroundRole
                and line.r.overdue
                and self.columns[index.column()].key == "day"
            ):
                return QColor(ALERT)
            if line is not None and role == Qt.ItemDataRole.FontRole and line.today:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.FontRole:
                return None
        return super().data(index, role)


class HomeTab(QWidget):
    changed = Signal()  # never emitted: nothing here writes (kept so the window treats every tab alike)
    loaded = Signal()  # the list was (re)read and shown

    def __init__(
        self,
        db: Database,
        show_tab: Callable[[str], QWidget] | None = None,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.show_tab = show_tab
        self.today = today
        self.agenda: Agenda | None = None
        self.lines: list[Line] = []
        self._by_id: dict[int, Line] = {}
        # A line keeps its id across reads, so the selection stays on the same record when the list is read again.
        self._line_ids: dict[tuple[object, ...], int] = {}
        self.loader = Loader(self)
        self._shown_once = False

        self._build_top()
        self._build_chips()

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ALERT};")
        self.error_label.hide()

        self._build_list()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(self.top)
        lay.addLayout(self.chip_row)
        lay.addWidget(self.error_label)
        lay.addWidget(self.splitter, 1)
        lay.addStretch(0)  # takes the room when an empty file hides the list

        # Coming back to the tab and a change caught up by the window both ask for a read: one read serves both.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        self._selection_changed()

    def _build_top(self) -> None:
        """The heading with its buttons: open the selected line, refresh, and (empty file) go to the roster."""
        self.heading = QLabel(LOADING)
        self.heading.setWordWrap(True)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("重新读取待办和图表")
        self.refresh_button.clicked.connect(lambda _c=False: self.reload())
        self.open_button = QPushButton("查看所选")
        self.open_button.setToolTip("在对应页签中打开选中的事项（也可双击或按回车）")
        self.open_button.clicked.connect(lambda _c=False: self.open_current())
        self.start_button = QPushButton("去职工名册")
        self.start_button.clicked.connect(lambda _c=False: self.show_tab and self.show_tab("roster"))
        self.start_button.hide()
        self.top = QHBoxLayout()
        top = self.top
        top.addWidget(self.heading, 1)
        top.addWidget(self.start_button)
        top.addStretch(0)  # with an empty file the heading gives up its room, so the button sits beside its line
        top.addWidget(self.open_button)
        top.addWidget(self.refresh_button)

    def _build_chips(self) -> None:
        """One exclusive chip per filter: all, overdue, today and each area."""
        self.chips = QButtonGroup(self)
        self.chips.setExclusive(True)
        self.chip_buttons: dict[str, QPushButton] = {}
        chip_row = self.chip_row = QHBoxLayout()
        for key in (ALL, OVERDUE, TODAY, *AREAS):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("chip", key)
            self.chips.addButton(button)
            self.chip_buttons[key] = button
            chip_row.addWidget(button)
        chip_row.addStretch(1)
        self.chip_buttons[ALL].setChecked(True)
        self.chips.buttonClicked.connect(lambda _b: self._filter_changed())
        self._set_chip_texts()

    def _build_list(self) -> None:
        """The agenda beside the charts, the splitter where the clerk left it."""
        self.model = AgendaModel(
            COLUMNS, ids=self._ids, rows=self._rows, row_id=lambda x: x.id, default_sort="day", parent=self
        )
        self.view = LazyTableView(self.model, layout_key="home", empty_text=LOADING)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.activated.connect(lambda _i: self.open_current())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.charts = ChartsPanel(self.db, self.today)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.charts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([800, 520])
        state = prefs.settings().value("home/splitter")
        if isinstance(state, QByteArray | bytes):
            self.splitter.restoreState(state)

    # -- reading -----------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # not a window restored from the task bar
            self._reload_timer.start()

    def after_change(self) -> None:
        """Data changed elsewhere: read again now if shown (else on the next showing, which always reads)."""
        if self.isVisible():
            self._reload_timer.start()
        else:
            self.charts.invalidate()

    def reload_units(self) -> None:
        self.after_change()

    def reload(self) -> None:
        db, on = self.db, self.today()

        def read() -> Agenda:
            with db.read() as s:
                return home_agenda(s, on)

        self.loader.run("agenda", read, on_done=self._show_agenda, on_failed=self._failed)
        self.charts.invalidate()

    def _failed(self, exc: BaseException) -> None:
        import logging

        from desktop.services.faults import explain

        logging.getLogger(__name__).warning("home agenda failed", exc_info=exc)
        self.error_label.setText(f"无法读取待办：{explain(exc) or f'程序出错（{type(exc).__name__}）'}")
        self.error_label.show()
        self.view.set_empty_text("")
        self.loaded.emit()

    def _show_agenda(self, agenda: Agenda) -> None:
        self.agenda = agenda
        on = agenda.on
        used: set[int] = set()
        self.lines = [Line(self._line_id(r, used), r, on) for r in agenda.lines]
        self._by_id = {x.id: x for x in self.lines}
        empty_file = agenda.workers == 0
        self.heading.setText(
            EMPTY_FILE
            if empty_file
            else f"今天 {on.isoformat()} 周{WEEKDAYS[on.weekday()]} · 列出今天到 "
            f"{agenda.month_end.isoformat()} 的待办（品牌活动到本周日 "
            f"{agenda.week_end.isoformat()}），逾期未办的排在最前；双击一行或按回车，在对应页签中打开"
        )
        self._set_chip_texts()
        for button in self.chip_buttons.values():
            button.setVisible(not empty_file)
        self.start_button.setVisible(empty_file and self.show_tab is not None)
        self.top.setStretchFactor(self.heading, 0 if empty_file else 1)
        self.heading.setWordWrap(not empty_file)  # the empty file's one line stays one line
        self.open_button.setVisible(not empty_file)
        self.splitter.setVisible(not empty_file)
        errors = [f"{area}的待办未能读取：{why}" for area, why in agenda.errors.items()]
        self.error_label.setText("；".join(errors))
        self.error_label.setVisible(bool(errors))
        self.model.set_query(self.chip())
        self._update_empty_text()
        self.loaded.emit()

    # -- the list ----------------------------------------------------------------------------------------
    def chip(self) -> str:
        button = self.chips.checkedButton()
        return str(button.property("chip")) if button is not None else ALL

    def set_chip(self, key: str) -> None:
        self.chip_buttons[key].setChecked(True)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self.model.set_query(self.chip())
        self._update_empty_text()

    def _set_chip_texts(self) -> None:
        a = self.agenda
        for area in a.counts if a else {}:
            if area not in self.chip_buttons:  # an area added after this tab was written (专项集体合同 …)
                button = QPushButton()
                button.setCheckable(True)
                button.setProperty("chip", area)
                self.chips.addButton(button)
                self.chip_buttons[area] = button
                self.chip_row.insertWidget(self.chip_row.count() - 1, button)
        counts = {ALL: a.total if a else 0, OVERDUE: a.overdue if a else 0, TODAY: a.today if a else 0}
        counts.update(a.counts if a else {})
        names = {ALL: "全部", OVERDUE: "已逾期", TODAY: "今天"}
        for key, button in self.chip_buttons.items():
            n = counts.get(key, 0)
            button.setText(f"{names.get(key, key)} {n}" if a else names.get(key, key))
            button.setToolTip(f"只看{names.get(key, key)}的事项" if key != ALL else "今天到月底的全部事项")
        overdue = self.chip_buttons[OVERDUE]
        overdue.setStyleSheet(f"color: {ALERT};" if a and a.overdue else "")

    def _update_empty_text(self) -> None:
        a = self.agenda
        if a is None:
            text = LOADING
        elif a.workers == 0:
            text = EMPTY_FILE
        elif not a.lines:
            text = EMPTY_MONTH
        else:
            text = EMPTY_CHIP
        self.view.set_empty_text(text)

    def _ids(self, chip: str, sort: str, descending: bool) -> list[int]:
        lines = self.lines
        if chip == OVERDUE:
            lines = [x for x in lines if x.r.overdue]
        elif chip == TODAY:
            lines = [x for x in lines if x.today]
        elif chip != ALL:
            lines = [x for x in lines if x.r.area == chip]
        key = _SORT.get(sort)
        ordered = sorted(lines, key=key) if key is not None else list(lines)  # "day": the agenda's own order
        if descending:
            ordered.reverse()
        return [x.id for x in ordered]

    def _rows(self, ids: list[int]) -> list[Line]:
        return [self._by_id[i] for i in ids if i in self._by_id]

    def current_line(self) -> Line | None:
        rid = self.view.current_id()
        return self._by_id.get(rid) if rid is not None else None

    def _line_id(self, r: Reminder, used: set[int]) -> int:
        key: tuple[object, ...] = (r.area, r.ref_kind, r.ref_id, r.kind_label, r.day)
        while True:  # two lines alike in every part still get an id each
            line_id = self._line_ids.setdefault(key, len(self._line_ids))
            if line_id not in used:
                used.add(line_id)
                return line_id
            key += ("again",)

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self.current_line() is not None and self.show_tab is not None)

    def open_current(self) -> bool:
        """Open the selected line's record in its tab; False (and a word in the status bar) when not found."""
        line = self.current_line()
        if line is None or self.show_tab is None:
            return False
        if open_reminder(self.show_tab, line.r):
            return True
        window: Any = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"没有找到“{line.r.name}”的这条记录（可能已归档或已办结），请点“刷新”", 10000
            )
        return False

    def save_state(self) -> None:
        self.view.save_layout()
        prefs.settings().setValue("home/splitter", self.splitter.saveState())
