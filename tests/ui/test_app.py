"""Start-up: the font is bundled, the data file opens, and a bad file is explained instead of crashing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui import app, data_file, prefs, prompts
from desktop.ui.dialogs import first_run_dialog, sign_in_dialogs
from desktop.ui.main_window import MainWindow


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    windows: list[Any] = []  # the windows shown, in order: 首次设置 of a new file, then the main window
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setattr(app, "_setup_logging", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    monkeypatch.setattr(MainWindow, "show_sized", lambda self: windows.append(self))

    def first_admin(db: Any, _parent: Any = None) -> bool:  # the dialogs themselves: tests/ui/test_sign_in.py
        from desktop.services.accounts import create_first_admin

        create_first_admin(db, "admin", "admin-password")
        return True

    monkeypatch.setattr(sign_in_dialogs, "sign_in_at_start", first_admin)
    monkeypatch.setattr(first_run_dialog.FirstRunDialog, "exec", lambda self: windows.append(self) and 0)
    return windows


def test_run_gui_opens_the_file_with_the_bundled_font(started: list[Any], tmp_path: Path, qtbot: Any) -> None:
    before = QApplication.font()
    try:
        assert app.run_gui(str(tmp_path / "新数据.sqlite")) == 0
        # A new file shows its 首次设置 first (closed here unsaved), then the window.
        assert len(started) == 2 and isinstance(started[0], first_run_dialog.FirstRunDialog)
        assert isinstance(started[1], MainWindow) and started[1].db.path.name == "新数据.sqlite"
        assert "WenQuanYi Micro Hei" in QApplication.font().families()
        assert QApplication.font().pointSize() == prefs.DEFAULT_FONT_SIZE
        assert data_file.last_path().name == "新数据.sqlite"
    finally:
        QApplication.setFont(before)
        for w in started:
            w.db.close()
            w.deleteLater()


def test_bad_file_is_explained_in_chinese(started: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "旧文件.sqlite"
    bogus.write_bytes(b"\x00not a database" * 100)
    said: list[str] = []
    monkeypatch.setattr(prompts, "choose", lambda _p, _t, text, *_a, **_k: said.append(text))
    before = QApplication.font()
    try:
        assert app.run_gui(str(bogus)) == 1
    finally:
        QApplication.setFont(before)
    assert not started and "旧文件.sqlite" in said[0] and "Traceback" not in said[0]
