"""维权诉求: the requests this account may see (管理员 and 审批/领导 all, a 经办 her own, 只读 none — decided by the
service), the selected one's steps and history, and for the leaders the yearly summary for HQ and the list workbook.

Requests are few (dozens a year), so the list is a short list read whole from the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.core import rights_requests
from desktop.core.dates import format_date
from desktop.core.errors import DomainError, PermissionDenied
from desktop.core.idcard import mask
from desktop.core.roles import Permission
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.rights import requests
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.rights.dialogs import RequestDialog
from desktop.ui.widgets.detail_pane import DetailRow, DetailSection, history_lines
from desktop.ui.widgets.lazy_table import Column
from desktop.ui.widgets.list_page import ListPage
from desktop.ui.widgets.toolbar import SEPARATOR, Action

EMPTY = "这一年还没有维权诉求 — 职工来访或来电反映问题时，点“登记诉求”"
OWN_ONLY = "经办账户只列出本人登记的诉求；全部诉求由管理员、审批/领导查看。"
LABELS = {
    "category": "诉求类别",
    "summary": "诉求内容",
    "received_on": "受理日期",
    "mediation_on": "调解日期",
    "arbitration_on": "仲裁日期",
    "litigation_on": "诉讼日期",
    "legal_aid_on": "转介法律援助",
    "closed_on": "办结日期",
    "outcome": "办理结果",
    "outcome_text": "结果说明",
    "satisfaction": "满意度",
    "notes": "备注",
}
FORMATS: dict[str, Callable[[Any], str]] = {
    "category": lambda v: rights_requests.CATEGORIES.get(v, v),
    "outcome": lambda v: rights_requests.OUTCOMES.get(v, v),
    "satisfaction": lambda v: rights_requests.SATISFACTION.get(v, v),
}
WRITE = ["rights", "edit"]  # 领导 (RIGHTS) and 经办 (EDIT) both write here; 只读 does not
LEADERS = ["rights"]


COLUMNS: list[Column[requests.RequestRow]] = [
    Column("serial", "编号", lambda r: r.serial, width="权2026-0000"),
    Column("name", "姓名", lambda r: r.name, width=3, fit=True),
    Column("unit", "单位", lambda r: r.unit, width=4, fit=True),
    Column("category", "诉求类别", lambda r: r.category_label, width=4, fit=True),
    Column("summary", "诉求内容", lambda r: r.summary, width=4),
    Column("received_on", "受理日期", lambda r: format_date(r.received_on), width="2026-01-01"),
    Column("stage", "所处阶段", lambda r: r.stage_label, width=4),
    Column("status", "办理情况", lambda r: r.status_text, width=4, fit=True),
    Column("satisfaction", "满意度", lambda r: r.satisfaction_label, width=3, fit=True),
]


class RightsTab(NoUnitPickers, ListPage[requests.RequestRow]):
    toolbar_title = "维权诉求"
    columns = COLUMNS
    detail_text = "选中一件诉求查看办理经过和修改记录"
    short = True  # requests are few (dozens a year)
    select_first = single_selection = True
    stretch, fit_contents = "summary", True  # every column as wide as its text; the request text gives way
    split_sizes, split_stretch = (820, 500), (3, 2)
    margins = (6, 4, 6, 4)
    last_task: Any = None
    denied = ""  # why this account sees no request at all (只读)
    everything = True  # the account sees every request, not only its own

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, today, parent)

    def toolbar_actions(self) -> list[Action | None]:
        return [
            Action("new", "登记诉求", self.add, permissions=WRITE),
            Action("edit", "编辑诉求", self.edit, permissions=WRITE),
            Action("archive", "归档诉求", self.archive, permissions=WRITE),
            SEPARATOR,
            Action("print", "打印年度汇总表", self.print_summary, permissions=LEADERS),
            Action("export_summary", "导出年度汇总", self.export_summary, permissions=LEADERS),
            Action("export", "导出诉求清单", self.export, permissions=LEADERS),
        ]

    def above_table(self) -> list[QWidget]:
        """The year, scope and search row (built here: the first read needs it), and the note under it."""
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.reload_list())
        self.scope = QComboBox()
        self.scope.addItem("在用的记录", False)
        self.scope.addItem("已归档的记录", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload_list())
        self.open_only = QCheckBox("只看办理中")
        self.open_only.toggled.connect(lambda _on: self.reload_list())
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、诉求内容或编号")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload_list())
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("年度", self.year), ("范围", self.scope), ("查找", self.search)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.open_only)
        row.addStretch(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#444")
        return [bar, self.note]

    # -- reading ---------------------------------------------------------------------------------------------
    def query(self) -> dict[str, Any]:
        return {
            "year": self.year.value(),
            "text": self.search.text(),
            "archived": bool(self.scope.currentData()),
            "open_only": self.open_only.isChecked(),
        }

    def load_rows(self, query: dict[str, Any]) -> list[requests.RequestRow]:
        try:
            with self.db.read() as s:
                self.everything = requests.scope(s).everything
                self.denied = ""
                return requests.list_requests(s, **query)
        except PermissionDenied as exc:
            self.denied = exc.message
            return []

    def reload_list(self) -> None:
        """The year, scope or search changed: read the list again."""
        self.apply_filter()

    def list_loaded(self) -> None:
        self.view.setEnabled(not self.denied)
        if self.denied:
            self.note.setText(self.denied)
            self.note.setVisible(True)
            return
        notes = [] if self.everything else [OWN_ONLY]
        if not self.model.rowCount() and not self.scope.currentData() and not self.search.text():
            notes.append(EMPTY)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self.actions_["archive"].setText("恢复诉求" if self.scope.currentData() else "归档诉求")

    def current_changed(self, r: requests.RequestRow | None) -> None:
        live = not self.scope.currentData()
        chosen = r is not None
        writes = self.db.can(Permission.RIGHTS) or self.db.can(Permission.EDIT)
        self.actions_["new"].setEnabled(live and writes)
        self.actions_["edit"].setEnabled(live and writes and chosen)
        self.actions_["archive"].setEnabled(writes and chosen)
        for key in ("print", "export_summary", "export"):
            self.actions_[key].setEnabled(self.db.can(Permission.RIGHTS))

    def show_detail(self, r: requests.RequestRow) -> None:
        assert self.detail is not None
        with self.db.read() as s:
            entries = audit.history(s, requests.ENTITY, r.id)
        self.detail.show_record(
            f"{r.serial} · {r.name} · {r.category_label}",
            self._sections(r),
            history_lines(entries, labels=LABELS, formats=FORMATS),
        )

    @staticmethod
    def _sections(r: requests.RequestRow) -> list[DetailSection]:
        def day(d: date | None) -> str:
            return format_date(d) if d else "—"

        steps = [
            DetailRow("受理", day(r.received_on), f"登记人：{r.created_by}" if r.created_by else ""),
            DetailRow("调解", day(r.mediation_on)),
            DetailRow("仲裁", day(r.arbitration_on)),
            DetailRow("诉讼", day(r.litigation_on)),
            DetailRow("转介法律援助", day(r.legal_aid_on)),
            DetailRow("所处阶段", r.stage_label, "按已到达的最远一步"),
        ]
        done = [DetailRow("办理情况", r.status_text, format_date(r.closed_on) + "办结" if r.closed_on else "")]
        if r.closed_on:
            done += [DetailRow("结果说明", r.outcome_text or "—"), DetailRow("职工满意度", r.satisfaction_label)]
        rows = [
            DetailRow("职工", f"{r.name}（{mask(r.id_number)}）"),
            DetailRow("单位", r.unit),
            DetailRow("诉求类别", r.category_label),
            DetailRow("诉求内容", r.summary),
        ]
        if r.notes:
            rows.append(DetailRow("备注", r.notes))
        return [DetailSection("诉求", rows), DetailSection("办理经过", steps + done)]

    # -- outputs ---------------------------------------------------------------------------------------------
    def print_summary(self) -> None:
        from desktop.services.rights.outputs import summary_pdf

        db, year = self.db, self.year.value()
        self.last_task = io_actions.print_pdf(
            self, "职工维权诉求年度汇总表", lambda out, job: summary_pdf(db, out, year=year, job=job)
        )

    def export_summary(self) -> None:
        from desktop.services.rights.outputs import export_summary

        db, year = self.db, self.year.value()
        self.last_task = io_actions.export_xlsx(
            self,
            "导出年度汇总",
            f"{year}年维权诉求汇总",
            lambda path, job: export_summary(db, path, year=year, job=job),
        )

    def export(self) -> None:
        from desktop.services.rights.outputs import export_requests

        db, year = self.db, self.year.value()
        self.last_task = io_actions.export_xlsx(
            self, "导出诉求清单", f"{year}年维权诉求", lambda path, job: export_requests(db, path, year=year, job=job)
        )

    # -- writing ---------------------------------------------------------------------------------------------
    def add(self) -> None:
        new_id = RequestDialog.ask(self, self.db)
        if new_id is not None:
            self.scope.setCurrentIndex(0)
            self.after_change(new_id)

    def edit(self) -> None:
        r = self.current()
        if r is not None and not self.scope.currentData() and RequestDialog.ask(self, self.db, r.id) is not None:
            self.after_change(r.id)

    def archive(self) -> None:
        r = self.current()
        if r is None:
            return
        restore = bool(self.scope.currentData())
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(
            self, f"{verb}诉求", f"{verb}{r.name}{format_date(r.received_on)}受理的“{r.category_label}”诉求？", ok=verb
        ):
            return
        try:
            with self.db.write() as s:
                requests.set_archived(s, r.id, archived=not restore, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, f"{verb}诉求", exc)
            return
        self.after_change()
