"""体检筛查: pick a plan, generate its schedule, mark who came, and see coverage, the overdue and follow-ups.

Layout as every tab (design.md "Screen shape"): toolbar, the plan and day pickers with the filter bar, the
lists in pages, and a detail pane. Slow work (scheduling, exports, printing) runs through ui.tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import enums
from desktop.core.dates import format_date
from desktop.core.exams import RESULT
from desktop.core.progress import Job
from desktop.services import audit, office
from desktop.services.database import Database
from desktop.services.exams import appointments as exam_appointments
from desktop.services.exams import coverage as exam_coverage
from desktop.services.exams import plans as exam_plans
from desktop.services.exams.appointments import AppointmentFilter, AppointmentRow
from desktop.services.exams.scheduling import ScheduleReport, generate_schedule
from desktop.ui import prompts, tasks
from desktop.ui.exams import columns as cols
from desktop.ui.exams.dialogs import HolidayDialog, MoveDialog, PlanDialog, ResultDialog
from desktop.ui.tab_io import EXCEL_FILTER
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection
from desktop.ui.widgets.filter_bar import ComboFilter, FilterBar, UnitFilter
from desktop.ui.widgets.lazy_table import LazyTableModel, LazyTableView

EMPTY_NO_PLAN = "还没有体检计划 — 点“新建计划”开始"
EMPTY_NO_SCHEDULE = "该计划还没有排期 — 点“生成排期”"
EMPTY_OVERDUE = "没有逾期未检的职工 — 符合该计划条件的职工都在间隔年数内检查过，或已在本计划中预约"
EMPTY_FOLLOW_UPS = "没有待复查的职工 — 结果为“异常需复查”或“建议就医”且尚未复查的职工会列在这里"
STATUS_CHOICES = (
    ("open", "待检（含改期）"),
    ("pending", "待检"),
    ("done", "已检"),
    ("missed", "缺检"),
    ("moved", "改期"),
)
LIST, DAYS, COVERAGE, OVERDUE, FOLLOW_UPS = range(5)
# The count beside the filters names the page in front: each page lists its own people (or days, units).
PAGE_COUNTS = {
    DAYS: "共 {n} 个检查日",
    COVERAGE: "共 {n} 个单位",
    OVERDUE: "逾期未检 {n} 人",
    FOLLOW_UPS: "待复查 {n} 人",
}
PDF_FILTER = "PDF 文件 (*.pdf)"


@dataclass(frozen=True)
class ListQuery:
    flt: AppointmentFilter


class ExamTab(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.last_task: tasks.Task | None = None
        self._build_toolbar()
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(18)
        self.plan_combo.currentIndexChanged.connect(lambda _i: self.plan_changed())
        self.day_combo = QComboBox()
        self.day_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.plan_info = QLabel()
        self.plan_info.setWordWrap(True)
        self.plan_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.filter_bar = FilterBar(
            [
                UnitFilter(self._load_units),
                ComboFilter("status", "状态", STATUS_CHOICES),
                ComboFilter("result", "结果", tuple(RESULT.items())),
            ],
            placeholder="搜索姓名、身份证号、电话",
            count_format="共 {n} 人",
        )
        self.filter_bar.bind_find_shortcut(self)
        self.filter_bar.changed.connect(lambda _v: self.apply_filter())

        self.model: LazyTableModel[AppointmentRow] = LazyTableModel(
            cols.COLUMNS, ids=self._ids, rows=self._rows, default_sort="day", parent=self
        )
        self.view = LazyTableView(self.model, layout_key="exams", empty_text=EMPTY_NO_PLAN)
        self.view.activated.connect(lambda _i: self.record_result())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_detail())
        self.days = cols.SimpleList(
            ["日期", "预约", "已检", "缺检", "待检", "单位（人数）"], cols.day_cells, right=(1, 2, 3, 4)
        )
        self.days.cellDoubleClicked.connect(lambda *_a: self._open_day())
        self.coverage = cols.SimpleList(
            ["单位", "应检", "已预约", "已检", "缺检", "检查率"], cols.coverage_cells, right=(1, 2, 3, 4, 5)
        )
        person = ["单位", "姓名", "性别", "年龄", "联系电话", "上次检查", "复查日期", "说明"]
        samples = ("甘河林场/营林一班", "欧阳丽丽", "性别", "年龄", "0470-3521234", "2026-05-06", "2026-05-06")
        self.overdue = cols.SimpleList(person, cols.person_cells, samples=samples, empty_text=EMPTY_NO_PLAN)
        self.follow_ups = cols.SimpleList(person, cols.person_cells, samples=samples, empty_text=EMPTY_FOLLOW_UPS)
        self.follow_ups.cellDoubleClicked.connect(lambda *_a: self.follow_up_done())
        self.pages = QTabWidget()
        for page, title, tip in (
            (self.view, "预约名单", "该计划的全部预约；双击录入结果"),
            (self.days, "每日安排", "每个检查日来哪些单位、多少人；双击查看当天名单"),
            (self.coverage, "覆盖率", "各单位应检、已预约、已检人数和检查率"),
            (self.overdue, "逾期未检", "符合该计划条件、超过间隔年数未检查且未在本计划中预约的职工"),
            (self.follow_ups, "待复查", "结果为异常需复查或建议就医、尚未复查的职工；双击登记已复查"),
        ):
            self.pages.setTabToolTip(self.pages.addTab(page, title), tip)
        self.pages.currentChanged.connect(lambda _i: self.refresh_page())
        self.detail = DetailPane(empty_text="选中一条预约，这里显示职工、预约和修改记录")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([1000, 300])

        top = QHBoxLayout()
        top.addWidget(QLabel("体检计划"))
        top.addWidget(self.plan_combo, 2)
        top.addWidget(QLabel("检查日"))
        top.addWidget(self.day_combo)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.toolbar)
        lay.addLayout(top)
        lay.addWidget(self.plan_info)
        lay.addWidget(self.filter_bar)
        lay.addWidget(splitter, 1)
        self.reload_plans()

    # -- building ------------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str, text: str, slot: Callable[[], Any], tip: str = "") -> None:
            action = QAction(text, self)
            action.setToolTip(tip or text)
            action.triggered.connect(lambda _c=False: slot())
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action

        add("new", "新建计划", self.new_plan)
        add("edit", "编辑计划", self.edit_plan)
        add("archive", "归档计划", self.archive_plan)
        self.toolbar.addSeparator()
        add("schedule", "生成排期", self.generate, "按条件安排检查日；已检、缺检、改期和锁定的预约保留不动")
        self.toolbar.addSeparator()
        add("done", "已检", self.mark_done, "所选职工已按预约日期检查")
        add("missed", "缺检", self.mark_missed)
        add("result", "录入结果", self.record_result)
        add("move", "改期", self.move_appointments, "把所选预约（如全部缺检的人）改到另一天")
        add("lock", "锁定/解锁", self.toggle_lock, "锁定的预约在重新排期时保留")
        self.toolbar.addSeparator()
        add("export", "导出", self.export_excel, "预约名单和覆盖率导出为 Excel")
        add("notices", "打印通知单", self.print_notices)
        add("signin", "打印签到表", self.print_signin, "所选检查日的签到表")
        # The sign-in sheet goes round the bus: phone numbers print masked unless the clerk ticks this.
        self.full_phones = QCheckBox("签到表含完整电话")
        self.full_phones.setToolTip("默认隐去电话号码中间四位（如 138****5678）")
        self.toolbar.addWidget(self.full_phones)
        add("holidays", "节假日…", self.edit_holidays, "录入数据包尚未包含年份的放假和调休安排")

    def _load_units(self) -> list[office.UnitNode]:
        with self.db.read() as s:
            return office.unit_tree(s)

    # -- plan and filters ----------------------------------------------------------------------------
    def plan_id(self) -> int | None:
        data = self.plan_combo.currentData()
        return int(data) if data is not None else None

    def reload_plans(self, select: int | None = None) -> None:
        keep = select or self.plan_id()
        with self.db.read() as s:
            plans = exam_plans.list_plans(s)
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for p in plans:
            self.plan_combo.addItem(
                f"{p.serial} {p.name}（{format_date(p.start_date)} 至 {format_date(p.end_date)}）", p.id
            )
        idx = self.plan_combo.findData(keep) if keep is not None else -1
        self.plan_combo.setCurrentIndex(idx if idx >= 0 else (0 if plans else -1))
        self.plan_combo.blockSignals(False)
        self.plan_changed()

    def plan_changed(self) -> None:
        pid = self.plan_id()
        self.day_combo.blockSignals(True)
        keep = self.day_combo.currentData()
        self.day_combo.clear()
        self.day_combo.addItem("全部日期", None)
        if pid is None:
            self.plan_info.setText("")
        else:
            with self.db.read() as s:
                p = exam_plans.get_plan(s, pid)
                rule = exam_plans.describe_rule(s, p)
                days = exam_appointments.day_summary(s, pid)
            for d in days:
                self.day_combo.addItem(f"{format_date(d.day)}（{d.total}人）", d.day)
            where = f"　地点：{p.place}" if p.place and p.place != p.provider else ""
            # The number is what `union-desk pdf exam-notices --plan 检2026-001` asks for.
            self.plan_info.setText(
                f"计划编号 {p.serial}　体检机构：{p.provider or '未填'}{where}　每日{p.daily_capacity}人　对象：{rule}"
            )
        idx = self.day_combo.findData(keep)
        self.day_combo.setCurrentIndex(max(idx, 0))
        self.day_combo.blockSignals(False)
        for name in ("edit", "archive", "schedule", "export", "notices", "signin"):
            self.actions_by_name[name].setEnabled(pid is not None)
        self.apply_filter()
        self.refresh_page()

    def query(self) -> AppointmentFilter:
        v = self.filter_bar.values()
        return AppointmentFilter(
            plan_id=self.plan_id() or -1,
            day=self.day_combo.currentData(),
            status=v.get("status"),
            result=v.get("result"),
            unit_id=v.get("unit_id"),
            text=v.get("text") or "",
        )

    def apply_filter(self) -> None:
        self.model.set_query(ListQuery(self.query()))
        self.show_count()
        filtered = self.filter_bar.is_filtered() or self.day_combo.currentIndex() > 0
        empty = (
            EMPTY_NO_PLAN
            if self.plan_id() is None
            else "没有符合筛选条件的预约 — 点“清除筛选”"
            if filtered
            else EMPTY_NO_SCHEDULE
        )
        self.view.set_empty_text(empty)
        self._show_detail()

    def _ids(self, query: ListQuery | None, sort: str, descending: bool) -> list[int]:
        if query is None:
            return []
        with self.db.read() as s:
            return exam_appointments.appointment_ids(s, query.flt, sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> list[AppointmentRow]:
        with self.db.read() as s:
            return exam_appointments.fetch_rows(s, ids)

    def refresh_page(self) -> None:
        """Fill the summary page on view (coverage and the overdue list take a moment on a big file)."""
        pid, page = self.plan_id(), self.pages.currentIndex()
        with self.db.read() as s:
            if page == DAYS:
                self.days.set_items(exam_appointments.day_summary(s, pid) if pid else [])
            elif page == COVERAGE:
                self.coverage.set_items(exam_coverage.coverage(s, pid) if pid else [])
            elif page == OVERDUE:
                self.overdue.set_empty_text(EMPTY_OVERDUE if pid else EMPTY_NO_PLAN)
                self.overdue.set_items(exam_coverage.overdue(s, pid) if pid else [])
            elif page == FOLLOW_UPS:
                self.follow_ups.set_items(exam_coverage.follow_ups(s))
        self.show_count()

    def show_count(self) -> None:
        page = self.pages.currentIndex()
        lists = {DAYS: self.days, COVERAGE: self.coverage, OVERDUE: self.overdue, FOLLOW_UPS: self.follow_ups}
        if page in lists:
            items = lists[page].records
            # The coverage table ends with its 合计 row, which is not a unit.
            n = len(items) - 1 if page == COVERAGE and items else len(items)
            self.filter_bar.set_result_count(n, PAGE_COUNTS[page])
        else:
            self.filter_bar.set_result_count(self.model.rowCount())

    def after_change(self) -> None:
        self.plan_changed()
        self.changed.emit()

    def reload_units(self) -> None:
        self.filter_bar.reload_units()

    def _open_day(self) -> None:
        d = self.days.current_item()
        if d is not None:
            self.day_combo.setCurrentIndex(max(self.day_combo.findData(d.day), 0))
            self.pages.setCurrentIndex(LIST)

    # -- detail --------------------------------------------------------------------------------------
    def _show_detail(self) -> None:
        aid = self.view.current_id()
        if aid is None:
            self.detail.show_empty()
            return
        with self.db.read() as s:
            rows = exam_appointments.fetch_rows(s, [aid])
            entries = audit.history(s, exam_appointments.ENTITY, aid)
        if not rows:
            self.detail.show_empty()
            return
        r = rows[0]
        sex = enums.label(enums.SEX, r.sex)
        person = DetailSection(
            "职工",
            [
                DetailRow("单位", r.unit_path),
                DetailRow("性别/年龄", f"{sex}，{r.age}岁"),
                DetailRow("联系电话", r.phone),
            ],
        )
        appt = DetailSection(
            "预约",
            [
                DetailRow("预约日期", format_date(r.scheduled_date), "已锁定：重新排期时保留" if r.locked else ""),
                DetailRow("状态", r.status_label),
                DetailRow("实际检查", format_date(r.actual_date)),
                DetailRow("结果", r.result_label),
                DetailRow(
                    "复查日期",
                    format_date(r.follow_up_due),
                    f"已于{format_date(r.follow_up_done)}复查" if r.follow_up_done else "",
                ),
                DetailRow("备注", r.notes),
            ],
        )
        self.detail.show_record(r.name, [person, appt], cols.history(entries))

    # -- actions -------------------------------------------------------------------------------------
    def _selected(self) -> list[int]:
        ids = self.view.selected_ids()
        if not ids:
            prompts.inform(self, "体检筛查", "请先在预约名单中选中职工（可按住 Ctrl 或 Shift 多选）")
        return ids

    def _write(self, title: str, fn: Callable[[Any], object]) -> bool:
        try:
            with self.db.write() as s:
                fn(s)
        except Exception as exc:  # shown to the clerk, nothing was saved
            prompts.show_error(self, title, exc)
            return False
        self.after_change()
        return True

    def new_plan(self) -> None:
        pid = PlanDialog.ask(self, self.db)
        if pid is not None:
            self.reload_plans(pid)

    def edit_plan(self) -> None:
        pid = self.plan_id()
        if pid is not None and PlanDialog.ask(self, self.db, pid) is not None:
            self.reload_plans(pid)

    def archive_plan(self) -> None:
        pid = self.plan_id()
        if pid is None or not prompts.confirm(
            self,
            "归档计划",
            f"归档“{self.plan_combo.currentText()}”？\n归档后不再显示，记录仍保留在数据文件中。",
            ok="归档",
        ):
            return
        if self._write("归档计划", lambda s: exam_plans.archive_plan(s, pid, actor=self.db.actor)):
            self.reload_plans()

    def generate(self) -> None:
        pid = self.plan_id()
        if pid is None:
            return
        db = self.db

        def done(report: ScheduleReport) -> None:
            self.after_change()
            (prompts.warn if report.unplaced or report.unknown_years else prompts.inform)(
                self, "生成排期", report.text()
            )

        self.last_task = tasks.Task(
            self, lambda job: generate_schedule(db, pid, job=job), title="生成排期", label="正在排期…", on_success=done
        ).start()

    def mark_done(self) -> None:
        ids = self._selected()
        if ids:
            self._write("已检", lambda s: exam_appointments.mark_attended(s, ids, actor=self.db.actor))

    def mark_missed(self) -> None:
        ids = self._selected()
        if ids:
            self._write("缺检", lambda s: exam_appointments.mark_missed(s, ids, actor=self.db.actor))

    def record_result(self) -> None:
        aid = self.view.current_id()
        if aid is None:
            self._selected()
            return
        if ResultDialog.ask(self, self.db, aid) is not None:
            self.after_change()

    def move_appointments(self) -> None:  # not move(): that is QWidget.move(x, y)
        ids, pid = self._selected(), self.plan_id()
        if ids and pid is not None and MoveDialog.ask(self, self.db, pid, ids) is not None:
            self.after_change()

    def toggle_lock(self) -> None:
        ids = self._selected()
        if not ids:
            return
        with self.db.read() as s:
            lock = not all(r.locked for r in exam_appointments.fetch_rows(s, ids))
        self._write("锁定", lambda s: exam_appointments.set_locked(s, ids, lock, actor=self.db.actor))

    def follow_up_done(self) -> None:
        p = self.follow_ups.current_item()
        if p is None or p.appointment_id is None:
            return
        if prompts.confirm(self, "登记复查", f"{p.name}已于今天完成复查？", ok="已复查"):
            self._write(
                "登记复查",
                lambda s: exam_appointments.record_follow_up_done(
                    s, p.appointment_id, date.today(), actor=self.db.actor
                ),
            )

    def edit_holidays(self) -> None:
        HolidayDialog.ask(self, self.db)

    def _to_file(self, title: str, filters: str, suggested: str, work: Callable[[Job, Path], object]) -> None:
        path = prompts.save_file(self, title, filters, str(Path.home() / suggested))
        if path is None:
            return
        suffix = ".pdf" if "pdf" in filters else ".xlsx"
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        self.last_task = tasks.Task(
            self,
            lambda job: work(job, path),
            title=title,
            label=f"正在生成 {path.name}…",
            on_success=lambda _r: prompts.inform(self, title, f"已保存：\n{path}"),
        ).start()

    # exam_printing (openpyxl and reportlab) is imported when a file is made, not when the tab is first shown.
    def export_excel(self) -> None:
        from desktop.services.exams import printing as exam_printing

        pid = self.plan_id()
        if pid is not None:
            self._to_file(
                "导出",
                EXCEL_FILTER,
                f"{self.plan_combo.currentText().split('（')[0]}.xlsx",
                lambda job, path: exam_printing.export_plan(self.db, path, plan=pid, job=job),
            )

    def print_notices(self) -> None:
        from desktop.services.exams import printing as exam_printing

        pid, day = self.plan_id(), self.day_combo.currentData()
        if pid is not None:
            self._to_file(
                "打印通知单",
                PDF_FILTER,
                "体检通知单.pdf",
                lambda job, path: exam_printing.notices_pdf(self.db, path, plan=pid, day=day, job=job),
            )

    def print_signin(self) -> None:
        from desktop.services.exams import printing as exam_printing

        pid, day = self.plan_id(), self.day_combo.currentData()
        if day is None:
            row = self.model.record(self.view.currentIndex().row()) if self.view.currentIndex().isValid() else None
            day = row.scheduled_date if row else None
        if pid is None or day is None:
            prompts.inform(self, "打印签到表", "请先在“检查日”中选择一天，或选中该天的一条预约")
            return
        full = self.full_phones.isChecked()
        self._to_file(
            "打印签到表",
            PDF_FILTER,
            f"体检签到表-{day.isoformat()}.pdf",
            lambda job, path: exam_printing.signin_pdf(self.db, path, plan=pid, day=day, full_phones=full, job=job),
        )

    def save_state(self) -> None:
        self.view.save_layout()
