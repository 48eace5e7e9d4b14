"""维权诉求: the requests this account may see (管理员 and 审批/领导 all, a 经办 her own, 只读 none — decided by the
service), the selected one's steps and history, and for the leaders the yearly summary for HQ and the list workbook.

Requests are few (dozens a year), so the list is a plain table filled from the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import rights_requests as C
from desktop.core.dates import format_date
from desktop.core.errors import DomainError, PermissionDenied
from desktop.core.idcard import mask
from desktop.core.roles import Permission
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.rights import requests as R
from desktop.ui import prompts
from desktop.ui.activities import io_actions as io
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.rights.dialogs import RequestDialog
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection, history_lines
from desktop.ui.widgets.record_table import RecordTable

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
    "category": lambda v: C.CATEGORIES.get(v, v),
    "outcome": lambda v: C.OUTCOMES.get(v, v),
    "satisfaction": lambda v: C.SATISFACTION.get(v, v),
}
WRITE = ["rights", "edit"]  # 领导 (RIGHTS) and 经办 (EDIT) both write here; 只读 does not
LEADERS = ["rights"]


class RightsTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.last_task: Any = None
        self.rows: dict[int, R.RequestRow] = {}

        self.toolbar = QToolBar("维权诉求")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, slot, needs in (
            ("new", "登记诉求", self.add, WRITE),
            ("edit", "编辑诉求", self.edit, WRITE),
            ("archive", "归档诉求", self.archive, WRITE),
            (None, "", None, None),
            ("print", "打印年度汇总表", self.print_summary, LEADERS),
            ("export_summary", "导出年度汇总", self.export_summary, LEADERS),
            ("export", "导出诉求清单", self.export, LEADERS),
        ):
            if key is None:
                self.toolbar.addSeparator()
                continue
            action = QAction(text, self)
            action.setProperty("permissions", needs)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.actions_[key] = action

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.scope = QComboBox()
        self.scope.addItem("在用的记录", False)
        self.scope.addItem("已归档的记录", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.open_only = QCheckBox("只看办理中")
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、诉求内容或编号")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        bar = QHBoxLayout()
        for label, widget in (("年度", self.year), ("范围", self.scope), ("查找", self.search)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#444")

        self.view = RecordTable(
            ["编号", "姓名", "单位", "诉求类别", "诉求内容", "受理日期", "所处阶段", "办理情况", "满意度"], 4
        )
        self.view.itemSelectionChanged.connect(self._selected)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.detail = DetailPane(empty_text="选中一件诉求查看办理经过和修改记录")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 500])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addLayout(bar)
        lay.addWidget(self.note)
        lay.addWidget(split, 1)
        self.reload()

    def reload(self) -> None:
        try:
            with self.db.read() as s:
                sc = R.scope(s)
                rows = R.list_requests(
                    s,
                    year=self.year.value(),
                    text=self.search.text(),
                    archived=bool(self.scope.currentData()),
                    open_only=self.open_only.isChecked(),
                )
        except PermissionDenied as exc:
            self.rows = {}
            self.view.fill([], [])
            self.view.setEnabled(False)
            self.note.setText(exc.message)
            self.detail.show_empty(exc.message)
            self._enable()
            return
        self.rows = {r.id: r for r in rows}
        self.view.setEnabled(True)
        self.view.fill(
            [r.id for r in rows],
            [
                [
                    r.serial,
                    r.name,
                    r.unit,
                    r.category_label,
                    r.summary,
                    format_date(r.received_on),
                    r.stage_label,
                    r.status_text,
                    r.satisfaction_label,
                ]
                for r in rows
            ],
        )
        notes = [] if sc.everything else [OWN_ONLY]
        if not rows and not self.scope.currentData() and not self.search.text():
            notes.append(EMPTY)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self.actions_["archive"].setText("恢复诉求" if self.scope.currentData() else "归档诉求")
        self._selected()

    def current(self) -> R.RequestRow | None:
        rid = self.view.current_id()
        return self.rows.get(rid) if rid is not None else None

    def _selected(self) -> None:
        r = self.current()
        if r is None:
            self.detail.show_empty()
        else:
            with self.db.read() as s:
                entries = audit.history(s, R.ENTITY, r.id)
            self.detail.show_record(
                f"{r.serial} · {r.name} · {r.category_label}",
                self._sections(r),
                history_lines(entries, labels=LABELS, formats=FORMATS),
            )
        self._enable()

    @staticmethod
    def _sections(r: R.RequestRow) -> list[DetailSection]:
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

    def _enable(self) -> None:
        live = not self.scope.currentData()
        chosen = self.current() is not None
        writes = self.db.can(Permission.RIGHTS) or self.db.can(Permission.EDIT)
        self.actions_["new"].setEnabled(live and writes)
        self.actions_["edit"].setEnabled(live and writes and chosen)
        self.actions_["archive"].setEnabled(writes and chosen)
        for key in ("print", "export_summary", "export"):
            self.actions_[key].setEnabled(self.db.can(Permission.RIGHTS))

    # -- outputs ---------------------------------------------------------------------------------------------
    def print_summary(self) -> None:
        from desktop.services.rights.outputs import summary_pdf

        db, year = self.db, self.year.value()
        self.last_task = io.print_pdf(
            self, "职工维权诉求年度汇总表", lambda out, job: summary_pdf(db, out, year=year, job=job)
        )

    def export_summary(self) -> None:
        from desktop.services.rights.outputs import export_summary

        db, year = self.db, self.year.value()
        self.last_task = io.export_xlsx(
            self,
            "导出年度汇总",
            f"{year}年维权诉求汇总",
            lambda path, job: export_summary(db, path, year=year, job=job),
        )

    def export(self) -> None:
        from desktop.services.rights.outputs import export_requests

        db, year = self.db, self.year.value()
        self.last_task = io.export_xlsx(
            self, "导出诉求清单", f"{year}年维权诉求", lambda path, job: export_requests(db, path, year=year, job=job)
        )

    # -- writing ---------------------------------------------------------------------------------------------
    def after_change(self, select_id: int | None = None) -> None:
        self.reload()
        if select_id is not None:
            self.view.set_current_id(select_id)
        self.changed.emit()

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
                R.set_archived(s, r.id, archived=not restore, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, f"{verb}诉求", exc)
            return
        self.after_change()

    def save_state(self) -> None:
        """Nothing to remember between sessions: the list fits its contents."""
