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
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import surveys as survey_rules
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.services.database import Database
from desktop.services.surveys import answers as survey_answers
from desktop.services.surveys import needs as survey_needs
from desktop.services.surveys import results as survey_results
from desktop.services.surveys import surveys
from desktop.ui import prompts
from desktop.ui.activities import io_actions
from desktop.ui.area_tab import NoUnitPickers
from desktop.ui.surveys.dialogs import AnswerDialog, NeedDialog, QuestionDialog, StepDialog, SurveyDialog
from desktop.ui.tab_io import EXCEL_FILTER
from desktop.ui.widgets.lazy_table import RIGHT, Column
from desktop.ui.widgets.short_list import ShortListModel, ShortListView
from desktop.ui.widgets.toolbar import SEPARATOR, Action, build_toolbar

EMPTY = "还没有调研 — 点“新建调研”登记一次问卷调查、座谈或走访"
NEXT = {"collected": "handling", "handling": "revisited"}


def _step(day: date | None, who: str) -> str:
    return f"{format_date(day)} {who}" if day else ""


def _answer(question_id: int) -> Callable[[survey_answers.ResponseRow], str]:
    return lambda r: r.answers.get(question_id, "")


def _list(model: ShortListModel[Any], stretch: str) -> ShortListView:
    """A list as wide as its text (nothing to remember between sessions), the named column taking the rest."""
    return ShortListView(model, select_first=True, single=True, stretch=stretch, fit_contents=True)


SURVEY_COLUMNS: list[Column[surveys.SurveyRow]] = [
    Column("title", "调研名称", lambda r: r.title, width=10),
    Column("kind", "方式", lambda r: r.kind_label, width=4),
    Column("held_on", "日期", lambda r: format_date(r.held_on), width="2026-01-01"),
    Column("questions", "题目", lambda r: str(r.questions), align=RIGHT, width=2, fit=True),
    Column("respondents", "答卷", lambda r: str(r.respondents), align=RIGHT, width=2, fit=True),
    Column("needs", "需求", lambda r: str(r.needs), align=RIGHT, width=2, fit=True),
]
ANSWER_COLUMNS: list[Column[survey_answers.ResponseRow]] = [  # the questions go between 身份证号 and 来源
    Column("name", "姓名", lambda r: r.name, width=4, fit=True),
    Column("unit", "单位", lambda r: r.unit, width=6, fit=True),
    Column("id_number", "身份证号", lambda r: mask(r.id_number), width="150784**********27"),
    Column("source", "来源", lambda r: r.source, width=4),
]
RESULT_COLUMNS: list[Column[tuple[int, list[str]]]] = [
    Column("question", "题目", lambda line: line[1][0], width=10),
    Column("group", "分组", lambda line: line[1][1], width=6),
    Column("respondents", "答题人数", lambda line: line[1][2], align=RIGHT, width=4),
    Column("counts", "各选项人数（占答题人数）", lambda line: line[1][3], width=20),
]
NEED_COLUMNS: list[Column[survey_needs.NeedRow]] = [
    Column("need", "需求内容", lambda r: r.need, width=10),
    Column("category", "类别", lambda r: r.category_label, width=4),
    Column("by", "提出人", lambda r: f"{r.name}（{r.unit}）" if r.name else "（集体）", width=8),
    Column("status", "状态", lambda r: r.status_label, width=3),
    Column("collected", "收集", lambda r: _step(r.collected_on, r.collected_by), width="2026-01-01 张三"),
    Column("handling", "办理", lambda r: _step(r.handling_on, r.handling_by), width="2026-01-01 张三"),
    Column("revisited", "回访", lambda r: _step(r.revisited_on, r.revisited_by), width="2026-01-01 张三"),
]


class SurveyTab(NoUnitPickers, QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.last_task: Any = None
        self.survey_model: ShortListModel[surveys.SurveyRow] = ShortListModel(SURVEY_COLUMNS, load=self._read_surveys)
        self.answer_model: ShortListModel[survey_answers.ResponseRow] = ShortListModel(
            ANSWER_COLUMNS, load=self._read_answers
        )
        self.result_model: ShortListModel[tuple[int, list[str]]] = ShortListModel(
            RESULT_COLUMNS, load=self._read_results, key=lambda line: line[0]
        )
        self.need_model: ShortListModel[survey_needs.NeedRow] = ShortListModel(NEED_COLUMNS, load=self._read_needs)

        self._build_toolbar()

        self.scope = QComboBox()
        self.scope.addItem("在用的调研", False)
        self.scope.addItem("已归档的调研", True)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.note = QLabel()
        self.note.setStyleSheet("color:#444")
        self.survey_view = _list(self.survey_model, "title")
        self.survey_view.selectionModel().selectionChanged.connect(lambda *_a: self._survey_selected())
        self.survey_view.doubleClicked.connect(lambda _i: self.edit_survey())

        self.answer_view = _list(self.answer_model, "name")
        self.answer_view.doubleClicked.connect(lambda _i: self.edit_answer())
        results = self._results_page()
        needs = self._needs_page()
        self.pages = QTabWidget()
        self.pages.addTab(self.answer_view, "答卷")
        self.pages.addTab(results, "调研结果")
        self.pages.addTab(needs, "职工需求清单")

        left = self._survey_pane()
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

    def _build_toolbar(self) -> None:
        self.toolbar, self.actions_ = build_toolbar(
            self,
            "需求调研",
            [
                Action("new", "新建调研", self.add_survey),
                Action("edit", "编辑调研", self.edit_survey),
                Action("question", "添加题目", self.add_question),
                Action("archive", "归档调研", self.archive_survey),
                SEPARATOR,
                Action("answer", "录入答卷", self.add_answer),
                Action("import", "导入答卷…", self.import_answers),
                Action("results", "导出调研结果", self.export_results),
                SEPARATOR,
                Action("need", "登记需求", self.add_need),
                Action("edit_need", "修改需求", self.edit_need),
                Action("handle", "转入办理", self.handle),
                Action("revisit", "回访", self.revisit),
                Action("archive_need", "归档需求", self.archive_need),
                Action("print", "打印需求清单", self.print_needs),
                Action("export", "导出需求清单", self.export_needs),
            ],
        )

    def _results_page(self) -> QWidget:
        """The answers counted, grouped by the chosen dimension."""
        self.dimension = QComboBox()
        for code, label in survey_rules.DIMENSIONS.items():
            self.dimension.addItem(f"按{label}", code)
        self.dimension.currentIndexChanged.connect(lambda _i: self._fill_results())
        self.result_view = _list(self.result_model, "counts")
        results = QWidget()
        rl = QVBoxLayout(results)
        rl.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("分组"))
        row.addWidget(self.dimension)
        row.addStretch(1)
        rl.addLayout(row)
        rl.addWidget(self.result_view, 1)
        return results

    def _needs_page(self) -> QWidget:
        """The needs list with its scope and status filters."""
        self.status = QComboBox()
        self.status.addItem("全部状态", "")
        for code, label in survey_rules.STATUSES.items():
            self.status.addItem(label, code)
        self.status.currentIndexChanged.connect(lambda _i: self._fill_needs())
        self.need_scope = QComboBox()
        self.need_scope.addItem("全部需求", "all")
        self.need_scope.addItem("选中调研的需求", "survey")
        self.need_scope.addItem("已归档的需求", "archived")
        self.need_scope.currentIndexChanged.connect(lambda _i: self._fill_needs())
        self.need_view = _list(self.need_model, "need")
        self.need_view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
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
        return needs

    def _survey_pane(self) -> QWidget:
        """The surveys list under its scope choice and note."""
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
        return left

    # -- lists ----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.survey_model.set_query(bool(self.scope.currentData()))
        self.note.setText(EMPTY if not self.survey_model.rowCount() and not self.scope.currentData() else "")
        self.note.setVisible(bool(self.note.text()))
        self.actions_["archive"].setText("恢复调研" if self.scope.currentData() else "归档调研")
        self._survey_selected()

    def _read_surveys(self, archived: bool) -> list[surveys.SurveyRow]:
        with self.db.read() as s:
            return surveys.list_surveys(s, archived=archived)

    def current_survey(self) -> surveys.SurveyRow | None:
        return self.survey_model.item(self.survey_view.current_id())

    def current_need(self) -> survey_needs.NeedRow | None:
        return self.need_model.item(self.need_view.current_id())

    def _survey_selected(self) -> None:
        self._fill_answers()
        self._fill_results()
        self._fill_needs()

    def _fill_answers(self) -> None:
        sv = self.current_survey()
        qs: list[surveys.QuestionRow] = []
        if sv is not None:
            with self.db.read() as s:
                qs = surveys.questions(s, sv.id)
        # One column per question of the survey in front: the columns change with the survey.
        answers = [
            Column(f"q{q.id}", f"{q.position}. {q.text}", _answer(q.id), width=6, tooltip=f"{q.position}. {q.text}")
            for q in qs
        ]
        self.answer_view.set_columns([*ANSWER_COLUMNS[:3], *answers, ANSWER_COLUMNS[3]])
        self.answer_model.set_query(sv.id if sv is not None else None)

    def _read_answers(self, survey_id: int | None) -> list[survey_answers.ResponseRow]:
        if survey_id is None:
            return []
        with self.db.read() as s:
            return survey_answers.list_responses(s, survey_id)

    def _fill_results(self) -> None:
        sv = self.current_survey()
        self.result_model.set_query((sv.id if sv is not None else None, self.dimension.currentData()))

    def _read_results(self, query: tuple[int | None, str]) -> list[tuple[int, list[str]]]:
        survey_id, dimension = query
        lines: list[list[str]] = []
        if survey_id is not None:
            with self.db.read() as s:
                results = survey_results.results(s, survey_id, dimension)
            for result in results:
                q = result.question
                for n, r in enumerate(result.rows):
                    counts = "；".join(f"{o} {r.counts[o]}（{r.share(o)}）" for o in q.options)
                    lines.append([f"{q.position}. {q.text}" if n == 0 else "", r.key, str(r.respondents), counts])
        return list(enumerate(lines))

    def _fill_needs(self) -> None:
        scope = self.need_scope.currentData()
        sv = self.current_survey()
        self.need_model.set_query((scope, sv.id if sv is not None else None, self.status.currentData() or ""))
        self.actions_["archive_need"].setText("恢复需求" if scope == "archived" else "归档需求")
        self._enable()

    def _read_needs(self, query: tuple[str, int | None, str]) -> list[survey_needs.NeedRow]:
        scope, survey_id, status = query
        if scope == "survey" and survey_id is None:
            return []
        with self.db.read() as s:
            return survey_needs.list_needs(
                s,
                survey_id=survey_id if scope == "survey" else None,
                status=status,
                archived=scope == "archived",
            )

    def _enable(self) -> None:
        sv = self.current_survey()
        live = sv is not None and not sv.archived
        questionnaire = live and sv is not None and sv.kind_label == survey_rules.KINDS["questionnaire"]
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
                surveys.set_survey_archived(s, sv.id, archived=not restore, actor=self.db.actor)
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
        response = self.answer_model.item(self.answer_view.current_id())
        if (
            sv is not None
            and not sv.archived
            and response is not None
            and AnswerDialog.ask(self, self.db, sv.id, response) is not None
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

        def done(report: survey_answers.ImportReport) -> None:
            (prompts.inform if report.ok else prompts.warn)(self, "导入答卷", report.text())
            self.after_change(sid)

        self.last_task = io_actions.run_task(
            self,
            lambda job: survey_answers.import_answers(db, sid, path, job=job),
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
        self.last_task = io_actions.export_xlsx(
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
                survey_needs.set_need_archived(s, need.id, archived=not restore, actor=self.db.actor)
        except DomainError as exc:
            prompts.show_error(self, f"{verb}需求", exc)
            return
        self.after_change(self.survey_view.current_id())

    def print_needs(self) -> None:
        from desktop.services.surveys.outputs import needs_pdf

        db, status = self.db, self.status.currentData() or ""
        self.last_task = io_actions.print_pdf(
            self, "职工需求清单", lambda out, job: needs_pdf(db, out, status=status, job=job)
        )

    def export_needs(self) -> None:
        from desktop.services.surveys.outputs import export_needs

        db = self.db
        self.last_task = io_actions.export_xlsx(
            self, "导出需求清单", "职工需求清单", lambda path, job: export_needs(db, path, job=job)
        )

    def save_state(self) -> None:
        """Nothing to remember between sessions: the lists fit their contents."""
