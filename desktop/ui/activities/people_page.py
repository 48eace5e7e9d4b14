"""The participants of the selected activity: add from the roster, sign in, mark absent, award, remove."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from desktop.core import enums
from desktop.services.activities import participants
from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.activities.dialogs import HonourDialog, ParticipantDialog
from desktop.ui.activities.people_dialog import AddPeopleDialog
from desktop.ui.widgets.lazy_table import CENTER, Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import Action

COLUMNS: list[Column[participants.ParticipantRow]] = [
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


class PeoplePanel(ListPage[participants.ParticipantRow]):
    toolbar_title = "参加人员"
    columns = COLUMNS
    layout_key = "activity_people"
    empty_text = NO_ACTIVITY
    detail_text = None
    default_sort = "unit"
    context_menu = True
    activity_id: int | None = None
    activity_title = ""
    archived = False

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.title = QLabel()
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.insertWidget(0, self.title)
        self._update_title()

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("add", "添加人员…", self.add),
            Action("signed", "签到", lambda: self.set_status("signed")),
            Action("absent", "缺席", lambda: self.set_status("absent")),
            Action("registered", "改回报名", lambda: self.set_status("registered")),
            Action("edit", "参加信息/获奖…", self.edit),
            Action("honour", "登记荣誉…", self.honour),
            Action("remove", "移出名单", self.remove),
        ]

    def query(self) -> int | None:
        return self.activity_id

    def fetch_ids(self, activity_id: int | None, sort: str, descending: bool) -> list[int]:
        if activity_id is None:
            return []
        with self.db.read() as s:
            return participants.participant_ids(s, activity_id, sort=sort, descending=descending)

    def fetch_rows(self, ids: list[int]) -> list[participants.ParticipantRow]:
        if self.activity_id is None:
            return []
        with self.db.read() as s:
            return participants.rows_by_ids(s, self.activity_id, ids)

    def show_activity(self, activity_id: int | None, title: str = "", archived: bool = False) -> None:
        self.activity_id, self.activity_title, self.archived = activity_id, title, archived
        self.apply_filter()
        self.view.set_empty_text(NO_ACTIVITY if activity_id is None else EMPTY)
        self._update_title()

    def _update_title(self) -> None:
        if self.activity_id is None:
            self.title.setText("<b>参加人员</b>")
            return
        rows = self.fetch_rows(self.model.ids())
        signed = sum(r.status == "signed" for r in rows)
        absent = sum(r.status == "absent" for r in rows)
        self.title.setText(
            f"<b>参加人员 — {self.activity_title}</b>　名单{len(rows)}人，签到{signed}人，缺席{absent}人"
        )

    def refresh(self) -> None:
        self.reload()
        self._update_title()
        self.changed.emit()

    def current_changed(self, row: participants.ParticipantRow | None) -> None:
        has_activity = self.activity_id is not None and not self.archived
        chosen = bool(self.view.selected_ids())
        self.actions_["add"].setEnabled(has_activity)
        for key in ("signed", "absent", "registered", "remove"):
            self.actions_[key].setEnabled(has_activity and chosen)
        for key in ("edit", "honour"):
            self.actions_[key].setEnabled(has_activity and self.view.current_id() is not None)

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        if self.activity_id is None:
            return
        with self.db.read() as s:
            present = {r.worker_id for r in participants.participant_rows(s, self.activity_id)}
        ids = AddPeopleDialog.ask(self, self.db, self.activity_title, present)
        if not ids:
            return
        try:
            with self.db.write() as s:
                participants.add_participants(s, self.activity_id, ids, actor=self.db.actor)
        except Exception as exc:  # shown to the clerk; nothing was written
            prompts.show_error(self, "添加人员", exc)
            return
        self.refresh()

    def set_status(self, status: str) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        try:
            with self.db.write() as s:
                participants.set_status(s, ids, status, actor=self.db.actor)
        except Exception as exc:
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
            participants.remove_participants(s, ids, actor=self.db.actor)
        self.refresh()
