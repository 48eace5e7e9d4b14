"""设置 → 四期保护规则: the policy numbers in force, where each comes from, and their dated changes.

Nothing is edited in place or deleted: a change is a new value valid from a date on, so a woman who gave
birth before an amendment keeps what she was granted. The dialog shows each rule's history and adds
changes through desktop.services.protections.rules.set_rule.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.dates import format_date
from desktop.core.errors import DomainError, FieldErrors
from desktop.services.database import Database
from desktop.services.protections import rules as protection_rules
from desktop.services.protections.rules import RuleChange, RuleInfo
from desktop.ui import prompts
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.detail_pane import local_time
from desktop.ui.widgets.record_dialog import ERROR_STYLE, HINT_STYLE

UNCONFIRMED = "未确认"
AFFECTED_SHOWN = 15  # cases named in the confirmation; the rest are counted
RULE_COLUMNS = ("规则", "现行值", "单位", "生效日期", "以后的变更", "依据", "核实")
HISTORY_COLUMNS = ("生效日期", "数值", "说明", "录入人", "录入时间")


def _item(text: str, tip: str = "", *, center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    if center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


def value_before(info: RuleInfo, day: date) -> int:
    """The value in force the day before ``day`` — what a change from ``day`` replaces."""
    earlier = [c for c in info.history if c.effective_from < day]
    return earlier[-1].value if earlier else info.default


class RulesDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.changed = False
        self.rules: list[RuleInfo] = []
        self.setWindowTitle("设置 — 四期保护规则")

        intro = QLabel(
            "下列数字用于计算产假、流产假、孕晚期（不得安排夜班、加班）和哺乳期等日期，"
            "各表单的提示文字也按这些数字显示。法规修订时，请在下方“添加变更”中"
            "填写新值和生效日期：自该日起分娩（流产）的女职工按新值计算，之前的不受影响；原值一直保留。"
        )
        intro.setWordWrap(True)
        self._build_rules_table()
        self._build_history_box()
        self._build_add_box()

        lower = QHBoxLayout()
        lower.addWidget(self.history_box, 3)
        lower.addWidget(self.add_box, 2)
        close = QDialogButtonBox()
        close.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 3)
        lay.addLayout(lower, 2)
        lay.addWidget(close)
        self.load()
        self.table.selectRow(0)
        screen = self.screen().availableGeometry()
        self.resize(min(1200, int(screen.width() * 0.95)), min(700, int(screen.height() * 0.92)))

    def _build_rules_table(self) -> None:
        """The rules in force, one a row; choosing one shows its history and fills the add form's unit."""
        self.table = QTableWidget(0, len(RULE_COLUMNS))
        self.table.setHorizontalHeaderLabels(RULE_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)

    def _build_history_box(self) -> None:
        self.history_box = QGroupBox("变更记录")
        self.history = QTableWidget(0, len(HISTORY_COLUMNS))
        self.history.setHorizontalHeaderLabels(HISTORY_COLUMNS)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.history_box).addWidget(self.history)

    def _build_add_box(self) -> None:
        """A dated change: new value, effective date and its basis, with the error and done lines."""
        self.add_box = QGroupBox("添加变更")
        self.value_edit = QLineEdit()
        self.value_edit.setMaxLength(6)
        self.unit_label = QLabel()
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.unit_label)
        self.date_field = DateField()
        self.date_field.edit.setPlaceholderText("年-月-日")
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText("依据的文件、文号，如：内蒙古人口与计划生育条例（2026年修正）")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(HINT_STYLE)
        self.add_button = QPushButton("添加变更")
        self.add_button.clicked.connect(self.add_change)
        form = QFormLayout(self.add_box)
        form.addRow("新值", value_row)
        form.addRow("生效日期", self.date_field)
        form.addRow("说明", self.note_edit)
        form.addRow(self.error)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.done_label, 1)
        buttons_row.addWidget(self.add_button)
        form.addRow(buttons_row)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database) -> bool:
        """Modal; True when a change was added (the tab recomputes its dates). Tests replace this method."""
        dialog = cls(parent, db)
        dialog.exec()
        return dialog.changed

    # -- reading -------------------------------------------------------------------------------------
    def load(self, select_key: str | None = None) -> None:
        with self.db.read() as s:
            self.rules = protection_rules.list_rules(s, self.today)
        self.table.setRowCount(len(self.rules))
        for n, info in enumerate(self.rules):
            since = format_date(info.effective_from) if info.effective_from else "默认"
            later = [c for c in info.history if c.effective_from > self.today]
            upcoming = "；".join(f"{format_date(c.effective_from)}起 {c.value}{info.unit}" for c in later)
            used = "" if info.in_rules else "仅供查阅，不参与日期计算"
            cells = [
                _item(info.label, used),
                _item(str(info.value), f"默认值 {info.default}{info.unit}", center=True),
                _item(info.unit, center=True),
                _item(since, "程序内置的默认值（domain.md）" if not info.effective_from else "", center=True),
                _item(upcoming),
                _item(info.source, info.source),
                _item(
                    UNCONFIRMED if not info.confirmed else "",
                    "未能核对官方原文，使用前请向上级工会核实" if not info.confirmed else "",
                    center=True,
                ),
            ]
            if not info.confirmed:
                cells[6].setForeground(QColor("#b00020"))
            if later:
                cells[4].setForeground(QColor("#8a5a00"))
            for col, cell in enumerate(cells):
                self.table.setItem(n, col, cell)
        if select_key is not None:
            row = next((n for n, r in enumerate(self.rules) if r.key == select_key), 0)
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> RuleInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        info = self.selected()
        self.add_box.setEnabled(info is not None)
        if info is None:
            self.history.setRowCount(0)
            return
        self.history_box.setTitle(f"变更记录：{info.label}")
        self.add_box.setTitle(f"添加变更：{info.label}")
        self.unit_label.setText(info.unit)
        low, high = protection_rules.RULE_BY_KEY[info.key].low, protection_rules.RULE_BY_KEY[info.key].high
        self.value_edit.setPlaceholderText(f"{low}–{high} 的整数")
        rows: list[tuple[str, str, str, str, str]] = [("默认", str(info.default), info.source, "程序内置", "")]
        rows += [self._history_row(c) for c in info.history]
        self.history.setRowCount(len(rows))
        for n, row in enumerate(rows):
            for col, text in enumerate(row):
                self.history.setItem(n, col, _item(text, text if col == 2 else "", center=col in (0, 1)))

    def _history_row(self, c: RuleChange) -> tuple[str, str, str, str, str]:
        since = format_date(c.effective_from) + ("（尚未生效）" if c.effective_from > self.today else "")
        return since, str(c.value), c.note, c.created_by, local_time(c.created_at)

    def history_texts(self) -> list[list[str]]:
        """The history table as text (tests)."""
        return [
            [item.text() if (item := self.history.item(r, c)) else "" for c in range(self.history.columnCount())]
            for r in range(self.history.rowCount())
        ]

    # -- adding a change -----------------------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def add_change(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.done_label.clear()
        text = self.value_edit.text().strip()
        problems: list[str] = []
        value: int | None = None
        try:
            value = int(text)
        except ValueError:
            problems.append(f"新值：请填写整数（{info.unit}）" if not text else f"新值“{text}”不是整数")
        try:
            day = self.date_field.value()
            if day is None:
                problems.append("请填写生效日期")
        except DomainError as exc:
            day = None
            problems.append(f"生效日期：{exc.message}")
        if problems or value is None or day is None:
            self._show_error("\n".join(problems))
            return
        old = value_before(info, day)
        effect = "此日及以后分娩（流产）的女职工按新值计算，之前的不受影响" if info.in_rules else "此日及以后按新值"
        change = f"自 {format_date(day)} 起，“{info.label}”由 {old}{info.unit} 改为 {value}{info.unit}。"
        try:
            with self.db.read() as s:
                affected = protection_rules.preview_change(s, info.key, value, day, today=self.today)
        except FieldErrors as exc:
            self._show_error("\n".join(exc.errors.values()))
            return
        # #18 item 5: name every case the change would move before it is made (a backdated change above all).
        text = f"{change}\n{effect}；原值保留在变更记录中。"
        if affected:
            backdated = "生效日期早于今天（追溯变更），" if day < self.today else ""
            shown = [f"· {a.text()}" for a in affected[:AFFECTED_SHOWN]]
            more = [f"……另有{len(affected) - AFFECTED_SHOWN}人"] if len(affected) > AFFECTED_SHOWN else []
            text = (
                f"{change}\n\n{backdated}以下{len(affected)}条已登记的四期保护计算将受影响：\n"
                + "\n".join(shown + more)
                + "\n\n产假已开始的保留原规则，不随本次变更移动；每条登记的历史中记录本次变更。"
            )
        if not prompts.confirm(self, "添加规则变更", text, ok="添加变更", cancel="再想想"):
            return
        try:
            with self.db.write() as s:
                protection_rules.set_rule(
                    s,
                    info.key,
                    value,
                    day,
                    self.note_edit.text(),
                    actor=self.db.actor,
                    today=self.today,
                    confirmed=True,
                )
        except FieldErrors as exc:
            self._show_error("\n".join(exc.errors.values()))
            return
        except Exception as exc:  # shown to the clerk; nothing was written
            prompts.show_error(self, "添加规则变更", exc)
            return
        self.changed = True
        self._show_error("")
        self.value_edit.clear()
        self.note_edit.clear()
        self.date_field.set_value(None)
        self.load(select_key=info.key)
        self.done_label.setText(f"已添加：自 {format_date(day)} 起 {info.label} {value}{info.unit}")
