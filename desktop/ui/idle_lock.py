"""The lock screen: after some minutes without keyboard or mouse, the window hides its data until the
signed-in account's password is typed again (issue #15).

A dialog being filled in is never closed by the lock (nothing typed may be lost): the window locks as soon as
the dialog is closed. The password counts towards the five-try lockout like a sign-in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import accounts
from desktop.ui import prefs

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

DEFAULT_MINUTES = 10
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def lock_minutes() -> int:
    minutes = prefs.int_setting("security/lock_minutes", DEFAULT_MINUTES)
    return max(1, min(minutes, 120))


class LockPage(QWidget):
    """Stands in place of the tabs while locked."""

    def __init__(self, window: MainWindow, saved: QWidget) -> None:
        super().__init__()
        self.window_ = window
        self.saved = saved
        db = window.db
        account = db.account
        title = QLabel(f"屏幕已锁定\n{account.label if account else ''}")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        title.setFont(font)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.password.setMaximumWidth(280)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        unlock = QPushButton("解锁")
        quit_ = QPushButton("退出程序")
        unlock.clicked.connect(self.unlock)
        self.password.returnPressed.connect(self.unlock)
        quit_.clicked.connect(window.close)
        row = QHBoxLayout()
        row.addStretch(1)
        for w in (self.password, unlock, quit_):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(2)

    def unlock(self) -> None:
        db = self.window_.db
        username = db.account.username if db.account else ""
        try:
            accounts.sign_in(db, username, self.password.text())
        except Exception as exc:  # SignInError (wrong, locked, disabled): one line
            self.error.setText(str(exc))
            self.password.clear()
            return
        unlock_window(self.window_)


def is_locked(window: QMainWindow) -> bool:
    return isinstance(window.centralWidget(), LockPage)


def lock_window(window: MainWindow) -> bool:
    """Lock now; False when a dialog is open (the next check locks once it is closed)."""
    if is_locked(window):
        return True
    if QApplication.activeModalWidget() is not None:
        return False
    saved = window.takeCentralWidget()
    assert saved is not None  # the window's tabs: there from the start
    page = LockPage(window, saved)
    window.setCentralWidget(page)
    window.menuBar().setEnabled(False)
    page.password.setFocus()
    return True


def unlock_window(window: QMainWindow) -> None:
    page = window.centralWidget()
    if not isinstance(page, LockPage):
        return
    window.takeCentralWidget()
    window.setCentralWidget(page.saved)
    window.menuBar().setEnabled(True)
    page.deleteLater()


class IdleWatcher(QObject):
    """Counts time since the last keyboard or mouse input anywhere in the program; locks the window after it."""

    def __init__(self, window: MainWindow, minutes: int | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.limit_ms = (minutes or lock_minutes()) * 60_000
        self.idle_ms = 0
        self.timer = QTimer(self)
        self.timer.setInterval(min(30_000, self.limit_ms))
        self.timer.timeout.connect(self._tick)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.idle_ms = 0
        return False

    def _tick(self) -> None:
        self.idle_ms += self.timer.interval()
        if self.idle_ms >= self.limit_ms:
            lock_window(self.window_)
