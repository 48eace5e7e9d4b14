"""One program per data file: a second start is told so; a crashed run's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.services import file_lock as single_instance
from desktop.ui.single_instance import Holder, already_open_message, claim

ROOT = Path(__file__).resolve().parents[2]


def _holder_process(data_file: Path) -> subprocess.Popen[str]:
    """Another union-desk: claims the file, says so, then waits to be killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from desktop.ui.single_instance import claim
        lock, why = claim(Path({str(data_file)!r}))
        print("locked" if lock else why, flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_claim_in_this_process_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "工会.sqlite"
    first, why = claim(data)
    assert first is not None and why == ""
    second, why = claim(data)
    assert second is None
    assert "工会.sqlite 已在本机另一个窗口中打开" in why
    first.release()
    third, _ = claim(data)
    assert third is not None
    third.release()


def test_other_files_are_independent(tmp_path: Path) -> None:
    a, _ = claim(tmp_path / "a.sqlite")
    b, _ = claim(tmp_path / "b.sqlite")
    assert a is not None and b is not None
    a.release()
    b.release()


def test_another_running_program_holds_it_until_it_crashes(tmp_path: Path) -> None:
    data = tmp_path / "data.sqlite"
    proc = _holder_process(data)
    try:
        lock, why = claim(data)
        assert lock is None and "已在本机另一个窗口中打开" in why
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
        proc.wait(10)
    assert single_instance.lock_path_for(data).exists()
    lock, why = claim(data)  # the stale lock of a dead process is taken over without asking
    assert lock is not None, why
    lock.release()


def test_lock_sits_beside_the_data_file_else_in_app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data.sqlite"
    assert single_instance.lock_path_for(data) == tmp_path / ".data.sqlite.lock"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    monkeypatch.setattr(single_instance, "_writable", lambda folder: False)  # a read-only share
    other = single_instance.lock_path_for(data)
    assert other.parent.name == "locks" and "union-desk" in str(other)
    assert other != single_instance.lock_path_for(tmp_path / "other.sqlite")  # keyed by the file's path
    lock, _ = claim(data)
    assert lock is not None and lock.lock_path == other
    assert claim(data)[0] is None
    lock.release()


def test_message_names_another_computer() -> None:
    text = already_open_message(Path("/share/工会.sqlite"), Holder(42, "CAIWU-PC"))
    assert "另一台电脑（CAIWU-PC）" in text and "/share/工会.sqlite" in text


def _capture_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, list[str]]]:
    """Record each blocking message box (title, text, buttons) instead of waiting for a click."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_second_start_is_told_and_does_not_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> None:
    """The message blocks (exec): a non-blocking box followed by exit 1 was never seen (#17)."""
    from desktop.ui import app, data_file
    from desktop.ui import single_instance as ui_single

    data = tmp_path / "data.sqlite"
    held, _ = claim(data)
    assert held is not None
    shown = _capture_boxes(monkeypatch)
    monkeypatch.setattr(ui_single, "ANSWER_SECONDS", 0.3)  # nobody answers: the holder here has no window
    monkeypatch.setattr(app, "_setup_logging", lambda: None)

    def must_not_open(*_a: object) -> None:
        raise AssertionError("the data file was opened a second time")

    monkeypatch.setattr(data_file, "open_interactively", must_not_open)
    try:
        assert app.run_gui(str(data)) == 1
    finally:
        held.release()
    assert len(shown) == 1
    title, text, buttons = shown[0]
    assert title == "数据文件已打开" and "data.sqlite 已在本机另一个窗口中打开" in text and buttons == ["确定"]
    assert not data.exists()


def _window_process(data_file: Path) -> subprocess.Popen[str]:
    """A running union-desk window on ``data_file``: prints "ready", then "front" each time it is raised."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow
        from desktop.ui import single_instance
        app = QApplication(sys.argv[:1])
        app.setApplicationDisplayName("林区工会女职工工作台")
        lock, why = single_instance.claim(Path({str(data_file)!r}))
        assert lock is not None, why
        single_instance.hold(lock)
        window = QMainWindow()
        window.setWindowTitle("data.sqlite — 林区工会女职工工作台")
        window.show()
        window.showMinimized()
        single_instance.serve_window(window)
        raise_ = single_instance.bring_to_front
        def raised(widget):
            raise_(widget)
            print("front", widget.isMinimized(), flush=True)
        single_instance.bring_to_front = raised
        print("ready", flush=True)
        QTimer.singleShot(30000, app.quit)
        app.exec()
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_start_names_the_window_and_brings_it_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    from desktop.ui import single_instance as ui_single

    data = tmp_path / "data.sqlite"
    proc = _window_process(data)
    try:
        shown = _capture_boxes(monkeypatch)
        text = ui_single.tell_already_open(data)
        assert proc.stdout is not None
        assert proc.stdout.readline().split() == ["front", "False"]  # raised, and no longer minimised
    finally:
        proc.kill()
        proc.wait(10)
    assert len(shown) == 1 and shown[0][1] == text
    assert "data.sqlite — 林区工会女职工工作台" in text and f"进程 {proc.pid}" in text
    assert shown[0][2] == ["切换到已打开的窗口"]
    lock_path = single_instance.lock_path_for(data)
    assert not any(p.name.startswith(lock_path.name + ".") for p in tmp_path.iterdir())  # no request left


def test_front_door_ignores_another_computer(tmp_path: Path, qapp, qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop.ui import single_instance as ui_single

    lock, _ = claim(tmp_path / "data.sqlite")
    assert lock is not None
    target = QWidget()
    qtbot.addWidget(target)
    target.setWindowTitle("data.sqlite")
    door = ui_single.FrontDoor(lock, target=lambda: target)
    try:
        request = ui_single._request_path(lock.lock_path)
        request.write_text("front\n4242\nCAIWU-PC-NOT-HERE\n", encoding="utf-8")
        assert door.check() is False and not request.exists()
        assert not ui_single._answer_path(lock.lock_path, 4242).exists()
        request.write_text(f"title\n4242\n{ui_single.host_name()}\n", encoding="utf-8")
        assert door.check() is True
        answer = ui_single._answer_path(lock.lock_path, 4242)
        assert answer.read_text(encoding="utf-8").startswith("data.sqlite")
        answer.unlink()
    finally:
        door.stop()
        lock.release()


def test_no_writable_place_for_a_lock_still_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(single_instance, "lock_path_for", lambda data: blocker / "locks" / "x.lock")
    lock, why = claim(tmp_path / "data.sqlite")
    assert lock is not None and why == ""  # unguarded rather than locking the clerk out of her data
    lock.release()


def test_switching_to_a_file_open_elsewhere_is_refused(
    office_db,
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.ui import data_file, prompts
    from desktop.ui.main_window import MainWindow

    window = MainWindow(office_db)
    qtbot.addWidget(window)
    other = tmp_path / "other.sqlite"
    held, _ = claim(other)
    assert held is not None
    shown: list[str] = []
    monkeypatch.setattr(data_file, "ask_data_file", lambda parent, start=None: other)
    monkeypatch.setattr(prompts, "warn", lambda parent, title, text: shown.append(title))
    try:
        window.choose_data_file()
    finally:
        held.release()
    assert shown == ["数据文件已打开"]
    assert window.db is office_db and not other.exists()
