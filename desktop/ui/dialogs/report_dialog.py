"""A long text report (e.g. why an import was refused) with 复制 / 保存报告 and optional extra actions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import prompts


class ReportDialog(QDialog):
    """``extra`` buttons end the dialog with their index as ``choice``; 关闭 leaves ``choice`` None."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        summary: str,
        text: str,
        extra: Sequence[str] = (),
        suggested_name: str = "报告.txt",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.report_text = text
        self.suggested_name = suggested_name
        self.choice: int | None = None
        heading = QLabel(summary)
        heading.setWordWrap(True)
        self.view = QPlainTextEdit(text)
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox()
        copy = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        save = buttons.addButton("保存报告…", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        save.clicked.connect(self.save)
        for n, text_ in enumerate(extra):
            button = QPushButton(text_)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _c=False, n=n: self._choose(n))
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        close.setDefault(not extra)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(760, 520)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        summary: str,
        text: str,
        extra: Sequence[str] = (),
        suggested_name: str = "报告.txt",
    ) -> int | None:
        dialog = cls(parent, title, summary, text, extra, suggested_name)
        dialog.exec()
        return dialog.choice

    def _choose(self, n: int) -> None:
        self.choice = n
        self.accept()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)

    def save(self) -> None:
        path = prompts.save_file(self, "保存报告", "文本文件 (*.txt)", self.suggested_name)
        if path is None:
            return
        try:
            # UTF-8 with BOM so Windows Notepad on old PCs shows the Chinese correctly.
            path.write_text(self.report_text, encoding="utf-8-sig")
        except OSError as exc:
            prompts.show_error(self, "保存报告", exc)
