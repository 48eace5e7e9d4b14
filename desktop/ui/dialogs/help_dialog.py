"""帮助 → 快速入门 (F1): the five most common tasks in plain Chinese, read from resources/help/.

The text lives in an HTML file, not in code, so whoever knows the office's work can reword it without touching
the program. The window is not modal: a clerk follows the steps in the main window with the page still open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.paths import resources_dir

QUICK_START = "quick-start.html"


def help_file(name: str = QUICK_START) -> Path:
    return resources_dir() / "help" / name


def quick_start_html() -> str:
    path = help_file()
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return (
            f"<h2>快速入门</h2><p>帮助文件 {path} 无法读取，可能是程序文件不完整。"
            "请重新安装程序，或把这句话告诉维护人员。</p>"
        )


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("快速入门")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(help_file().parent)])
        self.browser.setHtml(quick_start_html())
        buttons = QDialogButtonBox()
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        # Fits a 1366×768 screen beside the main window's content at every font size.
        self.resize(760, 620)

    def show_section(self, anchor: str) -> None:
        """Scroll to one task ("roster", "pregnancy", "condolence", "exams", "hq", "backup")."""
        self.browser.scrollToAnchor(anchor)


_open: HelpDialog | None = None


def show_quick_start(parent: QWidget | None, anchor: str = "") -> HelpDialog:
    """Open the page, or bring the one already open to the front (F1 twice gives one window)."""
    global _open
    from shiboken6 import isValid

    # A page whose window was closed and deleted (or another window's page) is not reused.
    if _open is None or not isValid(_open) or _open.parent() is not parent:
        _open = HelpDialog(parent)
        _open.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    _open.show()
    _open.raise_()
    _open.activateWindow()
    if anchor:
        _open.show_section(anchor)
    return _open
