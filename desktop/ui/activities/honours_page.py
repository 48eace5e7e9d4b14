"""荣誉登记: the honours register by year — register, edit, archive, print a certificate, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget

from desktop.core.activities import HONOUR_LEVELS
from desktop.core.dates import format_date
from desktop.services.activities import honours as H
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.activities import io_actions as io
from desktop.ui.activities.dialogs import HonourDialog
from desktop.ui.widgets.filter_bar import ComboFilter, FilterBar
from desktop.ui.widgets.lazy_table import CENTER, Column, LazyTableModel, LazyTableView

COLUMNS: list[Column[H.HonourRow]] = [
    Column("serial", "证书编号", lambda r: r.serial, width="证2026-00000"),
    Column("year", "年度", lambda r: str(r.year), align=CENTER, width=4),
    Column("title", "荣誉名称", lambda r: r.title, width=9),
    Column("level", "级别", lambda r: r.level_label, align=CENTER, width=4),
    Column("name", "姓名", lambda r: r.name, width=5),
    Column("family", "家庭", lambda r: r.family_name, width=7),
    Column("unit", "单位", lambda r: r.unit, width=9, fit=True),
    Column("activity", "相关活动", lambda r: r.activity_title, width=12, cell_tip=lambda r: r.activity_title),
    Column("awarded_by", "授予单位", lambda r: r.awarded_by, width=9),
    Column("awarded_on", "授予日期", lambda r: format_date(r.awarded_on), width="2026-01-01"),
]
EMPTY = "还没有荣誉记录 — 点“登记荣誉”，或在活动的参加人员中选中获奖者后点“登记荣誉”"


class HonoursPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.db = db
        self.last_task: Any = None
        year = today().year
        self.filter_bar = FilterBar(
            [
                ComboFilter("year", "年度", tuple((y, f"{y}年") for y in range(year + 1, year - 11, -1))),
                ComboFilter("level", "级别", tuple(HONOUR_LEVELS.items())),
                ComboFilter("archived", "范围", ((True, "已归档"),)),
            ],
            placeholder="搜索荣誉名称、姓名、家庭、证书编号",
            count_format="共 {n} 条",
        )
        self.filter_bar.changed.connect(lambda _v: self.apply_filter())
        self.model: LazyTableModel[H.HonourRow] = LazyTableModel(COLUMNS, ids=self._ids, rows=self._rows, parent=self)
        self.view = LazyTableView(self.model, layout_key="honours", empty_text=EMPTY)
        self.view.activated.connect(lambda _i: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.model.modelReset.connect(self._enable)
        self.toolbar = QToolBar("荣誉")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (
            ("new", "登记荣誉", self.add),
            ("edit", "编辑", self.edit),
            ("archive", "归档", self.archive),
            ("certificate", "打印荣誉证书", self.print_certificate),
            ("export", "导出", self.export),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.actions_[key] = action
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.view, 1)
        self.apply_filter()

    def _query(self) -> dict[str, Any]:
        v = self.filter_bar.values()
        return {"year": v["year"], "level": v["level"], "text": v["text"], "archived": bool(v["archived"])}

    def _ids(self, q: dict[str, Any], _sort: str, _descending: bool) -> list[int]:
        with self.db.read() as s:
            rows = H.honour_rows(s, year=q["year"], text=q["text"], archived=q["archived"])
        return [r.id for r in rows if q["level"] in (None, r.level)]

    def _rows(self, ids: list[int]) -> list[H.HonourRow]:
        with self.db.read() as s:
            found = {r.id: r for r in H.honour_rows(s, ids=ids) + H.honour_rows(s, ids=ids, archived=True)}
        return [found[i] for i in ids if i in found]

    def apply_filter(self) -> None:
        self.model.set_query(self._query())
        self.filter_bar.set_result_count(self.model.rowCount())
        self.actions_["archive"].setText("恢复" if self._query()["archived"] else "归档")

    def after_change(self, select_id: int | None = None) -> None:
        self.model.refresh()
        if select_id is not None:
            self.view.set_current_id(select_id)
        self.filter_bar.set_result_count(self.model.rowCount())
        self.changed.emit()

    def _enable(self) -> None:
        chosen = self.view.current_id() is not None
        for key in ("edit", "archive", "certificate"):
            self.actions_[key].setEnabled(chosen)

    def current(self) -> H.HonourRow | None:
        hid = self.view.current_id()
        row_no = self.model.row_of(hid) if hid is not None else None
        return self.model.record(row_no) if row_no is not None else None

    def add(self) -> None:
        new_id = HonourDialog.ask(self, self.db)
        if new_id is not None:
            self.after_change(new_id)

    def edit(self) -> None:
        row = self.current()
        if row is not None and HonourDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def archive(self) -> None:
        row = self.current()
        if row is None:
            return
        restore = self._query()["archived"]
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(self, f"{verb}荣誉", f"{verb} {row.holder} 的“{row.title}”（{row.year}年）？", ok=verb):
            return
        with self.db.write() as s:
            H.set_archived(s, [row.id], archived=not restore, actor=self.db.actor)
        self.after_change()

    def print_certificate(self) -> None:
        from desktop.services.activities.printing import certificate_pdf

        row = self.current()
        if row is not None:
            db = self.db
            self.last_task = io.print_pdf(self, "荣誉证书", lambda out, job: certificate_pdf(db, out, honour=row.id))

    def export(self) -> None:
        from desktop.services.activities.export import export_honours

        db, year = self.db, self._query()["year"]
        self.last_task = io.export_xlsx(
            self, "导出荣誉登记", "荣誉记录", lambda path, job: export_honours(db, path, year=year, job=job)
        )
