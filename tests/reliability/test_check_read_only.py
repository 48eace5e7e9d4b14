"""``check`` reads only (#16): with ``--user`` too, the change-log chain is verified without the normal open,
so the file's bytes and its modification time stay as they were, and nothing appears beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main

PASSWORD = "Ali-river-2026"


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNION_DESK_USER", "admin")
    monkeypatch.setenv("UNION_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("UNION_DESK_NEW_PASSWORD", "Clerk-password-2026")


def _settle(path: Path) -> None:
    """Fold the WAL of the commands run in this process into the file, as a closed program leaves it."""
    import gc

    gc.collect()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "office.sqlite"
    assert main(["init", "--db", str(path), "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0
    assert main(["account", "add", "--db", str(path), "--name", "clerk", "--role", "clerk"]) == 0
    _settle(path)
    return path


def _state(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def test_check_with_user_verifies_the_chain_and_writes_nothing(
    office_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    before = _state(office_file)
    assert main(["check", "--db", str(office_file), "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "完整性检查：正常" in out and "签名链完整" in out, out
    assert _state(office_file) == before
    assert main(["check", "--db", str(office_file)]) == 0
    assert _state(office_file) == before


def test_a_wrong_password_is_refused_and_not_counted(
    office_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(office_file)
    monkeypatch.setenv("UNION_DESK_PASSWORD", "not-the-password")
    for _ in range(6):  # more than the lockout's five: nothing is recorded, so nothing locks
        assert main(["check", "--db", str(office_file), "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "用户名或密码不正确" in err and "Traceback" not in err
    assert _state(office_file) == before
    monkeypatch.setenv("UNION_DESK_PASSWORD", PASSWORD)
    assert main(["check", "--db", str(office_file), "--user", "admin"]) == 0


def test_an_edited_entry_is_found_read_only(office_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(office_file)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'someone' WHERE id = (SELECT min(id) FROM audit_log)")
    conn.commit()
    conn.close()
    _settle(office_file)
    before = _state(office_file)
    capsys.readouterr()
    assert main(["check", "--db", str(office_file), "--user", "admin"]) == 1
    assert "被改动过" in capsys.readouterr().out
    assert _state(office_file) == before


def test_check_with_user_after_a_cut_off_write(office_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hot journal (a writer killed mid-transaction): the chain is read from a recovered copy."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import os, sqlite3
        c = sqlite3.connect({str(office_file)!r}, isolation_level=None)
        c.execute("PRAGMA journal_mode=DELETE"); c.execute("PRAGMA cache_size=1")
        c.execute("BEGIN"); c.execute("CREATE TABLE junk(x)")
        for _ in range(300): c.execute("INSERT INTO junk VALUES (randomblob(2000))")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    journal = Path(f"{office_file}-journal")
    assert journal.exists()
    before, journal_bytes = _state(office_file), journal.read_bytes()
    capsys.readouterr()
    assert main(["check", "--db", str(office_file), "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "中断" in out and "签名链完整" in out, out
    assert _state(office_file) == before and journal.read_bytes() == journal_bytes


def test_check_with_user_of_a_file_without_accounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.services.database import open_data_file

    path = tmp_path / "plain.sqlite"

    open_data_file(path).close()
    _settle(path)
    before = _state(path)
    assert main(["check", "--db", str(path), "--user", "admin"]) == 1
    assert "还没有账户" in capsys.readouterr().err
    assert _state(path) == before
