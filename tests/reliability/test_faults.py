"""Issue #16: every fault a clerk can cause or meet is one Chinese line, exit 1, no traceback, no personal data.

Each test reproduces one finding of the issue first (disk full, read-only, locked, damaged, concurrent
writers, a kill mid-write), then checks the answer. Disk full is SQLite's own SQLITE_FULL, produced with
``PRAGMA max_page_count`` (and, when the tests run as root, with a real 2 MB tmpfs); a read-only file with
``os.access`` patched (root ignores chmod) and, as root, a read-only bind mount.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import db.engine as engine_mod
from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _check(path: Path) -> int:
    """``check`` without an account: with one it also opens the file to verify the change-log chain."""
    user = os.environ.pop("UNION_DESK_USER", None)
    try:
        return main(["check", "--db", str(path)])
    finally:
        if user is not None:
            os.environ["UNION_DESK_USER"] = user


def _one_clean_line(err: str) -> str:
    text = err.strip()
    assert text.startswith("错误："), text
    assert "\n" not in text and "Traceback" not in text, text
    assert not FULL_ID.search(text) and not MOBILE.search(text), text
    return text


def _settle(path: Path) -> None:
    """Commands run in this process leave pooled connections behind: close them, fold the WAL into the file."""
    import gc

    gc.collect()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()


def _count(path: Path, table: str = "worker") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands sign in (issue #15): the account every command here, and its subprocesses, uses."""
    monkeypatch.setenv("UNION_DESK_USER", "admin")
    monkeypatch.setenv("UNION_DESK_PASSWORD", "Ali-river-2026")


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    assert main(["init", "--db", str(path), "--office-code", "ALH", "--office-name", "阿里河森工公司工会"]) == 0
    return path


@pytest.fixture
def demo_file(office_file: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A file with 30 workers (the sample HR roster)."""
    assert main(["import-roster", "--db", str(office_file), str(sample_roster), "--create-units"]) == 0
    capsys.readouterr()
    return office_file


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new SQLite connection may grow its file by a few pages only: SQLITE_FULL, as on a full disk."""
    original = engine_mod._on_connect

    def on_connect(dbapi_conn: object, record: object) -> None:
        original(dbapi_conn, record)
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        free = cur.execute("PRAGMA freelist_count").fetchone()[0]
        # Free pages inside the file are used before it grows: allow fewer new ones than that, minus a few.
        cur.execute(f"PRAGMA max_page_count={max(pages - free + 1, 1)}")
        cur.close()

    monkeypatch.setattr(engine_mod, "_on_connect", on_connect)
    yield


def test_disk_full_during_import_is_one_line_and_writes_nothing(
    office_file: Path, sample_roster: Path, small_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-roster", "--db", str(office_file), str(sample_roster), "--create-units"]) == 1
    assert "空间已满" in _one_clean_line(capsys.readouterr().err)
    assert _count(office_file) == 0


def test_disk_full_during_demo_leaves_no_file(
    tmp_path: Path, small_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(target), "--workers", "300"]) == 1
    assert "空间已满" in _one_clean_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no half file, no temporary file, no lock


def test_disk_full_during_backup_leaves_nothing(
    office_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_connect = sqlite3.connect

    def tiny(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        if str(args[0]).endswith(".part"):  # the backup's own file: a full USB stick
            conn.execute("PRAGMA max_page_count=3")
        return conn

    monkeypatch.setattr(sqlite3, "connect", tiny)
    out = tmp_path / "stick"
    assert main(["backup", "--db", str(office_file), "--to", str(out)]) == 1
    assert "空间已满" in _one_clean_line(capsys.readouterr().err)
    assert list(out.iterdir()) == []


def test_disk_full_during_upgrade_keeps_the_old_file(
    tmp_path: Path, small_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-0001.sqlite", path)
    before = _count(path)
    assert main(["reminders", "--db", str(path)]) == 1
    _one_clean_line(capsys.readouterr().err)
    assert _count(path) == before
    assert _check(path) == 0  # still the old, sound file


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="mounting a tmpfs needs root")
def test_real_full_disk_tmpfs(tmp_path: Path, demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert main(["demo", "--db", str(disk / "demo.sqlite"), "--workers", "3000"]) == 1
        assert "空间已满" in _one_clean_line(capsys.readouterr().err)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"x" * max(free - 16384, 0))  # a stick with 16 KB left
        assert main(["backup", "--db", str(demo_file), "--to", str(disk)]) == 1
        assert "空间已满" in _one_clean_line(capsys.readouterr().err)
        assert [p.name for p in disk.iterdir()] == ["filler"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_read_only_file_is_named_as_such(
    office_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import db.migrate as migrate

    real_access = os.access
    monkeypatch.setattr(
        migrate.os if hasattr(migrate, "os") else os,
        "access",
        lambda p, mode: False if mode == os.W_OK else real_access(p, mode),
    )
    assert main(["reminders", "--db", str(office_file)]) == 1
    text = _one_clean_line(capsys.readouterr().err)
    assert "只读" in text and "可能不是本程序的数据文件" not in text


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="bind mounts need root")
def test_read_only_mount(tmp_path: Path, office_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    _settle(office_file)
    shutil.copyfile(office_file, ro / "office.sqlite")
    if subprocess.run(["mount", "--bind", str(ro), str(ro)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        assert main(["export-roster", "--db", str(ro / "office.sqlite"), "--out", str(tmp_path / "x.xlsx")]) == 1
        assert "只读" in _one_clean_line(capsys.readouterr().err)
        assert _check(ro / "office.sqlite") == 0  # reading works
    finally:
        subprocess.run(["umount", str(ro)], check=False)


def test_import_while_another_program_holds_a_write_lock(
    office_file: Path, sample_roster: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(office_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another SQLite tool writing
    try:
        assert main(["import-roster", "--db", str(office_file), str(sample_roster), "--create-units"]) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    text = _one_clean_line(capsys.readouterr().err)  # the old traceback printed ten full worker rows
    assert "正被另一个程序写入" in text
    assert _count(office_file) == 0


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_two_imports_of_the_same_roster_at_once(office_file: Path, sample_roster: Path) -> None:
    procs = [_cli("import-roster", "--db", str(office_file), str(sample_roster), "--create-units") for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("Traceback" not in err for _out, err in outs)
    joined = " ".join(out for out, _err in outs)
    assert "新增 30 人" in joined and "新增 0 人" in joined  # one after the other, not a race
    assert _count(office_file) == 30


def test_command_line_writer_names_the_open_window(
    office_file: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.file_lock import claim

    window, _ = claim(office_file)  # what the window holds while the file is open
    assert window is not None
    try:
        assert main(["import-roster", "--db", str(office_file), str(sample_roster), "--create-units"]) == 1
    finally:
        window.release()
    assert "工作台窗口" in _one_clean_line(capsys.readouterr().err)
    assert _count(office_file) == 0


def _damage(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 12000)


def test_damaged_file_check_reports_and_import_is_one_line(
    demo_file: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office_file = demo_file
    _damage(office_file)
    assert _check(office_file) == 1
    out = capsys.readouterr().out
    assert "问题：" in out and "Traceback" not in out and "restore" in out
    assert main(["import-roster", "--db", str(office_file), str(sample_roster), "--create-units"]) == 1
    assert "损坏" in _one_clean_line(capsys.readouterr().err)


def test_check_of_an_empty_file_does_not_make_it_a_data_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert _check(empty) == 1
    assert "0 字节" in capsys.readouterr().out
    assert empty.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


def test_check_never_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-0001.sqlite", path)
    before = path.read_bytes()
    assert _check(path) == 0
    assert "升级" in capsys.readouterr().out
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]  # no backups/, no -wal


def _hot_journal(path: Path) -> None:
    """A writer killed mid-transaction in rollback-journal mode (what an interrupted upgrade left)."""
    code = textwrap.dedent(f"""
        import os, sqlite3
        c = sqlite3.connect({str(path)!r}, isolation_level=None)
        c.execute("PRAGMA journal_mode=DELETE"); c.execute("PRAGMA cache_size=1")
        c.execute("BEGIN"); c.execute("CREATE TABLE junk(x)")
        for _ in range(500): c.execute("INSERT INTO junk VALUES (randomblob(2000))")
        c.execute("DELETE FROM worker")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Path(f"{path}-journal").exists()


def test_hot_journal_is_rolled_back_on_open(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office_file = demo_file
    _settle(office_file)
    _hot_journal(office_file)
    assert _check(office_file) == 0  # checked on a recovered copy; the file is untouched
    assert "中断" in capsys.readouterr().out and Path(f"{office_file}-journal").exists()
    assert main(["reminders", "--db", str(office_file)]) == 0  # used to fail until another tool opened it
    assert _count(office_file) == 30


def test_program_fault_is_logged_masked_and_named(
    office_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.exc import IntegrityError

    import desktop.services.reminders as reminders

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "xdg"))

    def boom(*_a: object, **_k: object) -> None:
        raise IntegrityError("INSERT INTO worker …", ("150785198503120022", "13912345678"), Exception("UNIQUE"))

    monkeypatch.setattr(reminders, "collect_reminders", boom)
    assert main(["reminders", "--db", str(office_file)]) == 1
    text = _one_clean_line(capsys.readouterr().err)
    assert "程序内部错误" in text and "union-desk.log" in text
    log = next((tmp_path / "xdg").rglob("union-desk.log")).read_text(encoding="utf-8")
    assert "IntegrityError" in log and "Traceback" in log
    assert not FULL_ID.search(log) and not MOBILE.search(log)


def test_engine_hides_statement_parameters(office_file: Path) -> None:
    from sqlalchemy import text

    from desktop.services.database import open_data_file

    db = open_data_file(office_file)
    try:
        with pytest.raises(Exception) as caught, db.engine.begin() as conn:
            conn.execute(text("INSERT INTO nowhere VALUES (:x)"), {"x": "150785198503120022"})
        assert "150785198503120022" not in str(caught.value)
    finally:
        db.close()


def test_export_leftover_part_files_are_cleaned(
    office_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    leftover = out / f".名册.{dead}-0123abcd.part"
    leftover.write_bytes(b"half")
    assert main(["export-roster", "--db", str(office_file), "--out", str(out / "名册.xlsx")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["名册.xlsx"]
