"""Restore (#16): who may restore over a file that cannot be opened, and a restore that fails midway."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import backups

PASSWORD = "Ali-river-2026"
CLERK_PASSWORD = "Clerk-own-password-7"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "xdg"))
    monkeypatch.setenv("UNION_DESK_USER", "admin")
    monkeypatch.setenv("UNION_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("UNION_DESK_NEW_PASSWORD", "Clerk-password-2026")


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM worker").fetchone()[0])
    finally:
        conn.close()


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(str(n) for (n,) in conn.execute("SELECT name || id_number FROM worker"))
    finally:
        conn.close()


@pytest.fixture
def office(tmp_path: Path, sample_roster: Path) -> tuple[Path, Path]:
    """A data file with 30 workers, a clerk account, and a backup of it; returns (data file, backup)."""
    data = tmp_path / "office.sqlite"
    assert main(["init", "--db", str(data), "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0
    assert main(["import-roster", "--db", str(data), str(sample_roster), "--create-units"]) == 0
    assert main(["account", "add", "--db", str(data), "--name", "clerk", "--role", "clerk"]) == 0
    with pytest.MonkeyPatch.context() as mp:  # the clerk sets her own password, as on her first sign-in
        mp.setenv("UNION_DESK_PASSWORD", "Clerk-password-2026")
        mp.setenv("UNION_DESK_NEW_PASSWORD", CLERK_PASSWORD)
        assert main(["account", "passwd", "--db", str(data), "--user", "clerk"]) == 0
    assert main(["backup", "--db", str(data)]) == 0
    return data, next((tmp_path / "backups").glob("*-manual.sqlite"))


def _damage(path: Path) -> bytes:
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"\x00 this was a data file \x00" * 4000)
    return path.read_bytes()


def test_restore_over_an_unopenable_file_needs_an_administrator_of_the_backup(
    office: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, backup = office
    damaged = _damage(data)
    capsys.readouterr()

    monkeypatch.delenv("UNION_DESK_USER")
    assert main(["restore", "--db", str(data), str(backup)]) == 1
    assert "--user" in capsys.readouterr().err and data.read_bytes() == damaged

    monkeypatch.setenv("UNION_DESK_PASSWORD", "a-wrong-password")
    assert main(["restore", "--db", str(data), "--user", "admin", str(backup)]) == 1
    assert "用户名或密码不正确" in capsys.readouterr().err and data.read_bytes() == damaged

    monkeypatch.setenv("UNION_DESK_PASSWORD", CLERK_PASSWORD)
    assert main(["restore", "--db", str(data), "--user", "clerk", str(backup)]) == 1
    err = capsys.readouterr().err
    assert "clerk" in err and backup.name in err and data.read_bytes() == damaged

    monkeypatch.setenv("UNION_DESK_PASSWORD", PASSWORD)
    backup_bytes = backup.read_bytes()
    assert main(["restore", "--db", str(data), "--user", "admin", str(backup)]) == 0
    assert _count(data) == 30
    assert backup.read_bytes() == backup_bytes  # the backup was only read
    kept = next(data.parent.glob("backups/*before-restore*-damaged.sqlite"))
    assert kept.read_bytes() == damaged  # the damaged file is kept, raw


def test_a_wrong_password_on_a_sound_file_does_not_skip_the_check(
    office: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to: the failed sign-in counted as "the file cannot be opened", and nobody was asked."""
    data, backup = office
    monkeypatch.setenv("UNION_DESK_PASSWORD", "a-wrong-password")
    before = _count(data)
    capsys.readouterr()
    assert main(["restore", "--db", str(data), "--user", "admin", str(backup)]) == 1
    assert "密码" in capsys.readouterr().err
    assert _count(data) == before
    assert not list(data.parent.glob("backups/*before-restore*"))

    monkeypatch.setenv("UNION_DESK_PASSWORD", CLERK_PASSWORD)
    assert main(["restore", "--db", str(data), "--user", "clerk", str(backup)]) == 1
    assert "从备份恢复" in capsys.readouterr().err
    assert not list(data.parent.glob("backups/*before-restore*"))


def test_a_backup_from_before_accounts_asks_nobody(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.database import open_data_file

    old = tmp_path / "old-backup.sqlite"
    open_data_file(old).close()  # a file without accounts, as every file was before sign-in existed
    data = tmp_path / "office.sqlite"
    _damage(data)
    monkeypatch.delenv("UNION_DESK_USER")
    assert main(["restore", "--db", str(data), str(old)]) == 0
    assert _count(data) == 0


def test_a_restore_that_fails_after_the_swap_puts_the_original_back(
    office: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restored copy is in place when its check fails: the file that was there comes back, whole."""
    data, _ = office
    empty = tmp_path / "empty.sqlite"
    names_before = _names(data)
    # An empty backup of the same office: restoring it would leave no worker.
    assert main(["init", "--db", str(empty), "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0

    opened: list[Path] = []
    real_open = backups.open_data_file

    def open_then_fail(path: Path):  # stands in for open_data_file
        opened.append(Path(path))
        if len(opened) == 1:
            assert _count(Path(path)) == 0  # the restored copy really is in place at this moment
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real_open(path)

    monkeypatch.setattr(backups, "open_data_file", open_then_fail)
    with pytest.raises(sqlite3.DatabaseError):
        backups.restore_file(data, empty, actor="admin")
    monkeypatch.undo()

    assert _count(data) == 30 and _names(data) == names_before
    assert not [p for p in data.parent.iterdir() if ".part" in p.name]
    assert list(data.parent.glob("backups/*before-restore*.sqlite"))  # the safety copy stays too
