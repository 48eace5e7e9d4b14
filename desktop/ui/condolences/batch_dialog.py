"""新建发放批次: occasion, goods and group → 预览 (who, how much, who would exceed a cap) → 创建.

Nothing is written before 创建; the batch and all its visits are then saved in one transaction in the
background (a progress dialog with 取消: a cancel saves nothing).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import condolences as condolence_rules
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.progress import Job
from desktop.services import office
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import groups as condolence_groups
from desktop.services.condolences.standards import load_standards
from desktop.services.condolences.visits import VisitDraft
from desktop.services.database import Database
from desktop.ui import prompts, tasks
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.record_dialog import ERROR_STYLE, HINT_STYLE

BATCH_OCCASIONS = ("festival", "warmth", "cooling", "hardship", "other")
PREVIEW_ROWS = 2000  # shown in the table; the totals count everybody


class BatchDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建发放批次")
        self.db = db
        self.today = today or date.today()
        self.preview: condolence_batches.BatchPreview | None = None
        self.created_id: int | None = None
        with db.read() as s:
            self.ethnic_festivals = load_standards(s).festivals
            units = office.unit_tree(s, include_retired=False)
        form = self._build_form(units)
        over = self._build_preview()
        self._build_buttons()
        self._lay_out(form, over)
        self._connect()
        self._group_changed()
        screen = self.screen().availableGeometry()
        self.resize(min(1180, int(screen.width() * 0.95)), min(640, int(screen.height() * 0.9)))

    def _build_form(self, units: list[office.UnitNode]) -> QFormLayout:
        """What is given (occasion, day, goods, money) and to whom (group, units, ethnicity, women only)."""
        self.title = QLineEdit()
        self.title.setPlaceholderText(f"如：{self.today.year}年中秋慰问")
        self.occasion = QComboBox()
        for code in BATCH_OCCASIONS:
            self.occasion.addItem(condolence_rules.OCCASIONS[code], code)
        # The closed list in force on the distribution day (#18): statutory and approved ethnic festivals.
        self.festival = QComboBox()
        self.festival.setToolTip(f"法定节日和本单位批准的民族节日（{condolence_rules.FESTIVAL_SETTINGS}中登记）")
        self.visit_date = DateField()
        self.visit_date.set_value(self.today)
        self.fill_festivals()
        self.goods = QLineEdit()
        self.goods.setPlaceholderText("如：月饼、米、油")
        self.goods_value = QLineEdit()
        self.goods_value.setPlaceholderText("每人价值（元）")
        self.cash = QLineEdit()
        self.cash.setPlaceholderText("每人慰问金（元），节日慰问不发现金")
        self.visitors = QLineEdit()
        self.group = QComboBox()
        for code, label in condolence_batches.GROUPS.items():
            self.group.addItem(label, code)
        self.unit = self._unit_list(units)
        self.ethnicity = QLineEdit()
        self.ethnicity.setPlaceholderText("如：蒙古族、鄂伦春族")
        self.women_only = QCheckBox("只发女会员")
        form = QFormLayout()
        for label, widget in (
            ("批次名称 *", self.title),
            ("慰问事由 *", self.occasion),
            ("节日", self.festival),
            ("发放日期 *", self.visit_date),
            ("慰问品", self.goods),
            ("慰问品价值（元）", self.goods_value),
            ("慰问金（元）", self.cash),
            ("慰问人", self.visitors),
            ("常用发放对象", self._saved_row()),
            ("发放对象 *", self.group),
            ("单位（含下级）", self.unit),
            ("民族", self.ethnicity),
            ("", self.women_only),
        ):
            form.addRow(label, widget)
        return form

    def _unit_list(self, units: list[office.UnitNode]) -> QListWidget:
        # Several units may share one batch (e.g. two farms): a checkable list, each including its sub-units.
        unit = QListWidget()
        unit.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        for node in units:
            item = QListWidgetItem("　" * node.depth + node.name)
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            unit.addItem(item)
        return unit

    def _saved_row(self) -> QHBoxLayout:
        # Saved groups (常用发放对象) fill in the group, units, ethnicity and the women-only box.
        self.saved = QComboBox()
        self.save_group_button = QPushButton("保存为常用…")
        self.save_group_button.setToolTip("把当前的发放对象（对象、单位、民族、只发女会员）保存起来，下次直接选用")
        self.save_group_button.clicked.connect(self.save_current_group)
        row = QHBoxLayout()
        row.addWidget(self.saved, 1)
        row.addWidget(self.save_group_button)
        self._load_saved()
        self.saved.activated.connect(lambda _i: self.apply_saved())
        return row

    def _build_preview(self) -> QHBoxLayout:
        """The preview button, summary and table, and the choice for people over a cap (returned)."""
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.run_preview)
        self.summary = QLabel("填写后点“预览”，查看发放名单和超标人员；预览不会保存任何内容。")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(HINT_STYLE)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["姓名", "单位", "金额（元）", "超出标准"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.skip = QRadioButton("跳过超标人员")
        self.skip.setChecked(True)
        self.override = QRadioButton("经批准全部发放，特批理由：")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("批准人和理由")
        over = QHBoxLayout()
        over.addWidget(self.skip)
        over.addWidget(self.override)
        over.addWidget(self.reason, 1)
        return over

    def _build_buttons(self) -> None:
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton("创建批次", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self.create_batch)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, form: QFormLayout, over: QHBoxLayout) -> None:
        """The form on the left, the preview on the right, the error line and buttons below."""
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.preview_button)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        right.addLayout(over)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def _connect(self) -> None:
        """Any change after a preview makes it stale; the date refills the festivals; the group its fields."""
        for w in (self.title, self.goods, self.goods_value, self.cash, self.ethnicity, self.visitors):
            w.textEdited.connect(lambda _t: self._stale())
        for c in (self.occasion, self.festival, self.group):
            c.currentIndexChanged.connect(lambda _i: self._stale())
        self.unit.itemChanged.connect(lambda _i: self._stale())
        self.women_only.toggled.connect(lambda _b: self._stale())
        self.visit_date.changed.connect(self._stale)
        self.visit_date.changed.connect(self.fill_festivals)
        self.festival.activated.connect(lambda _i: self._festival_chosen())
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> int | None:
        """The new batch's id, or None. Tests replace this method."""
        dialog = cls(parent, db)
        dialog.exec()
        return dialog.created_id

    def _load_saved(self, select_id: int | None = None) -> None:
        with self.db.read() as s:
            groups = condolence_groups.saved_groups(s)
        self.saved.clear()
        self.saved.addItem("（不使用）", None)
        for g in groups:
            self.saved.addItem(g.name, g)
        if select_id is not None:
            self.saved.setCurrentIndex(
                next((i for i in range(self.saved.count()) if (g := self.saved.itemData(i)) and g.id == select_id), 0)
            )

    def apply_saved(self) -> None:
        """Fill the group fields from the chosen saved group (the rest of the form stays as typed)."""
        group: condolence_groups.SavedGroup | None = self.saved.currentData()
        if group is None:
            return
        self.group.setCurrentIndex(max(self.group.findData(group.group), 0))
        for i in range(self.unit.count()):
            item = self.unit.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in group.unit_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.ethnicity.setText(group.ethnicity)
        self.women_only.setChecked(group.women_only)
        self._stale()

    def save_current_group(self) -> None:
        current: condolence_groups.SavedGroup | None = self.saved.currentData()
        name, ok = QInputDialog.getText(
            self, "保存为常用发放对象", "名称（如：甘河林场女会员）：", text=current.name if current else ""
        )
        if not ok:
            return
        try:
            spec = self.spec()
            with self.db.write() as s:
                saved = condolence_groups.save_group(s, name, spec, actor=self.db.actor)
        except DomainError as exc:
            self._show_error(exc)
            return
        self.error.hide()
        self._load_saved(saved.id)

    def fill_festivals(self) -> None:
        try:
            day = self.visit_date.value() or self.today
        except DomainError:
            return  # half-typed date: keep the list until it reads
        chosen = self.festival.currentData()
        self.festival.blockSignals(True)
        self.festival.clear()
        for code, label in condolence_rules.festivals_on(day, self.ethnic_festivals):
            self.festival.addItem(label, code)
        self.festival.setCurrentIndex(max(self.festival.findData(chosen), 0))
        self.festival.blockSignals(False)

    def _festival_chosen(self) -> None:
        """An ethnic festival's goods go to its ethnicity: the group follows (the clerk may still change it)."""
        try:
            day = self.visit_date.value() or self.today
        except DomainError:
            return
        found = condolence_rules.ethnic_festival_on(self.festival.currentData() or "", day, self.ethnic_festivals)
        if found is not None:
            self.group.setCurrentIndex(max(self.group.findData("ethnicity"), 0))
            self.ethnicity.setText(found.ethnicity)

    def _group_changed(self) -> None:
        group = self.group.currentData()
        self.unit.setEnabled(group == "units")
        self.ethnicity.setEnabled(group == "ethnicity")

    def _stale(self) -> None:
        """Anything changed after a preview: the preview no longer shows what 创建 would do."""
        self.create_button.setEnabled(False)

    def spec(self) -> condolence_batches.BatchSpec:
        errors: dict[str, str] = {}
        money: dict[str, int] = {}
        for key, edit, label in (("goods_fen", self.goods_value, "慰问品价值"), ("cash_fen", self.cash, "慰问金")):
            try:
                money[key] = condolence_rules.parse_yuan(edit.text(), label=label, field=key)
            except DomainError as e:
                errors[key] = e.message
        try:
            day = self.visit_date.value()
        except DomainError as e:
            errors["visit_date"] = e.message
            day = None
        if errors:
            raise FieldErrors(errors)
        festival = self.festival.currentData() or ""
        occasion = self.occasion.currentData()
        draft = VisitDraft(
            occasion=occasion,
            visit_date=day,
            festival=festival if occasion == "festival" else "",
            cause="" if occasion == "festival" else self.title.text().strip(),
            goods=self.goods.text().strip(),
            visitors=self.visitors.text().strip(),
            goods_fen=money["goods_fen"],
            cash_fen=money["cash_fen"],
        )
        units = tuple(
            self.unit.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.unit.count())
            if self.unit.item(i).checkState() == Qt.CheckState.Checked
        )
        return condolence_batches.BatchSpec(
            self.title.text().strip(),
            draft,
            group=self.group.currentData(),
            unit_ids=units,
            ethnicity=self.ethnicity.text().strip(),
            women_only=self.women_only.isChecked(),
        )

    def _show_error(self, exc: DomainError) -> None:
        self.error.setText(str(exc))
        self.error.show()

    def run_preview(self) -> tasks.Task | None:
        """Check the form, then list the group in the background (20,000 members take ~0.3 s)."""
        self.error.hide()
        self.preview = None
        self.create_button.setEnabled(False)
        try:
            spec = self.spec()
            if not spec.title:
                raise FieldErrors({"title": "请填写批次名称（如：2026年春节慰问）"})
        except DomainError as exc:
            self._show_error(exc)
            return None
        db, today = self.db, self.today

        def work(_job: Job) -> condolence_batches.BatchPreview:
            with db.read() as s:
                return condolence_batches.preview_batch(s, spec, today=today)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                self._show_error(exc)
            else:
                prompts.show_error(self, "预览", exc)

        self.task = tasks.Task(
            self,
            work,
            title="预览发放名单",
            label="正在列出发放对象…",
            on_success=self.show_preview,
            on_failure=failed,
            cancellable=False,
        ).start()
        return self.task

    def show_preview(self, preview: condolence_batches.BatchPreview) -> None:
        self.preview = preview
        lines = preview.lines
        self.table.setRowCount(min(len(lines), PREVIEW_ROWS))
        red = QColor("#b00020")
        for i, line in enumerate(lines[:PREVIEW_ROWS]):
            cells = (
                line.name,
                line.unit_name,
                condolence_rules.yuan(line.value_fen),
                condolence_rules.describe(line.violations),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if line.over:
                    item.setForeground(red)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        over = len(preview.over)
        ok_total = sum(line.value_fen for line in lines if not line.over)
        shown = f"（列出前 {PREVIEW_ROWS} 人）" if len(lines) > PREVIEW_ROWS else ""
        self.summary.setText(
            f"共 {len(lines)} 人{shown}，合计 {condolence_rules.yuan(preview.total_fen)} 元；"
            f"其中 {over} 人超出慰问标准（红色）。"
            + (f"跳过他们则发放 {len(lines) - over} 人，{condolence_rules.yuan(ok_total)} 元。" if over else "")
        )
        self.summary.setStyleSheet(ERROR_STYLE if over else HINT_STYLE)
        self.create_button.setEnabled(bool(lines))

    def create_batch(self) -> None:  # not create(): that is QWidget's, which Qt calls itself
        if self.preview is None:
            return
        try:
            spec = self.spec()
        except DomainError as exc:
            self._show_error(exc)
            return
        reason = self.reason.text().strip() if self.override.isChecked() else ""
        if self.override.isChecked() and self.preview.over and len(reason) < 4:
            self._show_error(DomainError("请写明特批理由（批准人和理由），或选择“跳过超标人员”"))
            return
        db, today, skip = self.db, self.today, self.skip.isChecked()

        def work(job: Job) -> tuple[int, int, int]:
            with db.write() as s:
                batch, made, skipped = condolence_batches.create_batch(
                    s, spec, actor=db.actor, skip_over=skip, override_reason=reason, today=today, job=job
                )
                return batch.id, made, skipped

        def done(result: tuple[int, int, int]) -> None:
            self.created_id, made, skipped = result
            note = f"，跳过 {skipped} 人" if skipped else ""
            prompts.inform(self, "新建发放批次", f"已登记 {made} 人{note}。可在“发放批次”中打印签收表。")
            self.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                self._show_error(exc)
            else:
                prompts.show_error(self, "新建发放批次", exc)

        self.task = tasks.Task(
            self, work, title="新建发放批次", label="正在登记发放名单…", on_success=done, on_failure=failed
        ).start()

    def values(self) -> dict[str, Any]:  # for tests: what the form says now
        return {"title": self.title.text(), "group": self.group.currentData()}
