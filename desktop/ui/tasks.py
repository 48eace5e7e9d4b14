"""Background work with a progress dialog (after Anki's QueryOp/CollectionOp).

``fn(job)`` runs on a pool thread and must not touch widgets; it reports through ``job.step`` and stops
with ``Cancelled`` when the clerk presses 取消. Success, failure and cancellation are delivered on the GUI
thread through Qt signals, so callbacks may update the screen.

    Task(self, lambda job: export_roster(db, path, flt, job=job), title="导出花名册",
         on_success=lambda n: prompts.inform(self, "导出花名册", f"已导出 {n} 人")).start()
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.core.progress import Cancelled, Job
from desktop.ui import prompts

SHOW_AFTER_MS = 300  # quick jobs finish without a dialog flashing up
_PROGRESS_INTERVAL_S = 0.05  # at most ~20 updates a second reach the GUI, however often the job steps

_running: set[Task] = set()


def running() -> list[Task]:
    return list(_running)


def wait_all(timeout_ms: int = 30000) -> bool:
    """Cancel nothing, just wait (used when the window closes after the clerk agreed to wait)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class ProgressDialog(QDialog):
    """Label, bar and 取消; closing the window also asks the job to stop."""

    def __init__(self, parent: QWidget | None, title: str, label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(360)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setVisible(cancellable)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.cancel_button.clicked.connect(self.reject)

    def set_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if message:
            self.label.setText(message)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:  # pool thread: only signals leave this method
        task = self.task
        try:
            result = task.fn(task.job)
        except Cancelled:
            task._cancelled_sig.emit()
        except BaseException as exc:  # every failure must reach the GUI thread, not vanish
            task._failed_sig.emit(exc)
        else:
            task._succeeded_sig.emit(result)


class Task(QObject):
    """One background operation. Keep no reference: running tasks are held until they finish."""

    progressed = Signal(int, int, str)
    finished = Signal()  # after the success/failure/cancel callback ran
    _succeeded_sig = Signal(object)
    _failed_sig = Signal(object)
    _cancelled_sig = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Job], Any],
        *,
        title: str,
        label: str = "正在处理，请稍候…",
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        cancellable: bool = True,
    ) -> None:
        super().__init__()
        self.parent_widget = parent
        self.fn = fn
        self.title = title
        self.label = label
        self.on_success = on_success
        self.on_failure = on_failure
        self.on_cancel = on_cancel
        self.cancellable = cancellable
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self._last_emit = 0.0
        self.job = Job(self._report)
        self.dialog: ProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._succeeded_sig.connect(self._on_succeeded)
        self._failed_sig.connect(self._on_failed)
        self._cancelled_sig.connect(self._on_cancelled)
        self.progressed.connect(self._on_progress)

    def start(self) -> Task:
        _running.add(self)
        self._timer.start(SHOW_AFTER_MS)
        QThreadPool.globalInstance().start(_Runner(self))
        return self

    def cancel(self) -> None:
        self.job.cancel()
        if self.dialog is not None:
            self.dialog.label.setText("正在取消，请稍候…")
            self.dialog.cancel_button.setEnabled(False)

    # -- pool thread ---------------------------------------------------------------------------------
    def _report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last_emit >= _PROGRESS_INTERVAL_S or done >= total:
            self._last_emit = now
            self.progressed.emit(done, total, message)

    # -- GUI thread ----------------------------------------------------------------------------------
    def _show_dialog(self) -> None:
        if self.done:
            return
        self.dialog = ProgressDialog(self.parent_widget, self.title, self.label, self.cancellable)
        self.dialog.rejected.connect(self.cancel)
        self.dialog.show()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None and not self.job.cancelled:
            self.dialog.set_progress(done, total, message)

    def _close(self) -> None:
        self.done = True
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.rejected.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)

    def _on_succeeded(self, result: object) -> None:
        self.result = result
        self._close()
        try:
            if self.on_success is not None:
                self.on_success(result)
        finally:
            self.finished.emit()

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._close()
        try:
            if self.on_failure is not None:
                self.on_failure(exc)
            else:
                prompts.show_error(self.parent_widget, f"{self.title}失败", exc)
        finally:
            self.finished.emit()

    def _on_cancelled(self) -> None:
        self.was_cancelled = True
        self._close()
        try:
            if self.on_cancel is not None:
                self.on_cancel()
        finally:
            self.finished.emit()
