"""文件 → 导出上报工作簿: period, areas, ID handling and the file, then the export off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.services import office
from desktop.services.database import Database
from desktop.services.hq.export import AREA_TITLES, RIGHTS_TITLE, Period, export_hq_workbook
from desktop.ui import prompts, tasks
from desktop.ui.widgets.date_field import DateField

EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"


class HqExportDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.task: tasks.Task | None = None
        today = today or date.today()
        self.setWindowTitle("导出上报工作簿")
        self.resize(620, 520)

        who, code, has_key = self._read_office()
        head = QLabel(f"上报单位：{who}\n导出的工作簿交集团工会汇总；一份工作簿含说明页、汇总页和所选板块。")
        head.setWordWrap(True)
        period_box = self._period_box(today)
        areas_box = self._areas_box()
        privacy_box = self._privacy_box(has_key)
        form = self._file_form(code)
        self._build_buttons()

        layout = QVBoxLayout(self)
        for w in (head, period_box, areas_box, privacy_box):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._sync_period()

    def _read_office(self) -> tuple[str, str, bool]:
        """Who reports (the heading's text), the office code for the file name, and whether a group key is set."""
        with self.db.read() as s:
            o = office.get_office(s)
            try:
                has_key = bool(office.group_key(s))
            except DomainError:  # an undecryptable key signs nothing; the settings dialog says why
                has_key = False
        who = f"{o.code} {o.name}" if o else "（尚未填写单位代码和工会名称：设置 → 单位与组织）"
        return who, o.code if o else "", has_key

    def _period_box(self, today: date) -> QGroupBox:
        period_box = QGroupBox("统计期间")
        self.by_year = QRadioButton("年度")
        self.by_range = QRadioButton("自定义期间")
        group = QButtonGroup(self)
        group.addButton(self.by_year)
        group.addButton(self.by_range)
        self.by_year.setChecked(True)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.date_from = DateField()
        self.date_to = DateField()
        self.date_from.set_value(date(today.year, 1, 1))
        self.date_to.set_value(today)
        grid = QGridLayout(period_box)
        grid.addWidget(self.by_year, 0, 0)
        grid.addWidget(self.year, 0, 1)
        grid.addWidget(self.by_range, 1, 0)
        span = QHBoxLayout()
        span.addWidget(self.date_from)
        span.addWidget(QLabel("至"))
        span.addWidget(self.date_to)
        grid.addLayout(span, 1, 1)
        self.by_year.toggled.connect(self._sync_period)
        return period_box

    def _areas_box(self) -> QGroupBox:
        areas_box = QGroupBox("数据板块")
        areas_grid = QGridLayout(areas_box)
        self.area_checks: dict[str, QCheckBox] = {}
        for i, title in enumerate(AREA_TITLES):
            box = QCheckBox(title)
            box.setChecked(True)
            if title == RIGHTS_TITLE and not self.db.can(Permission.RIGHTS):
                # Counts only, but of requests this account may not see: left out, as the export itself does.
                box.setChecked(False)
                box.setEnabled(False)
                box.setToolTip("当前账户不能查看全部维权诉求，由管理员或审批/领导账户导出")
            self.area_checks[title] = box
            areas_grid.addWidget(box, i // 4, i % 4)
        return areas_box

    def _privacy_box(self, has_key: bool) -> QGroupBox:
        privacy_box = QGroupBox("个人信息")
        self.full_ids = QCheckBox("导出完整身份证号（仅在管理员明确要求时；说明页会注明）")
        fp = (
            "已设置集团密钥：工作簿带签名，每人附身份指纹，集团可认出同一人而看不到号码"
            if has_key
            else "未设置集团密钥：工作簿没有签名，集团汇总时会被拒收（设置 → 单位与组织 → 集团密钥）"
        )
        privacy = QVBoxLayout(privacy_box)
        privacy.addWidget(
            QLabel("身份证号默认只留地区码和末位（150785***********2），出生日期只报年份，银行账号只保留后四位。")
        )
        privacy.addWidget(self.full_ids)
        privacy.addWidget(QLabel(fp))
        return privacy_box

    def _file_form(self, code: str) -> QFormLayout:
        self.path_edit = QLineEdit(str(Path.home() / self._suggested_name(code)))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("保存到", file_row)
        return form

    def _build_buttons(self) -> None:
        """The error line and the 导出/关闭 buttons."""
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

    def _suggested_name(self, code: str) -> str:
        return f"上报工作簿-{code or '本单位'}-{date.today():%Y%m%d}.xlsx"

    def _sync_period(self) -> None:
        yearly = self.by_year.isChecked()
        self.year.setEnabled(yearly)
        self.date_from.setEnabled(not yearly)
        self.date_to.setEnabled(not yearly)

    def _browse(self) -> None:
        path = prompts.save_file(self, "导出上报工作簿", EXCEL_FILTER, self.path_edit.text())
        if path is not None:
            self.path_edit.setText(str(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")))

    def period(self) -> Period:
        if self.by_year.isChecked():
            return Period.year(self.year.value())
        start, end = self.date_from.value(), self.date_to.value()
        if start is None or end is None:
            raise DomainError("请填写统计期间的开始和结束日期", field="period")
        return Period(start, end)

    def chosen_areas(self) -> list[str]:
        return [t for t, box in self.area_checks.items() if box.isChecked()]

    def start(self) -> None:
        """Check the inputs (keeping everything typed on error), then export in the background."""
        self.error.clear()
        try:
            period = self.period()
            areas = self.chosen_areas()
            if not areas:
                raise DomainError("至少选择一个数据板块", field="areas")
            text = self.path_edit.text().strip()
            if not text:
                raise DomainError("请选择保存位置", field="path")
            path = Path(text)
            if path.suffix.lower() != ".xlsx":
                path = path.with_suffix(".xlsx")
        except DomainError as exc:
            self.error.setText(exc.message)
            return
        full_ids = self.full_ids.isChecked()
        if full_ids and not prompts.confirm(
            self,
            "导出完整身份证号",
            "完整身份证号属于敏感个人信息，这次导出会记入修改日志。\n确定要导出完整号码吗？",
            ok="导出完整号码",
        ):
            return
        db = self.db

        def work(job: Job) -> dict[str, int]:
            return export_hq_workbook(db, path, period, areas=areas, full_ids=full_ids, job=job)

        def done(counts: dict[str, int]) -> None:
            lines = "\n".join(f"{title}：{n} 行" for title, n in counts.items())
            prompts.inform(
                self, "导出上报工作簿", f"已导出 {period.start}–{period.end} 的上报工作簿：\n{path}\n\n{lines}"
            )
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(exc.message if isinstance(exc, DomainError) else f"导出失败：{exc}")

        self.task = tasks.Task(
            self, work, title="导出上报工作簿", label=f"正在导出到 {path.name}…", on_success=done, on_failure=failed
        ).start()
