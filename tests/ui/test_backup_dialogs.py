"""Backups on screen (#16): the 备份 box of the settings dialog, 立即备份 with rotation and the second place
shown, and 从备份恢复… with its confirmation, its refusal for other roles and its rollback."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.backup import backup_name, default_backup_dir, list_backups
from desktop.services import backups
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui import prompts
from desktop.ui.dialogs.backup_settings import BackupSettingsBox
from desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backup settings live in app-data: a private one per test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "app-data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "app-data"))


@pytest.fixture
def window(office_db: Database, people: dict[str, int], qtbot: Any) -> MainWindow:
    win = MainWindow(office_db)
    qtbot.addWidget(win)
    win.show()
    return win


class Prompts:
    """Records what the window tells the clerk, and answers its questions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, pick: Path | None = None, confirm: bool = True) -> None:
        self.informed: list[str] = []
        self.warned: list[str] = []
        self.asked: list[str] = []
        self.picked = 0
        self.confirm = confirm
        monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: self.informed.append(text))
        monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: self.warned.append(text))
        monkeypatch.setattr(prompts, "confirm", self._confirm)
        monkeypatch.setattr(prompts, "open_file", self._open_file)
        self.pick = pick

    def _confirm(self, _parent: object, _title: str, text: str, **_kw: object) -> bool:
        self.asked.append(text)
        return self.confirm

    def _open_file(self, *_a: object) -> Path | None:
        self.picked += 1
        return self.pick


def _on_roll(db: Database) -> int:
    with db.read() as s:
        return workers.count_workers(s, workers.WorkerFilter(status="on_roll"))


# --- the settings box --------------------------------------------------------------------------------------


def test_backup_box_shows_and_saves_the_settings(qtbot: Any, tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    backups.save_settings(backups.BackupSettings(on_close=False, keep_daily=5, keep_weekly=2, keep_monthly=6))
    box = BackupSettingsBox()
    qtbot.addWidget(box)
    assert not box.on_close.isChecked() and box.daily.isChecked()
    assert [box.keep[k].value() for k in ("keep_daily", "keep_weekly", "keep_monthly")] == [5, 2, 6]
    assert box.keep["keep_daily"].minimum() == 1  # at least one daily backup is always kept
    box.on_close.setChecked(True)
    box.keep["keep_monthly"].setValue(24)
    box.second.setText(f"  {stick}  ")
    assert box.save() and box.message.text() == "已保存"
    assert backups.load_settings() == backups.BackupSettings(
        on_close=True, daily=True, keep_daily=5, keep_weekly=2, keep_monthly=24, second_dir=str(stick)
    )


def test_backup_box_explains_a_failed_save(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    box = BackupSettingsBox()
    qtbot.addWidget(box)
    blocked = tmp_path / "app-data"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert not box.save()
    assert box.message.text() and box.message.text() != "已保存" and "Traceback" not in box.message.text()
    assert "b00020" in box.message.styleSheet()


# --- 立即备份 ---------------------------------------------------------------------------------------------


def test_backup_now_shows_where_rotation_and_the_second_place(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any, tmp_path: Path
) -> None:
    folder = default_backup_dir(office_db.path)
    folder.mkdir(parents=True, exist_ok=True)
    first = backups.make_backup(office_db).path
    # Three more from one day last week: the rotation keeps the newest of that day only.
    day = datetime.now() - timedelta(days=3)
    for minutes in (1, 2, 3):
        shutil.copyfile(first, folder / backup_name(office_db.path, "manual", day + timedelta(minutes=minutes)))
    stick = tmp_path / "U盘"
    stick.mkdir()
    backups.save_settings(backups.BackupSettings(second_dir=str(stick)))
    said = Prompts(monkeypatch)
    window.backup_now()
    qtbot.waitUntil(lambda: bool(said.informed), timeout=15000)
    text = said.informed[0]
    made = Path(text.split("\n")[1])
    assert made.exists() and made.parent == folder
    assert "按保留规则删除了 3 份旧备份" in text  # two of last week's and today's earlier one
    assert f"副本已存到 {stick / made.name}" in text and (stick / made.name).exists()
    kept = {b.path.name for b in list_backups(folder, office_db.path)}
    assert made.name in kept and len(kept) == 2


def test_backup_now_names_a_missing_second_place(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any, tmp_path: Path
) -> None:
    backups.save_settings(backups.BackupSettings(second_dir=str(tmp_path / "没插上的U盘")))
    said = Prompts(monkeypatch)
    window.backup_now()
    qtbot.waitUntil(lambda: bool(said.informed), timeout=15000)
    assert "第二备份位置未能写入" in said.informed[0] and "没插上的U盘" in said.informed[0]
    assert Path(said.informed[0].split("\n")[1]).exists()


# --- 从备份恢复… ----------------------------------------------------------------------------------------------


def test_restore_asks_first_and_a_no_changes_nothing(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backups.make_backup(office_db).path
    path, before = office_db.path, path_bytes(office_db)
    said = Prompts(monkeypatch, pick=backup, confirm=False)
    window.restore_from_backup()
    assert said.picked == 1 and len(said.asked) == 1
    assert backup.name in said.asked[0] and path.name in said.asked[0] and "另存" in said.asked[0]
    assert window.db is office_db and path_bytes(office_db) == before and not said.informed
    assert not [b for b in list_backups(default_backup_dir(path), path) if "before-restore" in b.reason]


def test_restore_with_confirmation_replaces_the_file_and_keeps_the_old_one(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    backup = backups.make_backup(office_db).path  # three workers
    with office_db.write() as s:
        workers.set_archived(s, workers.worker_ids(s, workers.WorkerFilter())[:1], archived=True, actor="test")
    assert _on_roll(office_db) == 2
    signed = _sign_in_on_restore(monkeypatch, accept=True)
    said = Prompts(monkeypatch, pick=backup, confirm=True)
    window.restore_from_backup()
    assert said.asked and not said.warned, said.warned
    assert signed == [office_db.path]  # the restored file has the backup's accounts: signed in to again
    assert said.informed and backup.name in said.informed[0] and "恢复前的数据已另存为" in said.informed[0]
    restored = window.db
    assert restored is not office_db and restored.path == office_db.path
    assert window.count_label.text() == "在册 3 人 / 女职工 2 人"
    safety = Path(said.informed[0].split("恢复前的数据已另存为 ")[1])
    assert safety.exists() and "before-restore" in safety.name


def test_restore_then_no_sign_in_closes_the_window(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    backup = backups.make_backup(office_db).path
    _sign_in_on_restore(monkeypatch, accept=False)
    said = Prompts(monkeypatch, pick=backup, confirm=True)
    window.restore_from_backup()
    assert said.informed and "未登录，程序将关闭" in said.informed[0]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert list(default_backup_dir(office_db.path).glob("*before-restore*"))  # the restore itself stands


def _sign_in_on_restore(monkeypatch: pytest.MonkeyPatch, *, accept: bool) -> list[Path]:
    """The sign-in dialog on the restored file: the template's administrator signs in, or the clerk cancels."""
    from desktop.services.accounts import sign_in
    from desktop.ui.dialogs import sign_in_dialogs
    from tests.conftest import ADMIN_PASSWORD, ADMIN_USER

    asked: list[Path] = []

    def fake(db: Database, _parent: object = None) -> bool:
        asked.append(db.path)
        if accept:
            sign_in(db, ADMIN_USER, ADMIN_PASSWORD)
        return accept

    monkeypatch.setattr(sign_in_dialogs, "sign_in_at_start", fake)
    return asked


def test_restore_is_refused_to_a_clerk_before_any_file_is_picked(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import sign_in_as

    sign_in_as(office_db, "clerk")
    said = Prompts(monkeypatch, pick=Path("never-asked.sqlite"))
    window.restore_from_backup()
    assert said.warned and said.picked == 0 and not said.asked


def test_a_damaged_backup_is_refused_before_the_question(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    good = backups.make_backup(office_db).path
    bad = tmp_path / "坏的备份.sqlite"
    bad.write_bytes(good.read_bytes()[:8192] + b"\xff" * 8192)
    said = Prompts(monkeypatch, pick=bad)
    window.restore_from_backup()
    assert said.warned and "检查未通过" in said.warned[0] and "未做改动" in said.warned[0] and not said.asked


def test_a_restore_that_fails_leaves_the_window_on_the_old_file(
    window: MainWindow, office_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = backups.make_backup(office_db).path
    path = office_db.path
    real_open = backups.open_data_file
    calls: list[int] = []

    def fail_once(p: Path) -> Database:
        calls.append(1)
        if len(calls) == 1:  # the restored copy, just put in place
            raise OSError(28, "No space left on device")
        return real_open(p)

    monkeypatch.setattr(backups, "open_data_file", fail_once)
    said = Prompts(monkeypatch, pick=backup)
    window.restore_from_backup()
    assert said.warned and "未被替换" in said.warned[0], said.warned
    assert window.db.path == path
    assert window.count_label.text() == "在册 3 人 / 女职工 2 人"


def path_bytes(db: Database) -> bytes:
    return db.path.read_bytes()
