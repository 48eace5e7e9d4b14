"""Crash trials (issue #16): SIGKILL the command line at random moments of import, export, demo, upgrade,
backup and restore, then check that the file passes ``check`` and that no committed row is lost.

Each kind is first run once to the end to learn how long it takes on this machine; the kills then fall
uniformly inside that time, so the trials hit the slow middle of the work rather than start-up only.
``UNION_DESK_CRASH_TRIALS`` sets the kills per kind (default 5 → 30 kills).
The figures of the last run are written to ``crash-trials.txt`` in pytest's temporary folder and summarised
in docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from db.backup import file_integrity
from db.check import check_file
from db.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
TRIALS = int(os.environ.get("UNION_DESK_CRASH_TRIALS", "5"))
WORKERS = 200

if sys.platform == "win32":  # SIGKILL and fork semantics
    pytest.skip("crash trials need POSIX signals", allow_module_level=True)


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "UNION_DESK_USER": "admin",
            "UNION_DESK_PASSWORD": "Crash-trial-2026", "XDG_DATA_HOME": str(tmp / "xdg"),
            "UNION_DESK_LOCK_WAIT": "10", "QT_QPA_PLATFORM": "offscreen"}


def _run(tmp: Path, *args: str, kill_after: float | None = None) -> tuple[int | None, float]:
    """Run ``union-desk args``; with ``kill_after`` SIGKILL it then (None = it finished first)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=_env(tmp),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _out, err = proc.communicate(timeout=300)
        assert b"Traceback" not in err, err.decode()
        return proc.returncode, time.monotonic() - started
    try:
        proc.wait(timeout=kill_after)
        return proc.returncode, time.monotonic() - started  # finished before the kill
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        return None, time.monotonic() - started


def _uids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT uid FROM worker")}
    finally:
        conn.close()


def _sound(path: Path) -> None:
    report = check_file(path)
    assert report.ok, report.problems


class Tally:
    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}

    def add(self, kind: str, killed: bool, lost: int) -> None:
        tried, hit, handled, rows_lost = self.rows.setdefault(kind, [0, 0, 0, 0])
        self.rows[kind] = [tried + 1, hit + killed, handled + 1, rows_lost + lost]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo office of WORKERS workers, made once."""
    tmp = tmp_path_factory.mktemp("crash-base")
    path = tmp / "base.sqlite"
    code, _ = _run(tmp, "demo", "--db", str(path), "--workers", str(WORKERS))
    assert code == 0
    return path


def _trials(kind: str, tmp: Path, prepare: Callable[[Path], list[str]], verify: Callable[[Path, bool], int],
            tally: Tally) -> None:
    rng = random.Random(f"{kind}-{os.getpid()}")
    work = tmp / f"{kind}-calibrate"
    work.mkdir()
    code, duration = _run(work, *prepare(work))
    assert code == 0 or kind == "upgrade", f"{kind} failed when not killed"
    verify(work, False)
    for i in range(TRIALS):
        work = tmp / f"{kind}-{i}"
        work.mkdir()
        args = prepare(work)
        code, _ = _run(work, *args, kill_after=rng.uniform(0.05, duration * 1.05))
        lost = verify(work, code is None)
        tally.add(kind, code is None, lost)


def test_crash_trials(base: Path, tmp_path: Path, sample_roster: Path) -> None:
    tally = Tally()
    base_uids = _uids(base)

    # -- import: 30 new workers, all or nothing ------------------------------------------------------
    def prep_import(work: Path) -> list[str]:
        shutil.copyfile(base, work / "data.sqlite")
        return ["import-roster", "--db", str(work / "data.sqlite"), str(sample_roster), "--create-units"]

    def verify_import(work: Path, killed: bool) -> int:
        data = work / "data.sqlite"
        _sound(data)
        uids = _uids(data)
        assert len(uids) in (len(base_uids), len(base_uids) + 30)
        code, _ = _run(work, "import-roster", "--db", str(data), str(sample_roster), "--create-units")
        assert code == 0  # the next run recovers and finishes the job
        assert len(_uids(data)) == len(base_uids) + 30
        return len(base_uids - uids)

    _trials("import", tmp_path, prep_import, verify_import, tally)

    # -- export: the named file is whole or absent, no .part stays after the next export -------------------
    def prep_export(work: Path) -> list[str]:
        shutil.copyfile(base, work / "data.sqlite")
        return ["export-roster", "--db", str(work / "data.sqlite"), "--out", str(work / "out" / "名册.xlsx")]

    def verify_export(work: Path, killed: bool) -> int:
        (work / "out").mkdir(exist_ok=True)
        out = work / "out" / "名册.xlsx"
        if out.exists():
            assert zipfile.ZipFile(out).testzip() is None
        _sound(work / "data.sqlite")
        code, _ = _run(work, "export-roster", "--db", str(work / "data.sqlite"), "--out", str(out))
        assert code == 0
        assert sorted(p.name for p in (work / "out").iterdir()) == ["名册.xlsx"]
        return len(base_uids - _uids(work / "data.sqlite"))

    def prep_export_dir(work: Path) -> list[str]:
        (work / "out").mkdir()
        return prep_export(work)

    _trials("export", tmp_path, prep_export_dir, verify_export, tally)

    # -- demo: no file, or a whole one that passes check ---------------------------------------------------
    def prep_demo(work: Path) -> list[str]:
        return ["demo", "--db", str(work / "demo.sqlite"), "--workers", str(WORKERS)]

    def verify_demo(work: Path, killed: bool) -> int:
        demo = work / "demo.sqlite"
        if demo.exists():
            _sound(demo)
            assert len(_uids(demo)) == WORKERS
        else:
            code, _ = _run(work, *prep_demo(work))  # the next demo is not refused and leaves no leftovers
            assert code == 0 and len(_uids(demo)) == WORKERS
        leftovers = [p.name for p in work.iterdir() if p.name.endswith((".part", ".part-wal", ".part-journal"))]
        assert leftovers == [] or killed
        _run(work, "backup", "--db", str(demo))  # any command on the file cleans a killed build's leftovers
        assert not [p for p in work.iterdir() if ".part" in p.name]
        return 0

    _trials("demo", tmp_path, prep_demo, verify_demo, tally)

    # -- upgrade: an old schema file, killed while being backed up and upgraded -------------------------------
    fixture = ROOT / "tests" / "fixtures" / "schema-0001.sqlite"
    old_uids = _uids(fixture)

    def prep_upgrade(work: Path) -> list[str]:
        shutil.copyfile(fixture, work / "old.sqlite")
        return ["reminders", "--db", str(work / "old.sqlite")]

    def verify_upgrade(work: Path, killed: bool) -> int:
        old = work / "old.sqlite"
        _sound(old)
        uids = _uids(old)
        _run(work, "reminders", "--db", str(old))  # the next start recovers and upgrades
        report = check_file(old)
        assert report.ok and report.revision == head_revision(), report.problems
        backups = list((work / "backups").glob("*.sqlite")) if (work / "backups").exists() else []
        assert all(file_integrity(b) == [] for b in backups)
        return len(old_uids - uids) + len(old_uids - _uids(old))

    _trials("upgrade", tmp_path, prep_upgrade, verify_upgrade, tally)

    # -- backup: only whole, checked backups ever appear ------------------------------------------------------
    def prep_backup(work: Path) -> list[str]:
        shutil.copyfile(base, work / "data.sqlite")
        return ["backup", "--db", str(work / "data.sqlite"), "--to", str(work / "bk")]

    def verify_backup(work: Path, killed: bool) -> int:
        folder = work / "bk"
        done = list(folder.glob("*.sqlite")) if folder.exists() else []
        assert all(file_integrity(b) == [] for b in done)
        assert all(len(_uids(b)) == len(base_uids) for b in done)
        code, _ = _run(work, "backup", "--db", str(work / "data.sqlite"), "--to", str(folder))
        assert code == 0
        assert not [p for p in folder.iterdir() if ".part" in p.name]
        _sound(work / "data.sqlite")
        return len(base_uids - _uids(work / "data.sqlite"))

    _trials("backup", tmp_path, prep_backup, verify_backup, tally)

    # -- restore: the file is the old one or the whole backup; the old one is kept as a backup --------------
    older = tmp_path / "older.sqlite"
    shutil.copyfile(base, older)  # the backup to restore: the base before the sample import
    newer_dir = tmp_path / "restore-newer"
    newer_dir.mkdir()
    shutil.copyfile(base, newer_dir / "data.sqlite")
    assert _run(newer_dir, "import-roster", "--db", str(newer_dir / "data.sqlite"), str(sample_roster),
                "--create-units")[0] == 0
    newer = newer_dir / "data.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    newer_uids = _uids(newer)

    def prep_restore(work: Path) -> list[str]:
        shutil.copyfile(newer, work / "data.sqlite")
        return ["restore", "--db", str(work / "data.sqlite"), str(older)]

    def verify_restore(work: Path, killed: bool) -> int:
        data = work / "data.sqlite"
        _sound(data)
        uids = _uids(data)
        assert uids in (newer_uids, base_uids)
        kept = set(uids)
        for b in (work / "backups").glob("*before-restore*.sqlite") if (work / "backups").exists() else []:
            assert file_integrity(b) == []
            kept |= _uids(b)
        code, _ = _run(work, "restore", "--db", str(data), str(older))
        assert code == 0 and _uids(data) == base_uids
        assert not [p for p in work.iterdir() if ".part" in p.name]
        return len(newer_uids - kept)  # rows of the replaced file must survive in the before-restore backup

    _trials("restore", tmp_path, prep_restore, verify_restore, tally)

    lines = ["kind     tried  killed  handled  rows_lost"]
    for kind, (tried, killed, handled, lost) in tally.rows.items():
        lines.append(f"{kind:8} {tried:5}  {killed:6}  {handled:7}  {lost:9}")
    total = [sum(v[i] for v in tally.rows.values()) for i in range(4)]
    lines.append(f"{'total':8} {total[0]:5}  {total[1]:6}  {total[2]:7}  {total[3]:9}")
    (tmp_path.parent / "crash-trials.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert total[3] == 0
    assert total[1] >= min(30, TRIALS * 6 * 2 // 3), "too few trials were actually killed mid-work"


@pytest.fixture
def sample_roster() -> Path:
    path = SAMPLES / "hr-roster-ali-river-2026.xlsx"
    if not path.exists():
        pytest.skip("shared/samples is not beside this checkout")
    return path
