"""The participants of the selected activity: add from the roster, sign in, mark absent, award, remove."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from desktop.core import enums
from desktop.services.activities import participants as P
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.activities.dialogs import HonourDialog, ParticipantDialog
from desktop.ui.activities.people_dialog import AddPeopleDialog
from desktop.ui.widgets.lazy_table import CENTER, Column, LazyTableModel, LazyTableView

COLUMNS: list[Column[P.ParticipantRow]] = [
    Column("unit", "单位", lambda r: r.unit, sort="unit", width=9, fit=True),
    Column("name", "姓名", lambda r: r.name, sort="name", width=5),
    Column("sex", "性别", lambda r: enums.label(enums.SEX, r.sex), align=CENTER, width=3),
    Column("phone", "电话", lambda r: r.phone, width="0470-3521234", fit=True),
    Column("status", "状态", lambda r: r.status_label, sort="status", align=CENTER, width=4),
    Column("role", "角色", lambda r: r.role_label, sort="role", align=CENTER, width=4),
    Column("hours", "时长", lambda r: "" if r.hours is None else f"{r.hours.normalize()}小时", align=CENTER, width=5),
    Column("award", "获奖", lambda r: r.award, sort="award", width=10, cell_tip=lambda r: r.award),
    Column(
        "family",
        "家庭",
        lambda r: f"{r.family_name}（{r.family_members}人）" if r.family_name else "",
        width=9,
        cell_tip=lambda r: r.family_member_names and f"家庭成员：{r.family_member_names}",
    ),
]
EMPTY = "还没有参加人员 — 点“添加人员”从职工名册按单位、性别等筛选添加"
NO_ACTIVITY = "在上方选中一项活动，这里列出它的报名和签到人员"


class PeoplePanel(QWidget):
    changed = Signal()

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.activity_id: int | None = None
        self.activity_title = ""
        self.model: LazyTableModel[P.ParticipantRow] = LazyTableModel(
            COLUMNS, ids=self._ids, rows=self._rows, default_sort="unit", parent=self
        )
        self.view = LazyTableView(self.model, layout_key="activity_people", empty_text=NO_ACTIVITY)
        self.view.activated.connect(lambda _i: self.edit())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.model.modelReset.connect(self._enable)
        self.title = QLabel()
        self.toolbar = QToolBar("参加人员")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (
            ("add", "添加人员…", self.add),
            ("signed", "签到", lambda: self.set_status("signed")),
            ("absent", "缺席", lambda: self.set_status("absent")),
            ("registered", "改回报名", lambda: self.set_status("registered")),
            ("edit", "参加信息/获奖…", self.edit),
            ("honour", "登记荣誉…", self.honour),
            ("remove", "移出名单", self.remove),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.actions_[key] = action
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.view, 1)
        self.show_activity(None)

    def _ids(self, activity_id: int | None, sort: str, descending: bool) -> list[int]:
        if activity_id is None:
            return []
        with self.db.read() as s:
            return P.participant_ids(s, activity_id, sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> list[P.ParticipantRow]:
        if self.activity_id is None:
            return []
        with self.db.read() as s:
            return P.rows_by_ids(s, self.activity_id, ids)

    def show_activity(self, activity_id: int | None, title: str = "", archived: bool = False) -> None:
        self.activity_id, self.activity_title, self.archived = activity_id, title, archived
        self.model.set_query(activity_id)
        self.view.set_empty_text(NO_ACTIVITY if activity_id is None else EMPTY)
        self._update_title()

    def _update_title(self) -> None:
        if self.activity_id is None:
            self.title.setText("<b>参加人员</b>")
            return
        rows = self._rows(self.model.ids())
        signed = sum(r.status == "signed" for r in rows)
        absent = sum(r.status == "absent" for r in rows)
        self.title.setText(
            f"<b>参加人员 — {self.activity_title}</b>　名单{len(rows)}人，签到{signed}人，缺席{absent}人"
        )

    def refresh(self) -> None:
        self.model.refresh()
        self._update_title()
        self._enable()
        self.changed.emit()

    def _enable(self) -> None:
        has_activity = self.activity_id is not None and not getattr(self, "archived", False)
        chosen = bool(self.view.selected_ids())
        self.actions_["add"].setEnabled(has_activity)
        for key in ("signed", "absent", "registered", "remove"):
            self.actions_[key].setEnabled(has_activity and chosen)
        for key in ("edit", "honour"):
            self.actions_[key].setEnabled(has_activity and self.view.current_id() is not None)

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in self.actions_.values():
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def current(self) -> P.ParticipantRow | None:
        pid = self.view.current_id()
        row_no = self.model.row_of(pid) if pid is not None else None
        return self.model.record(row_no) if row_no is not None else None

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        if self.activity_id is None:
            return
        with self.db.read() as s:
            present = {r.worker_id for r in P.participant_rows(s, self.activity_id)}
        ids = AddPeopleDialog.ask(self, self.db, self.activity_title, present)
        if not ids:
            return
        try:
            with self.db.write() as s:
                P.add_participants(s, self.activity_id, ids, actor=self.db.actor)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk; nothing was written
            prompts.show_error(self, "添加人员", exc)
            return
        self.refresh()

    def set_status(self, status: str) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        try:
            with self.db.write() as s:
                P.set_status(s, ids, status, actor=self.db.actor)
        except Exception as exc:  # noqa: BLE001
            prompts.show_error(self, "修改签到状态", exc)
            return
        self.refresh()

    def edit(self) -> None:
        row = self.current()
        if row is not None and ParticipantDialog.ask(self, self.db, row.id, row.name) is not None:
            self.refresh()

    def honour(self) -> None:
        row = self.current()
        if (
            row is not None
            and HonourDialog.ask(self, self.db, worker_id=row.worker_id, activity_id=self.activity_id) is not None
        ):
            self.changed.emit()

    def remove(self) -> None:
        ids = self.view.selected_ids()
        if not ids or not prompts.confirm(
            self, "移出名单", f"把选中的 {len(ids)} 人移出本活动名单？\n\n移出后不计入人数，可再次添加恢复。", ok="移出"
        ):
            return
        with self.db.write() as s:
            P.remove_participants(s, ids, actor=self.db.actor)
        self.refresh()
