"""首次设置: a new data file asks for the union, its code, the company and the unit tree before anything else.

The units can be typed, pasted from a Word list or an Excel column (indentation or "甘河林场/营林一班" paths),
or read from the 所属单位 column of the roster the clerk is about to import; a preview shows the tree that
will be made. Everything can be changed later under 设置 → 单位与组织.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DomainError
from desktop.core.roles import Permission
from desktop.core.unit_outline import parse_outline, under_company
from desktop.services.database import Database
from desktop.services.first_run import SetupResult, apply_setup, company_name, setup_state, units_in_roster
from desktop.services.office import unit_tree
from desktop.ui import prompts

EXAMPLE = "甘河林场\n    营林一班\n    营林二班\n吉文林场/管护站\n营林科"
INTRO = (
    "先填好本单位的信息和下属单位，之后就可以新增或导入职工（每名职工都要归到一个单位下）。"
    "这些内容以后都可以在“设置 → 单位与组织”中修改。"
)


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result_: SetupResult | None = None
        self.setWindowTitle("首次设置")
        with db.read() as s:
            state = setup_state(s)
            company = company_name(s)
            existing = [n.path for n in unit_tree(s, include_retired=False)]

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.name = QLineEdit(state.office_name)
        self.name.setPlaceholderText("如 阿里河森工公司工会")
        self.code = QLineEdit(state.office_code)
        self.code.setPlaceholderText("2–20位字母或数字，如 ALH")
        self.code.setToolTip("上报集团工会时区分各单位的数据；由集团工会统一分配时请照填")
        self.code.setValidator(QRegularExpressionValidator(r"[A-Za-z0-9]{0,20}", self.code))
        self.company = QLineEdit(company)
        self.company.setPlaceholderText("最上级单位，如 阿里河森工公司（可不填）")
        self.name.editingFinished.connect(self._suggest_company)
        form = QFormLayout()
        form.addRow("工会名称", self.name)
        form.addRow("单位代码", self.code)
        form.addRow("公司", self.company)

        how = QLabel(
            "下属单位：每行一个。下级单位比上级多缩进几个空格，或写成“甘河林场/营林一班”。可以从 Word、Excel 直接粘贴。"
        )
        how.setWordWrap(True)
        self.outline = QPlainTextEdit()
        self.outline.setPlaceholderText(f"例如：\n{EXAMPLE}")
        self.outline.setTabChangesFocus(True)
        if existing:
            self.outline.setPlainText("\n".join(under_company(existing, company)))
        from_roster = QPushButton("从花名册文件读取单位…")
        from_roster.setToolTip("读取人事部门花名册（Excel）中“所属单位”一列出现的全部单位")
        from_roster.clicked.connect(self.read_roster)
        left = QVBoxLayout()
        left.addWidget(how)
        left.addWidget(self.outline, 1)
        left.addWidget(from_roster, 0, Qt.AlignmentFlag.AlignLeft)

        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(["将建立的单位结构"])
        self.preview.setRootIsDecorated(True)
        self.count = QLabel()
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.count)
        units = QHBoxLayout()
        units.addLayout(left, 3)
        units.addLayout(right, 2)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("完成设置", QDialogButtonBox.ButtonRole.AcceptRole)
        later = buttons.addButton("以后再说", QDialogButtonBox.ButtonRole.RejectRole)
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.save)
        later.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(units, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # re-read the outline a moment after typing stops, not on every key
        self._timer.timeout.connect(self.update_preview)
        self.outline.textChanged.connect(self._timer.start)
        self.company.textChanged.connect(self._timer.start)
        self.update_preview()
        self.resize(900, 600)  # inside a 1366×768 screen with its task bar, at every font size

    # -- reading ---------------------------------------------------------------------------------------
    def _suggest_company(self) -> None:
        name = "".join(self.name.text().split())
        if not self.company.text().strip() and name.endswith("工会") and len(name) > 2:
            self.company.setText(name[:-2])

    def paths(self) -> list[str]:
        """The unit paths below the company, as the outline describes them (DomainError for a bad line)."""
        return under_company(parse_outline(self.outline.toPlainText()), self.company.text())

    def update_preview(self) -> None:
        self.preview.clear()
        try:
            paths = self.paths()
        except DomainError as exc:
            self._show_error(exc.message)
            self.count.setText("")
            return
        self._show_error("")
        company = "".join(self.company.text().split())
        top: QTreeWidgetItem | None = QTreeWidgetItem([company]) if company else None
        if top is not None:
            self.preview.addTopLevelItem(top)
        items: dict[str, QTreeWidgetItem] = {}
        for path in paths:
            parent_path, _, name = path.rpartition("/")
            item = QTreeWidgetItem([name])
            parent = items.get(parent_path) if parent_path else top
            if parent is None:
                self.preview.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[path] = item
        self.preview.expandAll()
        self.count.setText(f"共 {len(paths) + (1 if company else 0)} 个单位" if paths or company else "还没有填写单位")

    def read_roster(self, path: Path | None = None) -> None:
        if path is None:
            path = prompts.open_file(self, "从花名册读取单位", "Excel 工作簿 (*.xlsx *.xlsm)")
            if path is None:
                return
        try:
            found = units_in_roster(path)
        except DomainError as exc:
            prompts.warn(self, "从花名册读取单位", exc.message)
            return
        except Exception as exc:  # a damaged or locked file, in words
            prompts.show_error(self, "从花名册读取单位", exc)
            return
        current = self.outline.toPlainText().rstrip()
        self.outline.setPlainText((current + "\n" if current else "") + "\n".join(found))
        self.update_preview()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- saving ----------------------------------------------------------------------------------------
    def save(self) -> None:
        self._timer.stop()
        if not self.name.text().strip():
            self._show_error("请填写工会名称，如 阿里河森工公司工会")
            self.name.setFocus()
            return
        if len(self.code.text().strip()) < 2:
            self._show_error("请填写单位代码：2–20位字母或数字，如 ALH（上报集团工会时区分各单位）")
            self.code.setFocus()
            return
        try:
            paths = self.paths()
            with self.db.write() as s:
                self.result_ = apply_setup(
                    s,
                    office_name=self.name.text(),
                    office_code=self.code.text(),
                    company=self.company.text(),
                    unit_paths=paths,
                    actor=self.db.actor,
                )
        except DomainError as exc:
            self._show_error(exc.message)
            return
        except Exception as exc:  # a full disk or a locked file: nothing was written
            prompts.show_error(self, "首次设置", exc)
            return
        self.accept()

    @classmethod
    def ask(cls, db: Database, parent: QWidget | None = None) -> SetupResult | None:
        dialog = cls(db, parent)
        dialog.exec()
        return dialog.result_


def offer(db: Database, parent: QWidget | None = None) -> SetupResult | None:
    """Show the setup when the file is new and the account may set it up; else nothing (None)."""
    if not db.can(Permission.SETTINGS):
        return None
    with db.read() as s:
        if not setup_state(s).is_new:
            return None
    return FirstRunDialog.ask(db, parent)
