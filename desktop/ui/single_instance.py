"""One program per data file: a second start on the same file is told so instead of opening it twice.

The lock itself lives in ``desktop.services.file_lock`` because the command line takes the same lock before
it writes (an import while the window is open would otherwise race it); this module keeps the one lock the
window holds for the file it has open, and hands it over when the clerk switches files.

A second start asks the running window for its title (to name it in the message) and, when the clerk has read
the message, to come to the front. The two talk through two small files beside the lock (a request and an
answer), which the running window looks for a few times a second: no QtNetwork in the bundle (its size budget
is tight), nothing listening on a port, and it works wherever the lock itself can be written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.atomic_file import write_atomically
from desktop.services.file_lock import (
    DataFileLock,
    Holder,
    already_open_message,
    claim,
    host_name,
    lock_path_for,
)

__all__ = [
    "DataFileLock",
    "Holder",
    "already_open_message",
    "claim",
    "hold",
    "lock_path_for",
    "release_held",
    "serve_window",
    "tell_already_open",
]

POLL_MS = 250  # how often the running window looks for a request
ANSWER_SECONDS = 2.0  # how long a second start waits for the running window to answer

# The lock of the data file this process has open; switching files (文件 → 新建/打开数据文件…) hands it over.
_held: DataFileLock | None = None
_door: FrontDoor | None = None
_window: QWidget | None = None


def _request_path(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".front")


def _answer_path(lock_path: Path, pid: int) -> Path:
    return lock_path.with_name(f"{lock_path.name}.answer-{pid}")


def _write_atomically(path: Path, text: str) -> bool:
    """A request or an answer, whole or not at all: the other process may read it at any moment."""
    try:
        write_atomically(path, text)
        return True
    except OSError:
        return False


def window_title(widget: QWidget) -> str:
    """The title as the title bar shows it: Qt adds the program's name unless the title ends with it."""
    title = widget.windowTitle()
    name = QApplication.applicationDisplayName()
    if name and not title.endswith(name):
        title = f"{title} — {name}" if title else name
    return title


def bring_to_front(widget: QWidget) -> None:
    if widget.isMinimized():
        widget.showNormal()
    widget.show()
    widget.raise_()
    widget.activateWindow()
    if sys.platform == "win32":
        # Qt only flashes the taskbar button of a program that is not in front; the second start allowed us
        # (AllowSetForegroundWindow), so take the foreground the way Windows permits.
        import ctypes

        ctypes.windll.user32.SetForegroundWindow(int(widget.winId()))


def _front_widget() -> QWidget | None:
    """What the clerk should see: the main window, or before it exists the sign-in box on screen."""
    from shiboken6 import isValid

    if _window is not None and isValid(_window) and _window.isVisible():
        return _window
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    return shown[0] if shown else None


class FrontDoor(QObject):
    """The running window's side: answers a second start's requests for this lock's data file."""

    def __init__(self, lock: DataFileLock, target: Callable[[], QWidget | None] = _front_widget) -> None:
        super().__init__(QApplication.instance())
        self.lock = lock
        self.request = _request_path(lock.lock_path)
        self.target = target
        with contextlib.suppress(OSError):
            self.request.unlink()  # left by a second start while nobody held the file: not for us
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.deleteLater()

    def check(self) -> bool:
        """Answer a waiting request, if any; True when one was answered."""
        try:
            lines = self.request.read_text(encoding="utf-8").splitlines()
        except OSError:
            return False
        with contextlib.suppress(OSError):
            self.request.unlink()
        if len(lines) < 3 or not lines[1].isdigit():
            return False
        kind, pid, host = lines[0], int(lines[1]), lines[2]
        if host.lower() != host_name().lower():
            return False  # a start on another computer: raising a window here would only surprise someone
        widget = self.target()
        if widget is None:
            return False
        if kind == "front":
            bring_to_front(widget)
        _write_atomically(_answer_path(self.lock.lock_path, pid), window_title(widget))
        return True


def ask_running(lock_path: Path, kind: str, wait_seconds: float | None = None) -> str | None:
    """The second start's side: send ``kind`` ("title" or "front") to the running window and return its title,
    or None when no window answered in time (a command-line program, another computer, a hung window)."""
    answer = _answer_path(lock_path, os.getpid())
    with contextlib.suppress(OSError):
        answer.unlink()
    if not _write_atomically(_request_path(lock_path), f"{kind}\n{os.getpid()}\n{host_name()}\n"):
        return None
    deadline = time.monotonic() + (ANSWER_SECONDS if wait_seconds is None else wait_seconds)
    while time.monotonic() < deadline:
        try:
            title = answer.read_text(encoding="utf-8")
        except OSError:
            time.sleep(0.05)
            continue
        with contextlib.suppress(OSError):
            answer.unlink()
        return title.strip()
    with contextlib.suppress(OSError):
        _request_path(lock_path).unlink()
    return None


def _allow_foreground(pid: int) -> None:
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(pid)


def already_open_text(data_file: Path, holder: Holder | None, title: str | None) -> str:
    """The message for a second start: which window has the file, by its title, and what to do."""
    if title is None or holder is None:
        return already_open_message(data_file, holder)
    return (
        f"数据文件 {data_file.name} 已在本机另一个窗口中打开：\n“{title}”（进程 {holder.pid}）\n\n"
        "同一个数据文件同时打开两次，后保存的内容会覆盖先保存的，所以这次不再打开。"
        "点“切换到已打开的窗口”，在那个窗口里继续工作。\n\n"
        f"文件位置：{data_file}"
    )


def show_blocking(title: str, text: str, button: str) -> None:
    """A message the clerk must see before the program ends: exec(), not open(), since nothing runs after."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton)
    box.setDefaultButton(box.addButton(button, QMessageBox.ButtonRole.AcceptRole))
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 32em; }")  # the window's title on one line
    box.exec()


def tell_already_open(data_file: Path) -> str:
    """A second start on a file that is open: name the other window in a blocking message, then ask it to come
    to the front. Returns the message shown."""
    data_file = data_file.expanduser().resolve()
    lock_path = lock_path_for(data_file)
    holder = DataFileLock(data_file, lock_path).holder()
    here = holder is not None and holder.what == "窗口" and holder.host.lower() == host_name().lower()
    title = ask_running(lock_path, "title") if here else None
    text = already_open_text(data_file, holder, title)
    show_blocking("数据文件已打开", text, "切换到已打开的窗口" if title is not None else "确定")
    if title is not None and holder is not None:
        _allow_foreground(holder.pid)
        ask_running(lock_path, "front")
    return text


def serve_window(window: QWidget | None) -> None:
    """The window a second start brings to the front (None when it closes)."""
    global _window
    _window = window


def hold(lock: DataFileLock) -> None:
    """Keep ``lock`` for as long as its file is open here, releasing the one held before, and answer second
    starts on its file."""
    global _held, _door
    if _held is not None and _held is not lock:
        _held.release()
    _held = lock
    if _door is not None:
        _door.stop()
        _door = None
    if QApplication.instance() is not None and lock.lock_path.parent.is_dir():
        _door = FrontDoor(lock)


def held() -> DataFileLock | None:
    return _held


def release_held() -> None:
    global _held, _door
    if _door is not None:
        _door.stop()
        _door = None
    if _held is not None:
        _held.release()
        _held = None
