"""Crash trials (issue #16): SIGKILL the command line at random moments of import, export, demo, upgrade,
backup and restore, then check that the file passes ``check`` and that no committed row is lost.

Each kind is first run once to the end to learn when its work starts (the first file it makes beside the
data: a lock, a WAL, a ``.part``) and how long it lasts on this machine. A kill then waits for that first
sign of work in its own run and falls uniformly inside the work that follows, so no kill is spent on the
interpreter's start-up, where nothing is written. Trials run side by side (``UNION_DESK_CRASH_JOBS``, default
cores + 1: much of each trial waits on fsync and process start), each in its own folder.
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
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from db.backup import file_integrity
from db.check import check_file
from db.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
TRIALS = int(os.environ.get("UNION_DESK_CRASH_TRIALS", "5"))
JOBS = int(os.environ.get("UNION_DESK_CRASH_JOBS", str((os.cpu_count() or 2) + 1)))
WORKERS = 200
POLL_S = 0.01

if sys.platform == "win32":  # SIGKILL and fork semantics
    pytest.skip("crash trials need POSIX signals", allow_module_level=True)


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "UNION_DESK_USER": "admin",
        "UNION_DESK_PASSWORD": "Crash-trial-2026",
        "XDG_DATA_HOME": str(tmp / "xdg"),
        "UNION_DESK_LOCK_WAIT": "10",
        "QT_QPA_PLATFORM": "offscreen",
    }


@dataclass(frozen=True)
class Timing:
    """When the work of a command started (first new file in its folder) and when it ended, in seconds."""

    start: float
    end: float


def _entries(folder: Path) -> set[str]:
    # The app-data folder (logs) is made at start-up, before any work on the data: not a sign of work.
    try:
        return set(os.listdir(folder)) - {"xdg"}
    except FileNotFoundError:
        return set()


def _run(tmp: Path, *args: str, kill_after_start: float | None = None) -> tuple[int | None, Timing]:
    """Run ``union-desk args`` in ``tmp``; with ``kill_after_start`` SIGKILL it that long after its work
    started (None returned as the code) unless it finished first."""
    started = time.monotonic()
    before = _entries(tmp)
    with tempfile.TemporaryFile() as err:  # not a pipe: a long message must not block the child
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", *args], cwd=ROOT, env=_env(tmp), stdout=subprocess.DEVNULL, stderr=err
        )
        work_at: float | None = None
        kill_at: float | None = None
        while proc.poll() is None:
            now = time.monotonic()
            if work_at is None and _entries(tmp) != before:
                work_at = now
                if kill_after_start is not None:
                    kill_at = now + kill_after_start
            if kill_at is not None and now >= kill_at:
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                return None, Timing((work_at or now) - started, now - started)
            assert now - started < 300, f"{args[0]} still running after 300 s"
            time.sleep(POLL_S)
        ended = time.monotonic() - started
        err.seek(0)
        text = err.read()
    if kill_after_start is None:
        assert b"Traceback" not in text, text.decode()
    return proc.returncode, Timing((work_at - started) if work_at else ended, ended)


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
        self._lock = threading.Lock()

    def add(self, kind: str, killed: bool, lost: int) -> None:
        with self._lock:
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


Prepare = Callable[[Path], list[str]]
Verify = Callable[[Path, bool], int]


def _calibrate(kind: str, tmp: Path, prepare: Prepare) -> Timing:
    # Timing only: a trial whose command finishes before its kill is verified as an unkilled run.
    work = tmp / f"{kind}-calibrate"
    work.mkdir()
    code, timing = _run(work, *prepare(work))
    assert code == 0 or kind == "upgrade", f"{kind} failed when not killed"
    return timing


def _trial(kind: str, i: int, tmp: Path, prepare: Prepare, verify: Verify, timing: Timing, tally: Tally) -> None:
    rng = random.Random(f"{kind}-{i}-{os.getpid()}")
    # Uniform over the work itself; its calibrated length ends with the interpreter's exit, and a trial
    # may run quicker than the calibration did, so the window stops a little short of it.
    delay = rng.uniform(0.0, (timing.end - timing.start) * 0.9)
    for attempt in range(3):  # a short command may still finish first: that run is verified, then tried again
        work = tmp / f"{kind}-{i}-{attempt}"
        work.mkdir()
        args = prepare(work)
        code, _ = _run(work, *args, kill_after_start=delay)
        lost = verify(work, code is None)
        tally.add(kind, code is None, lost)
        if code is None:
            return
        delay /= 2


def _run_all(kinds: dict[str, tuple[Prepare, Verify]], tmp: Path, tally: Tally) -> None:
    """Calibrate every kind, then run all the kills, JOBS at a time."""
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        timings = dict(zip(kinds, pool.map(lambda k: _calibrate(k, tmp, kinds[k][0]), kinds), strict=True))
        # The longest kinds first, so the pool does not end waiting on one long trial.
        order = sorted(kinds, key=lambda k: -timings[k].end)
        futures = [
            pool.submit(_trial, kind, i, tmp, *kinds[kind], timings[kind], tally)
            for kind in order
            for i in range(TRIALS)
        ]
        for future in futures:
            future.result()  # an assertion in a trial fails the test here


def test_crash_trials(base: Path, tmp_path: Path, sample_roster: Path) -> None:
    tally = Tally()
    base_uids = _uids(base)
    kinds: dict[str, tuple[Prepare, Verify]] = {}

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

    kinds["import"] = (prep_import, verify_import)

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

    kinds["export"] = (prep_export_dir, verify_export)

    # -- demo: no file, or a whole one that passes check ---------------------------------------------------
    def prep_demo(work: Path) -> list[str]:
        return ["demo", "--db", str(work / "demo.sqlite"), "--workers", str(WORKERS)]

    def verify_demo(work: Path, killed: bool) -> int:
        demo = work / "demo.sqlite"
        if demo.exists():
            _sound(demo)
            assert len(_uids(demo)) == WORKERS
            leftovers = [p.name for p in work.iterdir() if p.name.endswith((".part", ".part-wal", ".part-journal"))]
            assert leftovers == [] or killed
            _run(work, "backup", "--db", str(demo))  # any command on the file cleans a killed build's leftovers
        else:
            # The next demo is not refused, removes the killed build's leftovers and leaves none of its own.
            code, _ = _run(work, *prep_demo(work))
            assert code == 0 and len(_uids(demo)) == WORKERS
        assert not [p for p in work.iterdir() if ".part" in p.name]
        return 0

    kinds["demo"] = (prep_demo, verify_demo)

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

    kinds["upgrade"] = (prep_upgrade, verify_upgrade)

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

    kinds["backup"] = (prep_backup, verify_backup)

    # -- restore: the file is the old one or the whole backup; the old one is kept as a backup --------------
    older = tmp_path / "older.sqlite"
    shutil.copyfile(base, older)  # the backup to restore: the base before the sample import
    newer_dir = tmp_path / "restore-newer"
    newer_dir.mkdir()
    shutil.copyfile(base, newer_dir / "data.sqlite")
    assert (
        _run(newer_dir, "import-roster", "--db", str(newer_dir / "data.sqlite"), str(sample_roster), "--create-units")[
            0
        ]
        == 0
    )
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

    kinds["restore"] = (prep_restore, verify_restore)

    started = time.monotonic()
    _run_all(kinds, tmp_path, tally)
    lines = ["kind     tried  killed  handled  rows_lost"]
    for kind, (tried, killed, handled, lost) in tally.rows.items():
        lines.append(f"{kind:8} {tried:5}  {killed:6}  {handled:7}  {lost:9}")
    total = [sum(v[i] for v in tally.rows.values()) for i in range(4)]
    lines.append(f"{'total':8} {total[0]:5}  {total[1]:6}  {total[2]:7}  {total[3]:9}")
    lines.append(f"{JOBS} at a time, {time.monotonic() - started:.0f} s")
    (tmp_path.parent / "crash-trials.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert total[3] == 0
    assert total[1] >= TRIALS * 6 * 9 // 10, "too few trials were actually killed mid-work"


@pytest.fixture
def sample_roster() -> Path:
    path = SAMPLES / "hr-roster-ali-river-2026.xlsx"
    if not path.exists():
        pytest.skip("shared/samples is not beside this checkout")
    return path
