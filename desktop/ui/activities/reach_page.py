"""参与统计: women's participation rate per unit, per brand, and the women who took part in nothing this year.

The unit and brand tables are summaries (one row per unit or brand) in plain QTableWidgets; the women not
reached (a few hundred names at most) are a short list — what the union phones or visits next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.activities import format_rate, rate
from desktop.services.activities import reach
from desktop.services.database import Database
from desktop.ui.activities import io_actions
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.short_list import ShortListModel, ShortListView

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    # Every column as wide as its text, the name column too: stretched, it was the one squeezed to
    # "甘河林场…" at 特大. Numbers stay next to their names; a narrow window scrolls instead.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(False)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if isinstance(value, int) or str(value).endswith("%"):
                item.setTextAlignment(RIGHT)
            else:
                item.setToolTip(str(value).strip("\u3000"))  # the whole text, should the clerk narrow a column
            table.setItem(r, c, item)


# The women not reached: a short list of people, every column as wide as its text.
MISSING_COLUMNS: list[Column[reach.NotReachedRow]] = [
    Column("unit", "单位", lambda m: m.unit),
    Column("name", "姓名", lambda m: m.name),
    Column("age", "年龄", lambda m: str(m.age), align=RIGHT),
    Column("post", "岗位", lambda m: m.post),
    Column("phone", "联系电话", lambda m: m.phone),
]


class ReachPage(QWidget):
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.db = db
        self.today = today
        self.last_task: Any = None
        self._missing_rows: list[reach.NotReachedRow] = []
        year = today().year
        self.year = QComboBox()
        for y in range(year, year - 6, -1):
            self.year.addItem(f"{y}年", y)
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        export = QPushButton("导出统计…")
        export.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        # The list of women not reached goes round the sections: phones leave masked unless asked for.
        self.full_phones = QCheckBox("含完整电话号码")
        top.addWidget(self.full_phones)
        top.addWidget(export)
        self.units = _table(
            ("单位（含下级）", "在册女职工", "参加过的女职工", "女职工参与率", "在册职工", "参加过的职工", "职工参与率")
        )
        self.brands = _table(("品牌", "活动次数", "参加人次", "参加人数", "其中女职工"))
        self.missing_model: ShortListModel[reach.NotReachedRow] = ShortListModel(
            MISSING_COLUMNS, load=lambda _year: self._missing_rows, key=lambda m: m.worker_id, parent=self
        )
        self.missing = ShortListView(self.missing_model, fit_contents=True)
        self.missing_title = QLabel()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self._boxed("各单位参与率（签到即算参加，单位含其下级）", self.units))
        left.addWidget(self._boxed("各品牌参与情况", self.brands))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.missing_title)
        right_lay.addWidget(self.missing, 1)
        split.addWidget(right)
        split.setSizes([760, 480])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        # Filled when shown (ActivityTab calls reload() on every switch to this page): counting a year's
        # reach over a 20,000-worker roster takes over a second, and the tab opens on 活动.

    @staticmethod
    def _boxed(title: str, table: QTableWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(f"<b>{title}</b>"))
        lay.addWidget(table, 1)
        return box

    def current_year(self) -> int:
        return int(self.year.currentData())

    def reload(self) -> None:
        year = self.current_year()
        with self.db.read() as s:
            units = reach.unit_reach(s, year)
            brands = reach.brand_reach(s, year)
            missing = reach.women_not_reached(s, year, on=self.today())
            part, women, overall = reach.overall_women_rate(s, year)
        _fill(
            self.units,
            [
                (
                    "　" * u.reach.depth + u.unit,
                    u.reach.women,
                    u.reach.women_took_part,
                    format_rate(u.reach.women_rate),
                    u.reach.people,
                    u.reach.people_took_part,
                    format_rate(u.reach.people_rate),
                )
                for u in units
            ],
        )
        _fill(self.brands, [(b.brand, b.activities, b.person_times, b.people, b.women) for b in brands])
        self._missing_rows = missing
        self.missing_model.set_query(year)
        self.summary.setText(f"　{year}年女职工参与率 {format_rate(overall)}（{part}/{women}人）")
        share = format_rate(rate(len(missing), women))
        self.missing_title.setText(f"<b>{year}年未参加任何活动的在册女职工：{len(missing)}人（{share}）</b>")

    def export(self) -> None:
        from desktop.services.activities.export import export_reach

        db, year, full = self.db, self.current_year(), self.full_phones.isChecked()
        self.last_task = io_actions.export_xlsx(
            self,
            "导出参与统计",
            "参与统计",
            lambda path, job: export_reach(db, path, year=year, full_phones=full, job=job),
        )
