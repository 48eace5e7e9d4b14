"""活动: the activities of the year (lazy table), the selected one's participants below, its details and
attachments at the right; toolbar actions print the sign-in sheet and the record form."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.activities import KINDS, yuan
from desktop.services import audit
from desktop.services.activities import attachments, records
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.activities.dialogs import ActivityDialog
from desktop.ui.activities.people_page import PeoplePanel
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection, history_lines
from desktop.ui.widgets.filter_bar import ComboFilter, FilterDef
from desktop.ui.widgets.lazy_table import CENTER, RIGHT, Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import SEPARATOR, Action

COLUMNS: list[Column[records.ActivityRow]] = [
    Column("serial", "编号", lambda r: r.serial, sort="serial", width="活2026-0000"),
    Column(
        "starts_at",
        "时间",
        lambda r: records.format_when(r.starts_at, r.ends_at),
        sort="starts_at",
        width="2026-03-08 09:00–11:30",
    ),
    Column("brand", "品牌", lambda r: r.brand, sort="brand", width=6),
    Column("title", "活动名称", lambda r: r.title, sort="title", width=16, cell_tip=lambda r: r.title),
    Column("kind", "类型", lambda r: r.kind_label, sort="kind", align=CENTER, width=4),
    Column("place", "地点", lambda r: r.place, sort="place", width=8),
    Column("registered", "名单", lambda r: str(r.registered), align=RIGHT, width=3, tooltip="报名、签到和缺席的总人数"),
    Column("signed", "签到", lambda r: str(r.signed), align=RIGHT, width=3),
    Column("women", "女职工", lambda r: str(r.women_signed), align=RIGHT, width=3, tooltip="签到人员中的女职工"),
    Column(
        "actual",
        "支出（元）",
        lambda r: yuan(r.actual_fen) if r.actual_fen else "",
        sort="actual_fen",
        align=RIGHT,
        width=6,
        fit=True,
    ),
]
LABELS = {
    "brand_id": "品牌",
    "title": "活动名称",
    "kind": "活动类型",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "place": "地点",
    "organiser": "组织者",
    "target_group": "参加对象",
    "budget_fen": "预算",
    "actual_fen": "实际支出",
    "summary": "活动内容及效果",
}
FILE_FILTER = "照片和文件 (*.jpg *.jpeg *.png *.gif *.bmp *.pdf *.doc *.docx *.xls *.xlsx *.txt);;所有文件 (*)"
EMPTY = "还没有活动 — 点“新建活动”登记一次品牌活动"
EMPTY_FILTERED = "没有符合筛选条件的活动 — 点“清除筛选”查看全部"


class ActivitiesPage(ListPage[records.ActivityRow]):
    toolbar_title = "活动"
    columns = COLUMNS
    layout_key = "activities"
    empty_text = EMPTY
    empty_filtered_text = EMPTY_FILTERED
    detail_text = "选中一项活动，这里显示详情、附件和修改记录"
    placeholder = "搜索活动名称、地点、组织者、编号"
    count_format = "共 {n} 项"
    default_sort = "starts_at"
    sort_column, sort_descending = 1, True  # newest first (时间)
    context_menu = True
    split_sizes = (920, 330)
    last_task: Any = None

    def filters(self) -> list[FilterDef]:
        year = self.today().year
        with self.db.read() as s:
            brands = records.list_brands(s)
        return [
            ComboFilter("year", "年度", tuple((y, f"{y}年") for y in range(year + 1, year - 6, -1))),
            ComboFilter("brand_id", "品牌", tuple((b.id, b.name) for b in brands)),
            ComboFilter("kind", "类型", tuple(KINDS.items())),
            ComboFilter("archived", "范围", ((True, "已归档"),)),
        ]

    def filter_defaults(self) -> dict[str, Any]:
        return {"year": self.today().year}

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "新建活动", self.add),
            Action("edit", "编辑", self.edit, row=True),
            Action("archive", "归档", self.archive, row=True),
            SEPARATOR,
            Action("signin", "打印签到表", lambda: self.print_signin(False), row=True),
            Action("blank", "打印空白签到表", lambda: self.print_signin(True), row=True),
            Action("record", "打印活动记录表", self.print_record, row=True),
            SEPARATOR,
            Action("export", "导出", self.export),
            Action("brand", "新增品牌…", self.add_brand),
        ]

    def table_area(self) -> QWidget:
        """The activities above, the selected one's participants below."""
        self.people = PeoplePanel(self.db)
        self.people.changed.connect(self._people_changed)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.view)
        left.addWidget(self.people)
        left.setSizes([300, 260])
        return left

    def detail_area(self) -> QWidget:
        """The detail pane with the activity's photos and files under it."""
        assert self.detail is not None
        self.files = QListWidget()
        self.files.setMaximumHeight(130)
        self.files.itemActivated.connect(lambda _i: self.open_attachment())
        self.file_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for key, text, slot in (
            ("add", "添加照片/文件…", self.add_attachment),
            ("open", "打开", self.open_attachment),
            ("remove", "移除", self.remove_attachment),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=slot: f())
            buttons.addWidget(button)
            self.file_buttons[key] = button
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.detail, 1)
        right_lay.addWidget(self.files)
        right_lay.addLayout(buttons)
        return right

    # -- data ----------------------------------------------------------------------------------------
    def current_filter(self) -> records.ActivityFilter:
        v = self.filter_bar.values()
        return records.ActivityFilter(
            text=v["text"], brand_id=v["brand_id"], kind=v["kind"], year=v["year"], archived=bool(v["archived"])
        )

    query = current_filter

    def fetch_ids(self, query: records.ActivityFilter, sort: str, descending: bool) -> list[int]:
        with self.db.read() as s:
            return records.activity_ids(s, query, sort=sort, descending=descending)

    def fetch_rows(self, ids: list[int]) -> list[records.ActivityRow]:
        with self.db.read() as s:
            return records.fetch_rows(s, ids)

    def apply_filter(self) -> None:
        super().apply_filter()
        self.actions_["archive"].setText("恢复" if self.current_filter().archived else "归档")

    def _people_changed(self) -> None:
        self.model.refresh()  # the counts in the list
        self.show_detail(self.current())
        self.changed.emit()

    def current_changed(self, row: records.ActivityRow | None) -> None:
        archived = self.current_filter().archived
        self.people.show_activity(row.id if row else None, row.title if row else "", archived)
        if row is None:
            self.show_detail(None)  # the attachments go with the detail

    def show_detail(self, row: records.ActivityRow | None) -> None:
        assert self.detail is not None
        self.files.clear()
        for button in self.file_buttons.values():
            button.setEnabled(row is not None)
        if row is None:
            self.detail.show_empty()
            return
        with self.db.read() as s:
            entries = audit.history(s, records.ENTITY, row.id)
            files = attachments.attachments(s, row.id)
        rows = [
            DetailRow("品牌", row.brand),
            DetailRow("类型", row.kind_label),
            DetailRow("时间", records.format_when(row.starts_at, row.ends_at)),
            DetailRow("地点", row.place),
            DetailRow("组织者", row.organiser),
            DetailRow("参加对象", row.target_group),
            DetailRow(
                "人数", f"名单{row.registered}人，签到{row.signed}人（女职工{row.women_signed}人），缺席{row.absent}人"
            ),
            DetailRow("经费", f"预算 {yuan(row.budget_fen)} 元，实际支出 {yuan(row.actual_fen)} 元"),
            DetailRow("内容及效果", row.summary),
        ]
        lines = history_lines(
            entries, labels=LABELS, formats={"budget_fen": yuan, "actual_fen": yuan, "kind": lambda c: KINDS.get(c, c)}
        )
        self.detail.show_record(f"{row.serial} · {row.title}", [DetailSection("活动", rows)], lines)
        for f in files:
            item = QListWidgetItem(f"{f.kind_label}：{f.caption or f.file_name}（{f.size // 1024 + 1} KB）")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(f.file_name)
            self.files.addItem(item)

    # -- actions -------------------------------------------------------------------------------------
    def add(self) -> None:
        new_id = ActivityDialog.ask(self, self.db)
        if new_id is not None:
            if self.filter_bar.is_filtered():
                self.filter_bar.clear()  # the new activity must be visible, whatever year it is in
            self.after_change(new_id)

    def edit(self) -> None:
        row = self.current()
        if row is not None and ActivityDialog.ask(self, self.db, row.id) is not None:
            self.after_change(row.id)

    def archive(self) -> None:
        row = self.current()
        if row is None:
            return
        restore = self.current_filter().archived
        verb = "恢复" if restore else "归档"
        note = "" if restore else "\n\n归档后不再计入参与统计，记录和附件仍保留，可在“范围：已归档”中恢复。"
        if not prompts.confirm(self, f"{verb}活动", f"{verb}“{row.title}”？{note}", ok=verb):
            return
        with self.db.write() as s:
            records.set_archived(s, [row.id], archived=not restore, actor=self.db.actor)
        self.after_change()

    def print_signin(self, blank: bool) -> None:
        from desktop.services.activities.printing import signin_pdf

        row = self.current()
        if row is not None:
            db = self.db
            self.last_task = io_actions.print_pdf(
                self,
                "活动签到表",
                lambda out, job: signin_pdf(db, out, activity=row.id, blank=blank, job=job),
                full_phones=None
                if blank
                else lambda out, job: signin_pdf(db, out, activity=row.id, full_phones=True, job=job),
            )

    def print_record(self) -> None:
        from desktop.services.activities.printing import record_pdf

        row = self.current()
        if row is not None:
            db = self.db
            self.last_task = io_actions.print_pdf(
                self, "活动记录表", lambda out, job: record_pdf(db, out, activity=row.id)
            )

    def export(self) -> None:
        from desktop.services.activities.export import export_activities

        db, flt = self.db, self.current_filter()
        sort, desc = self.model.sort_key, self.model.descending
        self.last_task = io_actions.export_xlsx(
            self,
            "导出品牌活动",
            "品牌活动",
            lambda path, job: export_activities(db, path, flt, sort=sort, descending=desc, job=job),
        )

    def add_brand(self) -> None:
        name, ok = QInputDialog.getText(self, "新增品牌", "品牌名称（如本单位自创的活动品牌）：")
        if not ok or not name.strip():
            return
        try:
            with self.db.write() as s:
                records.add_brand(s, name=name, actor=self.db.actor)
        except Exception as exc:
            prompts.show_error(self, "新增品牌", exc)
            return
        prompts.inform(self, "新增品牌", f"已新增品牌“{''.join(name.split())}”，新建活动时可以选择。")

    def add_attachment(self) -> None:
        row = self.current()
        if row is None:
            return
        path = prompts.open_file(self, "添加照片或文件", FILE_FILTER)
        if path is None:
            return
        try:
            with self.db.write() as s:
                attachments.add_file(s, row.id, path, actor=self.db.actor)
        except Exception as exc:
            prompts.show_error(self, "添加附件", exc)
            return
        self.show_detail(self.current())

    def _attachment_id(self) -> int | None:
        item = self.files.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_attachment(self) -> None:
        att, row = self._attachment_id(), self.current()
        if att is None or row is None:
            return
        with self.db.read() as s:
            name = next((f.file_name for f in attachments.attachments(s, row.id) if f.id == att), "附件")
            target = attachments.save_copy(s, att, Path(tempfile.mkdtemp(prefix="union-desk-file-")) / name)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def remove_attachment(self) -> None:
        att = self._attachment_id()
        if att is None or not prompts.confirm(self, "移除附件", "从本活动移除选中的附件？", ok="移除"):
            return
        with self.db.write() as s:
            attachments.remove_attachment(s, att, actor=self.db.actor)
        self.show_detail(self.current())
