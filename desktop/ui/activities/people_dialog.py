"""添加参加人员: choose people from the roster by filters (unit, sex, age …), then tick who goes on the list.

The roster's filter bar narrows the list; once narrowed, every match starts ticked, so "甘河林场, 女" adds them
all in one click, while unticking (or searching a name) picks individuals. The dialog returns worker ids; the tab
calls the service, so nothing is written here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import enums
from desktop.core.idcard import mask
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.workers import WorkerFilter
from desktop.ui.widgets.filter_bar import AgeFilter, ComboFilter, FilterBar, UnitFilter

SHOWN = 2000  # ticking beyond this is not a selection any more; the count says so


class AddPeopleDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, title: str = "", exclude: set[int] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.exclude = exclude or set()
        self.setWindowTitle(f"添加参加人员 — {title}" if title else "添加参加人员")
        self.filter_bar = FilterBar(
            [
                UnitFilter(self._units),
                ComboFilter("sex", "性别", tuple(enums.SEX.items())),
                ComboFilter("status", "状态", tuple(enums.WORKER_STATUS.items())),
                AgeFilter(),
            ],
            placeholder="搜索姓名、身份证号、电话",
            count_format="共 {n} 人",
        )
        self.filter_bar.set_value("status", "on_roll")
        self.filter_bar.changed.connect(lambda _v: self.reload())
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda _i: self._count())
        self.info = QLabel()
        tick_all, tick_none = QPushButton("全选"), QPushButton("全不选")
        tick_all.clicked.connect(lambda: self._tick(True))
        tick_none.clicked.connect(lambda: self._tick(False))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(tick_all)
        row.addWidget(tick_none)
        row.addWidget(self.info, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        lay.addWidget(self.buttons)
        self.resize(760, 560)
        self.reload()

    def _units(self) -> list[office.UnitNode]:
        with self.db.read() as s:
            return office.unit_tree(s)

    def current_filter(self) -> WorkerFilter:
        v = self.filter_bar.values()
        return WorkerFilter(
            text=v["text"],
            unit_id=v["unit_id"],
            sex=v["sex"],
            status=v["status"],
            age_min=v["age_min"],
            age_max=v["age_max"],
        )

    def reload(self) -> None:
        with self.db.read() as s:
            ids = [i for i in workers.worker_ids(s, self.current_filter(), sort="unit") if i not in self.exclude]
            rows = workers.fetch_rows(s, ids[:SHOWN])
        self.total = len(ids)
        # Matches start ticked only once the clerk narrowed the roster (a unit, sex, age or name): the whole
        # district ticked by default would be one careless click away from a 1,800-line sign-in sheet.
        v = self.filter_bar.values()
        narrowed = any(v[k] for k in ("unit_id", "sex", "age_min", "age_max", "text"))
        tick = Qt.CheckState.Checked if narrowed else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        self.list.clear()
        for r in rows:
            item = QListWidgetItem(
                f"{r.name}　{enums.label(enums.SEX, r.sex)}　{r.unit_name}　{r.post}　{mask(r.id_number)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(tick)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.filter_bar.set_result_count(self.total)
        self._count()

    def _tick(self, on: bool) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._count()

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        n = len(self.chosen())
        more = f"（只列出前{SHOWN}人，请缩小筛选范围）" if self.total > SHOWN else ""
        already = f"；已在名单上的{len(self.exclude)}人未列出" if self.exclude else ""
        self.info.setText(f"已勾选 {n} 人{more}{already}")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"添加 {n} 人")
        ok.setEnabled(n > 0)

    def run(self) -> list[int] | None:
        return self.chosen() if self.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, title: str = "", exclude: set[int] | None = None
    ) -> list[int] | None:
        return cls(parent, db, title, exclude).run()
