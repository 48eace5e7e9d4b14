"""Backups the office can rely on: rotation, a second place, restore that rolls back."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db.backup import BackupFile, Rotation, backups_to_keep, list_backups
from desktop.cli import main
from desktop.services import backups
from desktop.services.database import Database


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "xdg"))
    monkeypatch.setenv("UNION_DESK_USER", "admin")
    monkeypatch.setenv("UNION_DESK_PASSWORD", "Ali-river-2026")


def test_rotation_keeps_days_weeks_months() -> None:
    start = datetime(2026, 1, 1, 9)
    items = [BackupFile(Path(f"b{i}.sqlite"), start + timedelta(hours=12 * i), "manual") for i in range(400)]
    keep = backups_to_keep(items, Rotation(daily=7, weekly=4, monthly=12))
    assert len(keep) <= 7 + 4 + 12
    assert items[-1].path in keep  # the newest
    twenty_five_same_day = [BackupFile(Path(f"m{i}.sqlite"), start + timedelta(minutes=i), "manual") for i in range(25)]
    assert len(backups_to_keep(twenty_five_same_day, Rotation())) == 1


def test_manual_backups_rotate_and_go_to_a_second_place(db: Database, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    settings = backups.BackupSettings(second_dir=str(stick))
    for _ in range(5):
        result = backups.make_backup(db, settings=settings)
    assert result.second is not None and result.second.exists() and not result.second_error
    assert len(list_backups(result.path.parent, db.path)) == 1  # one per day survives
    assert len(list_backups(stick, db.path)) == 1
    missing = backups.make_backup(db, settings=backups.BackupSettings(second_dir=str(tmp_path / "gone")))
    assert missing.path.exists() and "不存在" in missing.second_error


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    backups.save_settings(backups.BackupSettings(keep_daily=3, second_dir="/media/u"), path)
    assert backups.load_settings(path) == backups.BackupSettings(keep_daily=3, second_dir="/media/u")
    path.write_text("{broken", encoding="utf-8")
    assert backups.load_settings(path) == backups.BackupSettings()


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM worker").fetchone()[0])
    finally:
        conn.close()


def test_cli_restore_keeps_the_current_file_as_a_backup(
    tmp_path: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "office.sqlite")
    assert main(["init", "--db", data, "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0
    assert main(["backup", "--db", data]) == 0
    empty = next((tmp_path / "backups").glob("*-manual.sqlite"))
    assert main(["import-roster", "--db", data, str(sample_roster), "--create-units"]) == 0
    capsys.readouterr()
    assert main(["restore", "--db", data, str(empty)]) == 0
    assert "恢复前的数据已另存为" in capsys.readouterr().out
    assert _count(Path(data)) == 0
    safety = next((tmp_path / "backups").glob("*before-restore*.sqlite"))
    assert _count(safety) == 30


def test_restore_refuses_a_damaged_backup_and_rolls_back_a_failed_one(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = backups.make_backup(db).path
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(good.read_bytes()[:8192] + b"\xff" * 8192)
    path = db.path
    with pytest.raises(backups.UserFault, match="检查未通过"):
        backups.restore_backup(db, bad)
    before = path.read_bytes()

    from db import backup as backup_mod

    monkeypatch.setattr(backup_mod, "integrity_check", lambda engine: ["第 3 页损坏"])
    with pytest.raises(backups.UserFault):
        backups.restore_file(path, good, actor="test")
    monkeypatch.undo()
    assert path.read_bytes() == before or _count(path) == 0  # the file that was there is back
    assert not [p for p in path.parent.iterdir() if ".part" in p.name]
