"""特种病保险 (女职工特殊疾病互助保障): the year's enrolments and claims (two pages of one list area), the selected
record's details and history beside them, the year's totals above, and the ledger PDF and the workbook.

The lists are short lists read whole from the service for one year (a 20,000-worker file has about 8,000 women, so a
year's enrolments stay in the thousands); printing and exporting go through the background tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import special_insurance
from desktop.core.condolences import yuan
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.insurance import enrolments
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.insurance.dialogs import ClaimDialog, EnrolmentDialog
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection, history_lines
from desktop.ui.widgets.lazy_table import RIGHT, Column
from desktop.ui.widgets.short_list import ShortListModel, ShortListView
from desktop.ui.widgets.toolbar import SEPARATOR, Action, build_toolbar

ENROLMENTS, CLAIMS = 0, 1
EMPTY_ENROLMENTS = "这一年还没有参保登记 — 点“新增参保”，选女职工并填写保障期和缴费"
EMPTY_CLAIMS = "这一年还没有互助金申请 — 女职工确诊保障范围内的疾病后，点“新增申请”"
ENROLMENT_LABELS = {
    "plan_name": "保障计划",
    "coverage_start": "保障期起",
    "coverage_end": "保障期止",
    "premium_fen": "缴费",
    "payer": "缴费方",
    "notes": "备注",
}
CLAIM_LABELS = {
    "diagnosis": "诊断类别",
    "diagnosis_date": "确诊日期",
    "claimed_fen": "申请金额",
    "paid_fen": "给付金额",
    "documents": "已收材料",
    "received_on": "收到材料日期",
    "status": "办理状态",
    "decided_on": "给付/答复日期",
    "notes": "备注",
}
FORMATS: dict[str, Callable[[Any], str]] = {
    "premium_fen": lambda v: f"{yuan(v)}元" if v is not None else "",
    "claimed_fen": lambda v: f"{yuan(v)}元" if v is not None else "",
    "paid_fen": lambda v: f"{yuan(v)}元" if v is not None else "",
    "payer": lambda v: special_insurance.PAYERS.get(v, v),
    "diagnosis": lambda v: special_insurance.DIAGNOSES.get(v, v),
    "status": lambda v: special_insurance.CLAIM_STATUS.get(v, v),
    "documents": lambda v: special_insurance.documents_text(special_insurance.parse_documents(v or "")) or "无",
}


def _money(fen: int | None) -> str:
    return yuan(fen) if fen else ""


ENROLMENT_COLUMNS: list[Column[enrolments.EnrolmentRow]] = [
    Column("name", "姓名", lambda r: r.name, width=4, fit=True),
    Column("unit", "单位", lambda r: r.unit, width=8, fit=True),
    Column("id_number", "身份证号", lambda r: mask(r.id_number), width="150784**********27"),
    Column("period", "保障期", lambda r: r.period_text, width="2026-01-01 至 2026-12-31"),
    Column("premium", "缴费（元）", lambda r: yuan(r.premium_fen), align=RIGHT, width=5, fit=True),
    Column("payer", "缴费方", lambda r: r.payer_label, width=4),
    Column("claims", "申请", lambda r: f"{r.claims}件" if r.claims else "", width=3),
]
CLAIM_COLUMNS: list[Column[enrolments.ClaimRow]] = [
    Column("name", "姓名", lambda r: r.name, width=4, fit=True),
    Column("unit", "单位", lambda r: r.unit, width=8, fit=True),
    Column("diagnosis", "诊断类别", lambda r: r.diagnosis_label, width=5),
    Column("diagnosis_date", "确诊日期", lambda r: format_date(r.diagnosis_date), width="2026-01-01"),
    Column("claimed", "申请（元）", lambda r: yuan(r.claimed_fen), align=RIGHT, width=5, fit=True),
    Column("paid", "给付（元）", lambda r: _money(r.paid_fen), align=RIGHT, width=5, fit=True),
    Column("status", "状态", lambda r: r.status_label, width=4),
    Column("missing", "缺少材料", lambda r: r.missing_documents, width=8),
]


class InsuranceTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.last_task: Any = None
        self.enrolment_rows: dict[int, enrolments.EnrolmentRow] = {}
        self.claim_rows: dict[int, enrolments.ClaimRow] = {}

        self._build_toolbar()

        bar = self._filter_bar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = self._lists()
        self.detail = DetailPane(empty_text="选中一条参保登记或互助金申请查看详情和修改记录")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 500])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.reload()

    def _build_toolbar(self) -> None:
        self.toolbar, self.actions_ = build_toolbar(
            self,
            "特种病保险",
            [
                Action("new", "新增参保", self.add_enrolment),
                Action("edit", "编辑参保", self.edit_enrolment),
                Action("archive", "归档参保", self.archive_enrolment),
                SEPARATOR,
                Action("claim_new", "新增申请", self.add_claim),
                Action("claim_edit", "编辑申请", self.edit_claim),
                Action("claim_archive", "归档申请", self.archive_claim),
                SEPARATOR,
                Action("print", "打印台账", self.print_ledger),
                Action("export", "导出Excel", self.export),
            ],
        )

    def _filter_bar(self) -> QHBoxLayout:
        """Year, scope and search, with a button that clears them."""
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.scope = QComboBox()
        self.scope.addItem("在用的记录", False)
        self.scope.addItem("已归档的记录", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名或保障计划")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.reload())
        clear = QPushButton("清除筛选")
        clear.clicked.connect(self.clear_filters)
        bar = QHBoxLayout()
        for label, widget in (("年度", self.year), ("范围", self.scope), ("查找", self.search)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(clear)
        bar.addStretch(1)
        return bar

    def _lists(self) -> QWidget:
        """The enrolments and claims as two pages, with the note shown when a list is empty."""
        self.enrolment_model: ShortListModel[enrolments.EnrolmentRow] = ShortListModel(
            ENROLMENT_COLUMNS, load=lambda _q: list(self.enrolment_rows.values()), parent=self
        )
        self.claim_model: ShortListModel[enrolments.ClaimRow] = ShortListModel(
            CLAIM_COLUMNS, load=lambda _q: list(self.claim_rows.values()), parent=self
        )
        # Every column as wide as its text, the unit taking the room left (as the lists fit their contents).
        self.view = ShortListView(
            self.enrolment_model, select_first=True, single=True, stretch="unit", fit_contents=True
        )
        self.claims = ShortListView(self.claim_model, select_first=True, single=True, stretch="unit", fit_contents=True)
        for view in (self.view, self.claims):
            view.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.view.doubleClicked.connect(lambda _i: self.edit_enrolment())
        self.claims.doubleClicked.connect(lambda _i: self.edit_claim())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color:#444")
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.view, "参保登记")
        self.pages.addTab(self.claims, "互助金申请")
        self.pages.currentChanged.connect(lambda _i: self._selected())
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.pages, 1)
        left_lay.addWidget(self.empty)
        return left

    # -- reading ---------------------------------------------------------------------------------------------
    def archived_scope(self) -> bool:
        return bool(self.scope.currentData())

    def clear_filters(self) -> None:
        self.search.clear()
        self.scope.setCurrentIndex(0)

    def reload(self) -> None:
        year, text, archived = self.year.value(), self.search.text(), self.archived_scope()
        with self.db.read() as s:
            enrolment_list = enrolments.list_enrolments(s, year=year, text=text, archived=archived)
            claim_list = enrolments.list_claims(s, year=year, text=text, archived=archived)
            totals = enrolments.year_totals(s, year)
        self.enrolment_rows = {r.id: r for r in enrolment_list}
        self.claim_rows = {r.id: r for r in claim_list}
        self.summary.setText(totals.summary())
        # Both lists at once: the models read the rows just fetched, keeping each list's selection by id.
        self.enrolment_model.set_query(year)
        self.claim_model.set_query(year)
        self.pages.setTabText(ENROLMENTS, f"参保登记（{len(enrolment_list)}）")
        self.pages.setTabText(CLAIMS, f"互助金申请（{len(claim_list)}）")
        for key, verb in (("archive", "参保"), ("claim_archive", "申请")):
            self.actions_[key].setText(("恢复" if archived else "归档") + verb)
        self._selected()

    def current_enrolment(self) -> enrolments.EnrolmentRow | None:
        return self.enrolment_model.item(self.view.current_id())

    def current_claim(self) -> enrolments.ClaimRow | None:
        return self.claim_model.item(self.claims.current_id())

    def _selected(self) -> None:
        on_claims = self.pages.currentIndex() == CLAIMS
        empty = not (self.claim_rows if on_claims else self.enrolment_rows) and not self.archived_scope()
        self.empty.setText(EMPTY_CLAIMS if on_claims else EMPTY_ENROLMENTS)
        self.empty.setVisible(empty and not self.search.text())
        if on_claims:
            c = self.current_claim()
            if c is None:
                self.detail.show_empty()
            else:
                with self.db.read() as s:
                    entries = audit.history(s, enrolments.CLAIM_ENTITY, c.id)
                self.detail.show_record(
                    f"{c.name} · {c.diagnosis_label}",
                    self._claim_sections(c),
                    history_lines(entries, labels=CLAIM_LABELS, formats=FORMATS),
                )
        else:
            e = self.current_enrolment()
            if e is None:
                self.detail.show_empty()
            else:
                with self.db.read() as s:
                    entries = audit.history(s, enrolments.ENTITY, e.id)
                self.detail.show_record(
                    f"{e.name} · {e.plan_name}",
                    self._enrolment_sections(e),
                    history_lines(entries, labels=ENROLMENT_LABELS, formats=FORMATS),
                )
        self._enable()

    @staticmethod
    def _enrolment_sections(e: enrolments.EnrolmentRow) -> list[DetailSection]:
        rows = [
            DetailRow("女职工", f"{e.name}（{mask(e.id_number)}）"),
            DetailRow("单位", e.unit),
            DetailRow("保障计划", e.plan_name),
            DetailRow("保障期", e.period_text, f"到期前{special_insurance.RENEWAL_DAYS}天提醒续保"),
            DetailRow("缴费", f"{yuan(e.premium_fen)}元（{e.payer_label}）"),
            DetailRow("互助金申请", f"{e.claims}件" if e.claims else "无"),
        ]
        if e.notes:
            rows.append(DetailRow("备注", e.notes))
        return [DetailSection("参保登记", rows)]

    @staticmethod
    def _claim_sections(c: enrolments.ClaimRow) -> list[DetailSection]:
        paid = f"{yuan(c.paid_fen)}元" if c.paid_fen else "—"
        rows = [
            DetailRow("女职工", f"{c.name}（{mask(c.id_number)}）"),
            DetailRow("单位", c.unit),
            DetailRow("诊断类别", c.diagnosis_label),
            DetailRow("确诊日期", format_date(c.diagnosis_date), f"在“{c.plan_name}”保障期（{c.coverage_text}）内"),
            DetailRow("申请金额", f"{yuan(c.claimed_fen)}元"),
            DetailRow("给付金额", paid),
            DetailRow("办理状态", c.status_label, f"{format_date(c.decided_on)}给付/答复" if c.decided_on else ""),
            DetailRow(
                "已收材料",
                c.documents_text or "无",
                f"报送前还须收齐{c.missing_documents}" if c.missing_documents else "",
            ),
            DetailRow("收到材料日期", format_date(c.received_on) if c.received_on else "未填"),
        ]
        if c.notes:
            rows.append(DetailRow("备注", c.notes))
        return [DetailSection("互助金申请", rows)]

    def _enable(self) -> None:
        live = not self.archived_scope()
        e, c = self.current_enrolment(), self.current_claim()
        self.actions_["new"].setEnabled(live)
        self.actions_["claim_new"].setEnabled(live)
        self.actions_["edit"].setEnabled(live and e is not None)
        self.actions_["archive"].setEnabled(e is not None)
        self.actions_["claim_edit"].setEnabled(live and c is not None)
        self.actions_["claim_archive"].setEnabled(c is not None)

    # -- outputs ---------------------------------------------------------------------------------------------
    def print_ledger(self) -> None:
        from desktop.services.insurance.outputs import ledger_pdf

        db, year = self.db, self.year.value()
        self.last_task = io_actions.print_pdf(
            self, "女职工特殊疾病互助保障台账", lambda out, job: ledger_pdf(db, out, year=year, job=job)
        )

    def export(self) -> None:
        from desktop.services.insurance.outputs import export_insurance

        db, year = self.db, self.year.value()
        self.last_task = io_actions.export_xlsx(
            self,
            "导出特种病保险",
            f"{year}年特种病保险",
            lambda path, job: export_insurance(db, path, year=year, job=job),
        )

    # -- writing ---------------------------------------------------------------------------------------------
    def after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def add_enrolment(self) -> None:
        new_id = EnrolmentDialog.ask(self, self.db)
        if new_id is not None:
            self.pages.setCurrentIndex(ENROLMENTS)
            self.after_change()
            self.view.set_current_id(new_id)

    def edit_enrolment(self) -> None:
        e = self.current_enrolment()
        if e is not None and not self.archived_scope() and EnrolmentDialog.ask(self, self.db, e.id) is not None:
            self.after_change()

    def archive_enrolment(self) -> None:
        e = self.current_enrolment()
        if e is None:
            return
        restore = self.archived_scope()
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(
            self, f"{verb}参保登记", f"{verb}{e.name}“{e.plan_name}”{e.period_text}的参保登记？", ok=verb
        ):
            return
        self._write(
            f"{verb}参保登记",
            lambda s: enrolments.set_enrolment_archived(s, e.id, archived=not restore, actor=self.db.actor),
        )

    def add_claim(self) -> None:
        e = self.current_enrolment() if self.pages.currentIndex() == ENROLMENTS else None
        new_id = ClaimDialog.ask(self, self.db, worker_id=e.worker_id if e else None)
        if new_id is not None:
            self.pages.setCurrentIndex(CLAIMS)
            self.after_change()
            self.claims.set_current_id(new_id)

    def edit_claim(self) -> None:
        c = self.current_claim()
        if c is not None and not self.archived_scope() and ClaimDialog.ask(self, self.db, c.id) is not None:
            self.after_change()

    def archive_claim(self) -> None:
        c = self.current_claim()
        if c is None:
            return
        restore = self.archived_scope()
        verb = "恢复" if restore else "归档"
        what = f"{c.name}{format_date(c.diagnosis_date)}确诊{c.diagnosis_label}的申请"
        if not prompts.confirm(self, f"{verb}互助金申请", f"{verb}{what}？", ok=verb):
            return
        self._write(
            f"{verb}互助金申请",
            lambda s: enrolments.set_claim_archived(s, c.id, archived=not restore, actor=self.db.actor),
        )

    def _write(self, title: str, action: Callable[[Any], object]) -> None:
        try:
            with self.db.write() as s:
                action(s)
        except DomainError as exc:
            prompts.show_error(self, title, exc)
            return
        self.after_change()

    def save_state(self) -> None:
        """Nothing to remember between sessions: the lists fit their contents."""
