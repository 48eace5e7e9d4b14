"""Background tasks: result on the GUI thread, Chinese error message, cancel from the progress dialog."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.ui import prompts, tasks


def test_result_arrives_on_the_gui_thread(qtbot: Any) -> None:
    seen: list[tuple[object, bool]] = []

    def work(job: Job) -> int:
        job.step(1, 2, "一半")
        return 42

    def done(result: object) -> None:
        seen.append((result, QThread.currentThread() is QApplication.instance().thread()))

    task = tasks.Task(None, work, title="计算", on_success=done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()
    assert seen == [(42, True)] and task.done and task not in tasks.running()


def test_domain_error_becomes_a_message(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, title, exc: shown.append((title, exc)))

    def work(_job: Job) -> None:
        raise DomainError("表中第3行的身份证号有误")

    task = tasks.Task(None, work, title="导入花名册")
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.start()
    assert shown[0][0] == "导入花名册失败" and str(shown[0][1]) == "表中第3行的身份证号有误"


def test_cancel_button_stops_the_job(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "SHOW_AFTER_MS", 0)
    started = threading.Event()
    cancelled: list[bool] = []

    def work(job: Job) -> None:
        n = 0
        while True:  # a long job that checks for 取消 at every step
            job.step(n, 1000, f"第 {n} 行")
            started.set()
            n += 1
            threading.Event().wait(0.005)

    task = tasks.Task(None, work, title="导出", on_cancel=lambda: cancelled.append(True))
    task.start()
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5000)
    assert started.wait(5)
    assert task.dialog is not None and task.dialog.cancel_button.text() == "取消"
    qtbot.mouseClick(task.dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert cancelled == [True] and task.was_cancelled and task.dialog is None
