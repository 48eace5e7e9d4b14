"""需求调研: the surveys (问卷, 座谈, 走访) on the left; on the right the selected survey's answers, its results by
age band, post, unit or group, and the 职工需求清单 whose needs move 收集 → 办理 → 回访.

Surveys, answers and needs are few (dozens of surveys, hundreds of answers), so every list is a plain table filled
from the service; the rules and their messages are desktop.core.surveys's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import surveys as C
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.services.database import Database
from desktop.services.surveys import surveys as V
from desktop.ui import prompts
from desktop.ui.activities import io_actions as io
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.surveys.dialogs import AnswerDialog, NeedDialog, QuestionDialog, StepDialog, SurveyDialog
from desktop.ui.tab_io import EXCEL_FILTER
from desktop.ui.widgets.record_table import RecordTable

EMPTY = "还没有调研 — 点“新建调研”登记一次问卷调查、座谈或走访"
NEXT = {"collected": "handling", "handling": "revisited"}


class SurveyTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.last_task: Any = None
        self.surveys: dict[int, V.SurveyRow] = {}
        self.responses: dict[int, V.ResponseRow] = {}
        self.needs: dict[int, V.NeedRow] = {}

        self.toolbar = QToolBar("需求调研")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (
            ("new", "新建调研", self.add_survey),
            ("edit", "编辑调研", self.edit_survey),
            ("question", "添加题目", self.add_question),
            ("archive", "归档调研", self.archive_survey),
            (None, "", None),
            ("answer", "录入答卷", self.add_answer),
            ("import", "导入答卷…", self.import_answers),
            ("results", "导出调研结果", self.export_results),
            (None, "", None),
            ("need", "登记需求", self.add_need),
            ("edit_need", "修改需求", self.edit_need),
            ("handle", "转入办理", self.handle),
            ("revisit", "回访", self.revisit),
            ("archive_need", "归档需求", self.archive_need),
            ("print", "打印需求清单", self.print_needs),
            ("export", "导出需求清单", self.export_needs),
        ):
            if key is None:
                self.toolbar.addSeparator()
                continue
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.actions_[key] = action

        self.scope = QComboBox()
        self.scope.addItem("在用的调研", False)
        self.scope.addItem("已归档的调研", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.note = QLabel()
        self.note.setStyleSheet("color:#444")
        self.survey_view = RecordTable(["调研名称", "方式", "日期", "题目", "答卷", "需求"], 0)
        self.survey_view.itemSelectionChanged.connect(self._survey_selected)
        self.survey_view.doubleClicked.connect(lambda _i: self.edit_survey())

        self.answer_view = RecordTable(["姓名"], 0)
        self.answer_view.doubleClicked.connect(lambda _i: self.edit_answer())
        self.dimension = QComboBox()
        for code, label in C.DIMENSIONS.items():
            self.dimension.addItem(f"按{label}", code)
        self.dimension.currentIndexChanged.connect(lambda _i: self._fill_results())
        self.result_view = RecordTable(["题目", "分组", "答题人数", "各选项人数（占答题人数）"], 3)
        results = QWidget()
        rl = QVBoxLayout(results)
        rl.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("分组"))
        row.addWidget(self.dimension)
        row.addStretch(1)
        rl.addLayout(row)
        rl.addWidget(self.result_view, 1)
        self.status = QComboBox()
        self.status.addItem("全部状态", "")
        for code, label in C.STATUSES.items():
            self.status.addItem(label, code)
        self.status.currentIndexChanged.connect(lambda _i: self._fill_needs())
        self.need_scope = QComboBox()
        self.need_scope.addItem("全部需求", "all")
        self.need_scope.addItem("选中调研的需求", "survey")
        self.need_scope.addItem("已归档的需求", "archived")
        self.need_scope.currentIndexChanged.connect(lambda _i: self._fill_needs())
        self.need_view = RecordTable(["需求内容", "类别", "提出人", "状态", "收集", "办理", "回访"], 0)
        self.need_view.itemSelectionChanged.connect(self._enable)
        self.need_view.doubleClicked.connect(lambda _i: self.edit_need())
        needs = QWidget()
        nl = QVBoxLayout(needs)
        nl.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        for label, widget in (("范围", self.need_scope), ("状态", self.status)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        nl.addLayout(row)
        nl.addWidget(self.need_view, 1)
        self.pages = QTabWidget()
        self.pages.addTab(self.answer_view, "答卷")
        self.pages.addTab(results, "调研结果")
        self.pages.addTab(needs, "职工需求清单")

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("范围"))
        row.addWidget(self.scope)
        row.addStretch(1)
        ll.addLayout(row)
        ll.addWidget(self.note)
        ll.addWidget(self.survey_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 900])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addWidget(split, 1)
        self.reload()

    # -- lists ----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        with self.db.read() as s:
            rows = V.list_surveys(s, archived=bool(self.scope.currentData()))
        self.surveys = {r.id: r for r in rows}
        self.survey_view.fill(
            [r.id for r in rows],
            [
                [r.title, r.kind_label, format_date(r.held_on), str(r.questions), str(r.respondents), str(r.needs)]
                for r in rows
            ],
            right=(3, 4, 5),
        )
        self.note.setText(EMPTY if not rows and not self.scope.currentData() else "")
        self.note.setVisible(bool(self.note.text()))
        self.actions_["archive"].setText("恢复调研" if self.scope.currentData() else "归档调研")
        self._survey_selected()

    def current_survey(self) -> V.SurveyRow | None:
        sid = self.survey_view.current_id()
        return self.surveys.get(sid) if sid is not None else None

    def current_need(self) -> V.NeedRow | None:
        nid = self.need_view.current_id()
        return self.needs.get(nid) if nid is not None else None

    def _survey_selected(self) -> None:
        self._fill_answers()
        self._fill_results()
        self._fill_needs()

    def _fill_answers(self) -> None:
        sv = self.current_survey()
        qs: list[V.QuestionRow] = []
        rows: list[V.ResponseRow] = []
        if sv is not None:
            with self.db.read() as s:
                qs, rows = V.questions(s, sv.id), V.list_responses(s, sv.id)
        headers = ["姓名", "单位", "身份证号", *(f"{q.position}. {q.text}" for q in qs), "来源"]
        self.answer_view.setColumnCount(len(headers))
        self.answer_view.setHorizontalHeaderLabels(headers)
        self.responses = {r.id: r for r in rows}
        self.answer_view.fill(
            [r.id for r in rows],
            [[r.name, r.unit, mask(r.id_number), *(r.answers.get(q.id, "") for q in qs), r.source] for r in rows],
        )

    def _fill_results(self) -> None:
        sv = self.current_survey()
        lines: list[list[str]] = []
        if sv is not None:
            with self.db.read() as s:
                results = V.results(s, sv.id, self.dimension.currentData())
            for result in results:
                q = result.question
                for n, r in enumerate(result.rows):
                    counts = "；".join(f"{o} {r.counts[o]}（{r.share(o)}）" for o in q.options)
                    lines.append([f"{q.position}. {q.text}" if n == 0 else "", r.key, str(r.respondents), counts])
        self.result_view.fill(list(range(len(lines))), lines, right=(2,))

    def _fill_needs(self) -> None:
        scope = self.need_scope.currentData()
        sv = self.current_survey()
        if scope == "survey" and sv is None:
            rows: list[V.NeedRow] = []
        else:
            with self.db.read() as s:
                rows = V.list_needs(
                    s,
                    survey_id=sv.id if scope == "survey" and sv else None,
                    status=self.status.currentData() or "",
                    archived=scope == "archived",
                )
        self.needs = {r.id: r for r in rows}

        def step(day: date | None, who: str) -> str:
            return f"{format_date(day)} {who}" if day else ""

        self.need_view.fill(
            [r.id for r in rows],
            [
                [
                    r.need,
                    r.category_label,
                    f"{r.name}（{r.unit}）" if r.name else "（集体）",
                    r.status_label,
                    step(r.collected_on, r.collected_by),
                    step(r.handling_on, r.handling_by),
                    step(r.revisited_on, r.revisited_by),
                ]
                for r in rows
            ],
        )
        self.actions_["archive_need"].setText("恢复需求" if scope == "archived" else "归档需求")
        self._enable()

    def _enable(self) -> None:
        sv = self.current_survey()
        live = sv is not None and not sv.archived
        questionnaire = live and sv is not None and sv.kind_label == C.KINDS["questionnaire"]
        need = self.current_need()
        archived_needs = self.need_scope.currentData() == "archived"
        self.actions_["edit"].setEnabled(live)
        self.actions_["archive"].setEnabled(sv is not None)
        for key in ("question", "answer", "import", "results"):
            self.actions_[key].setEnabled(questionnaire)
        self.actions_["handle"].setEnabled(need is not None and not archived_needs and need.status == "collected")
        self.actions_["revisit"].setEnabled(need is not None and not archived_needs and need.status == "handling")
        self.actions_["archive_need"].setEnabled(need is not None)
        self.actions_["edit_need"].setEnabled(need is not None and not archived_needs)

    def after_change(self, select_id: int | None = None) -> None:
        self.reload()
        if select_id is not None:
            self.survey_view.set_current_id(select_id)
        self.changed.emit()

    # -- surveys and answers ------------------------------------------------------------------------------
    def add_survey(self) -> None:
        new_id = SurveyDialog.ask(self, self.db)
        if new_id is not None:
            self.scope.setCurrentIndex(0)
            self.after_change(new_id)

    def edit_survey(self) -> None:
        sv = self.current_survey()
        if sv is not None and not sv.archived and SurveyDialog.ask(self, self.db, sv.id) is not None:
            self.after_change(sv.id)

    def add_question(self) -> None:
        sv = self.current_survey()
        if sv is not None and QuestionDialog.ask(self, self.db, sv.id) is not None:
            self.after_change(sv.id)

    def archive_survey(self) -> None:
        sv = self.current_survey()
        if sv is None:
            return
        restore = sv.archived
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(self, f"{verb}调研", f"{verb}“{sv.title}”？答卷和需求都保留。", ok=verb):
            return
        try:
            with self.db.write() as s:
                V.set_survey_archived(s, sv.id, archived=not restore, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, f"{verb}调研", exc)
            return
        self.after_change()

    def add_answer(self) -> None:
        sv = self.current_survey()
        if sv is None:
            return
        if sv.questions == 0:
            prompts.inform(self, "录入答卷", f"问卷“{sv.title}”还没有题目，请先点“添加题目”。")
            return
        if AnswerDialog.ask(self, self.db, sv.id) is not None:
            self.after_change(sv.id)
            self.pages.setCurrentIndex(0)

    def edit_answer(self) -> None:
        sv = self.current_survey()
        rid = self.answer_view.current_id()
        if (
            sv is not None
            and not sv.archived
            and rid in self.responses
            and AnswerDialog.ask(self, self.db, sv.id, self.responses[rid]) is not None
        ):
            self.after_change(sv.id)

    def import_answers(self) -> None:
        sv = self.current_survey()
        if sv is None:
            return
        path = prompts.open_file(self, "导入答卷", EXCEL_FILTER)
        if path is None:
            return
        db, sid = self.db, sv.id

        def done(report: V.ImportReport) -> None:
            (prompts.inform if report.ok else prompts.warn)(self, "导入答卷", report.text())
            self.after_change(sid)

        self.last_task = io.run_task(
            self,
            lambda job: V.import_answers(db, sid, path, job=job),
            title="导入答卷",
            label=f"正在读取 {path.name}…",
            on_success=done,
            on_failure=lambda exc: prompts.show_error(self, "导入答卷", exc),
        )

    def export_results(self) -> None:
        from desktop.services.surveys.outputs import export_results

        sv = self.current_survey()
        if sv is None:
            return
        db, sid = self.db, sv.id
        self.last_task = io.export_xlsx(
            self, "导出调研结果", f"{sv.title}结果", lambda path, job: export_results(db, path, sid, job=job)
        )

    # -- needs --------------------------------------------------------------------------------------------
    def add_need(self) -> None:
        sv = self.current_survey()
        if NeedDialog.ask(self, self.db, sv.id if sv is not None else None) is not None:
            self.after_change(sv.id if sv is not None else None)
            self.pages.setCurrentIndex(2)

    def edit_need(self) -> None:
        need = self.current_need()
        if need is None or need.archived:
            return
        if NeedDialog.ask(self, self.db, need_id=need.id) is not None:
            self.after_change(self.survey_view.current_id())
            self.need_view.set_current_id(need.id)

    def _advance(self, target: str) -> None:
        need = self.current_need()
        if need is None or NEXT.get(need.status) != target:
            return
        if StepDialog.ask(self, self.db, need, target) is not None:
            self.after_change(self.survey_view.current_id())
            self.need_view.set_current_id(need.id)

    def handle(self) -> None:
        self._advance("handling")

    def revisit(self) -> None:
        self._advance("revisited")

    def archive_need(self) -> None:
        need = self.current_need()
        if need is None:
            return
        restore = need.archived
        verb = "恢复" if restore else "归档"
        if not prompts.confirm(self, f"{verb}需求", f"{verb}需求“{need.need}”？", ok=verb):
            return
        try:
            with self.db.write() as s:
                V.set_need_archived(s, need.id, archived=not restore, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, f"{verb}需求", exc)
            return
        self.after_change(self.survey_view.current_id())

    def print_needs(self) -> None:
        from desktop.services.surveys.outputs import needs_pdf

        db, status = self.db, self.status.currentData() or ""
        self.last_task = io.print_pdf(self, "职工需求清单", lambda out, job: needs_pdf(db, out, status=status, job=job))

    def export_needs(self) -> None:
        from desktop.services.surveys.outputs import export_needs

        db = self.db
        self.last_task = io.export_xlsx(
            self, "导出需求清单", "职工需求清单", lambda path, job: export_needs(db, path, job=job)
        )

    def save_state(self) -> None:
        """Nothing to remember between sessions: the lists fit their contents."""
