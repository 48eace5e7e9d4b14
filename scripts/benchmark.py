"""Measure union-desk on a large roster and print a table of figures against the design targets.

    python scripts/benchmark.py                 # 20,000 workers in a temporary folder
    python scripts/benchmark.py --workers 5000 --keep /tmp/bench
    nice python scripts/benchmark.py --workers 100000 --keep /tmp/bench100k   # issue #16: about 10 minutes
    python scripts/benchmark.py --workers 100000 --keep /tmp/bench100k --reuse  # keep the demo file made before

Every phase runs in its own fresh Python process, so each gets a cold start (as a clerk's program would)
and its own peak memory figure (ru_maxrss), against the issue #16 limit of 500 MB in every phase. The demo
file is made like ``union-desk demo`` (administrator admin / demo1234) and every phase signs in, as a clerk
must. Parts that fail are listed as "not measured" with the reason; the script never asserts, it only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULT_TAG = "BENCH-RESULT "
CHILD_TIMEOUT_S = 1800  # a 100,000-worker import or PDF on a busy machine takes minutes
GUI_TIMEOUT_S = 180
MEMORY_LIMIT_MB = 500  # issue #16: every phase, on a 100,000-worker file
USER, PASSWORD = "admin", "demo1234"  # the demo's published administrator (README)
SEARCH_TEXTS = ("王", "王建", "王建国")
PAGE = 200


# --- Helpers shared by parent and children -----------------------------------------------------------------


def peak_rss_mb() -> float | None:
    """This process's peak resident memory; None where the resource module does not exist (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def cpu_seconds() -> float | None:
    """User + system CPU of this process: on a shared machine the wall-clock figures wait for the CPU too."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def emit(result: dict[str, Any]) -> None:
    result.setdefault("peak_mb", peak_rss_mb())
    result.setdefault("cpu_s", cpu_seconds())
    print(RESULT_TAG + json.dumps(result, ensure_ascii=False), flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def repeat_ms(fn: Callable[[], Any], n: int = 5) -> dict[str, float]:
    """First (cold) run and the median of n runs, in ms: a keystroke is felt once, but the median is stable."""
    times = [timed(fn)[0] * 1000 for _ in range(n)]
    return {"first_ms": times[0], "median_ms": statistics.median(times)}


# --- Children: one phase each ------------------------------------------------------------------------------


def open_signed(db_path: Path) -> Any:
    """Open a data file signed in as the demo administrator (made here on a new file), as a clerk's program is."""
    from desktop.services.accounts import create_first_admin, sign_in
    from desktop.services.database import open_data_file

    db = open_data_file(db_path)
    if db.secured:
        sign_in(db, USER, PASSWORD)
    else:
        create_first_admin(db, USER, PASSWORD)
    return db


def child_demo(db_path: Path, workers: int) -> None:
    from desktop.services.demo import create_demo

    db = open_signed(db_path)
    seconds, summary = timed(lambda: create_demo(db, workers=workers, seed=1))
    db.close()
    emit({"seconds": seconds, "summary": str(summary)})


def child_services(db_path: Path) -> None:
    from desktop.services import office
    from desktop.services.roster import workers

    db = open_signed(db_path)
    out: dict[str, Any] = {}
    with db.read() as s:
        everyone = workers.WorkerFilter()
        out["all_ids"] = repeat_ms(lambda: workers.worker_ids(s, everyone))
        ids = workers.worker_ids(s, everyone)
        out["all_count"] = len(ids)
        out["all_ids_by_name"] = repeat_ms(lambda: workers.worker_ids(s, everyone, sort="name"))
        for text in SEARCH_TEXTS:
            flt = workers.WorkerFilter(text=text)
            out[f"search:{text}"] = repeat_ms(lambda flt=flt: workers.worker_ids(s, flt))
            out[f"search:{text}:count"] = len(workers.worker_ids(s, flt))
        nodes = office.unit_tree(s)
        # The biggest 林场 with its 班组: the filter a clerk uses most, and the one that needs sub-units.
        farms = [n for n in nodes if n.kind == "farm"] or [n for n in nodes if n.depth == 1] or nodes
        if farms:
            subtree = {n.id: n for n in nodes}

            def size(unit_id: int) -> int:
                return sum(subtree[i].worker_count for i in office.descendant_ids(s, unit_id) if i in subtree)

            farm = max(farms, key=lambda n: size(n.id))
            flt = workers.WorkerFilter(unit_id=farm.id)
            out["unit"] = repeat_ms(lambda: workers.worker_ids(s, flt))
            out["unit:name"] = farm.path
            out["unit:count"] = len(workers.worker_ids(s, flt))
        first_page = ids[:PAGE]
        middle = ids[len(ids) // 2 : len(ids) // 2 + PAGE]
        out["page_first"] = repeat_ms(lambda: workers.fetch_rows(s, first_page))
        out["page_middle"] = repeat_ms(lambda: workers.fetch_rows(s, middle))
    db.close()
    emit(out)


def child_export(db_path: Path, xlsx: Path) -> None:
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    db = open_signed(db_path)
    # Full ID numbers, so the import phase can read the workbook back (a full-ID export names its reason).
    seconds, n = timed(lambda: export_roster(db, xlsx, WorkerFilter(), full_ids=True, reason="基准测试：导入测量"))
    db.close()
    emit({"seconds": seconds, "rows": n, "bytes": xlsx.stat().st_size if xlsx.exists() else 0})


def child_import(xlsx: Path, target: Path) -> None:
    from desktop.services import office
    from desktop.services.roster.importing import import_roster

    db = open_signed(target)
    # A clerk's first run: the office is named before the roster comes in.
    with db.write() as s:
        office.save_office(s, code="BEN", name="基准测试工会", actor="benchmark")
    seconds, report = timed(lambda: import_roster(db, xlsx, create_units=True))
    db.close()
    ok = getattr(report, "ok", None)
    summary = report.summary() if hasattr(report, "summary") else str(report)
    emit({"seconds": seconds, "ok": ok, "summary": str(summary).splitlines()[0][:200]})  # not the unit list


def child_pdf(db_path: Path, pdf: Path) -> None:
    from desktop.services.printing import FORMS

    db = open_signed(db_path)
    seconds, pages = timed(lambda: FORMS["roster"](db, pdf))
    db.close()
    emit({"seconds": seconds, "pages": pages, "bytes": pdf.stat().st_size if pdf.exists() else 0})


def child_hq(db_path: Path, out: Path) -> None:
    from datetime import date

    from desktop.services.hq.export import Period, export_hq_workbook

    db = open_signed(db_path)
    seconds, counts = timed(lambda: export_hq_workbook(db, out, Period.year(date.today().year)))
    db.close()
    emit({"seconds": seconds, "counts": counts, "bytes": out.stat().st_size if out.exists() else 0})


def child_check(db_path: Path) -> None:
    """``union-desk check --user``: integrity, foreign keys and the change-log chain, reading only."""
    import contextlib
    import io

    from desktop.cli import main as cli_main

    os.environ["UNION_DESK_PASSWORD"] = PASSWORD
    before = db_path.stat().st_mtime_ns
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        seconds, code = timed(lambda: cli_main(["check", "--db", str(db_path), "--user", USER]))
    lines = [ln for ln in printed.getvalue().splitlines() if ln.startswith(("完整性", "变更记录"))]
    emit(
        {
            "seconds": seconds,
            "exit": code,
            "summary": "；".join(lines),
            "unchanged": db_path.stat().st_mtime_ns == before,
        }
    )


# The GUI probe runs with `python -c` so its clock starts where a clerk's double-click would: interpreter
# start-up and every import are inside the figure. The parent passes time.perf_counter() in the environment;
# perf_counter is a system-wide monotonic clock on Linux, Windows and macOS, so the two processes agree.
GUI_PROBE = r'''
import importlib, inspect, json, os, sys, time
T0 = float(os.environ["UD_BENCH_T0"])
DB = sys.argv[1]
out = {}

def peak():
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024

def done():
    out["peak_mb"] = peak()
    try:
        import resource
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out["cpu_s"] = usage.ru_utime + usage.ru_stime
    except ImportError:
        pass
    print("BENCH-RESULT " + json.dumps(out, ensure_ascii=False), flush=True)
    os._exit(0)

try:
    app_mod = importlib.import_module("desktop.ui.app")
except ImportError as exc:
    out["error"] = f"desktop.ui.app not available yet ({exc})"
    done()

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget

def call(fn, db_path):
    """Call a builder with a path or with an opened Database, whichever its signature asks for."""
    params = list(inspect.signature(fn).parameters.values())
    if params and "Database" in str(params[0].annotation):
        from desktop.services.database import open_data_file
        db = open_data_file(db_path)
        if db.secured:  # what the sign-in box does at a clerk's start (argon2id: part of the start figure)
            from desktop.services.accounts import sign_in
            sign_in(db, os.environ["UD_BENCH_USER"], os.environ["UD_BENCH_PASSWORD"])
        return fn(db)
    return fn(db_path) if params else fn()

app = None
for name in ("make_app", "create_app", "create_application", "make_application", "build_app"):
    if hasattr(app_mod, name):
        fn = getattr(app_mod, name)
        app = fn([sys.argv[0]]) if inspect.signature(fn).parameters else fn()
        break
app = app or QApplication.instance() or QApplication([sys.argv[0]])

def give_up():
    out.setdefault("error", "timed out (a modal dialog waiting offscreen?)")
    done()

# Anything modal (a first-run question) would block forever offscreen: give up after a minute.
watchdog = QTimer()
watchdog.setSingleShot(True)
watchdog.timeout.connect(give_up)
watchdog.start(60000)

window = None
for name in ("build_main_window", "create_main_window", "make_main_window", "open_main_window",
             "create_window", "build_window"):
    if hasattr(app_mod, name):
        window = call(getattr(app_mod, name), DB)
        if isinstance(window, tuple):
            window = next((w for w in window if isinstance(w, QWidget)), None)
        break
if window is None:
    for mod_name in ("desktop.ui.app", "desktop.ui.main_window"):
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        if hasattr(mod, "MainWindow"):
            window = call(mod.MainWindow, DB)
            break
if window is None:
    out["error"] = "no window builder found in desktop.ui.app (build_main_window / MainWindow …)"
    done()
out["build_s"] = time.perf_counter() - T0

def roster_table():
    tables = [t for t in window.findChildren(QTableView) if t.model() is not None]
    named = [t for t in tables if "roster" in (t.objectName() + type(t.parent()).__name__).lower()]
    return (named or tables or [None])[0]

table = roster_table()
# The tab in front at start (工作台 since #17) is what the clerk sees first; the roster is measured when switched to.
tabs = getattr(window, "tabs", None)
front = tabs.currentWidget() if tabs is not None else None
front_tables = [t for t in front.findChildren(QTableView) if t.model() is not None] if front is not None else []
first_table = front_tables[0] if front_tables and table not in front_tables else table
painted = {}
waiting = {}

def wait_for(state, key, ms):
    """Run the event loop until state[key] is set or ms pass. One exec() call, never a processEvents() spin:
    with PySide6 6.12 on Python 3.11 every void Qt call drops a reference to None, and a few thousand
    calls in a loop abort the interpreter (none_dealloc)."""
    if key in state:
        return
    loop = QEventLoop()
    waiting["loop"] = (loop, id(state), key)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    waiting.pop("loop", None)

def mark(state, key):
    if key not in state:
        state[key] = time.perf_counter()
        loop, state_id, wanted = waiting.get("loop") or (None, 0, "")
        if loop is not None and (state_id, wanted) == (id(state), key):
            loop.quit()

class PaintSpy(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            mark(painted, "first")
        return False

spy = PaintSpy()
if first_table is not None:
    first_table.viewport().installEventFilter(spy)
front_loaded = {}
if first_table is not table and hasattr(front, "loaded"):
    front.loaded.connect(lambda: mark(front_loaded, "at"))
show_at = time.perf_counter()
# show_sized() is how run_gui shows the window (restored geometry or maximised on a small screen).
getattr(window, "show_sized", window.show)()
if first_table is not None:
    wait_for(painted, "first", 10000)
out["start_to_shown_s"] = (painted.get("first") or time.perf_counter()) - T0
if first_table is not table and hasattr(front, "loaded"):
    wait_for(front_loaded, "at", 20000)
    if "at" in front_loaded:
        out["front_tab"] = tabs.tabText(tabs.currentIndex())
        out["front_loaded_s"] = front_loaded["at"] - T0
        out["front_rows"] = first_table.model().rowCount()
if table is not None and first_table is not table:
    # Switch to the roster as a click on its tab does, and time its first paint from the click.
    first_table.viewport().removeEventFilter(spy)
    painted.clear()
    table.viewport().installEventFilter(spy)
    show_at = time.perf_counter()
    tabs.setCurrentIndex(tabs.indexOf(getattr(window, "roster", table.parent())))
    wait_for(painted, "first", 10000)
if table is None:
    out["paint_error"] = "no table view with a model in the main window"
elif "first" in painted:
    out["first_paint_ms"] = (painted["first"] - show_at) * 1000
    out["rows"] = table.model().rowCount()
else:
    out["paint_error"] = "the roster table was not painted within 10 s"

# The filter bar keeps its box as ``.search``; failing that, a visible box that asks for a name.
bars = [w.search for w in window.findChildren(QWidget)
        if isinstance(getattr(w, "search", None), QLineEdit) and w.search.isVisible()]
edits = [e for e in window.findChildren(QLineEdit) if e.isVisible()]
hinted = [e for e in edits if any(k in (e.placeholderText() or "") for k in ("搜", "姓名"))
          or "search" in e.objectName().lower()]
search = (bars or hinted or [None])[0]
if table is None or search is None:
    out["keystroke_error"] = "no visible search box (filter bar .search, placeholder 搜索/姓名 or objectName search)"
    done()
model = table.model()
reset = {}

def on_reset(*_args):
    mark(reset, "at")

def on_about_to_reset(*_args):
    mark(reset, "begin")

model.modelAboutToBeReset.connect(on_about_to_reset)
model.layoutAboutToBeChanged.connect(on_about_to_reset)
model.modelReset.connect(on_reset)
model.layoutChanged.connect(on_reset)
times = []
work = []
for text in ("王", "建"):
    reset.clear()
    painted.clear()
    t_key = time.perf_counter()
    # Chinese arrives through the input method as a committed string (QTest.keyClicks is ASCII only).
    ime = QInputMethodEvent()
    ime.setCommitString(text)
    search.setFocus()
    QApplication.sendEvent(search, ime)
    wait_for(reset, "at", 5000)
    if "at" in reset:
        if painted.get("first", 0) < reset["at"]:
            painted.clear()
            wait_for(painted, "first", 1000)
        end = max(painted.get("first", 0), reset["at"])
        times.append((end - t_key) * 1000)
        # From the model's reset starting (after any debounce timer) to the repaint: the work itself.
        work.append((end - reset.get("begin", t_key)) * 1000)
if times:
    out["keystroke_ms"] = times
    out["keystroke_work_ms"] = work
    out["search_rows"] = model.rowCount()
else:
    out["keystroke_error"] = "typing in the search box did not reset the table model within 5 s"
done()
'''


# --- Parent: run the phases, collect, print ------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    measured: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


def run_child(
    args: list[str], *, env: dict[str, str] | None = None, timeout: int = CHILD_TIMEOUT_S, code: str | None = None
) -> dict[str, Any]:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, str(Path(__file__)), *args]
    # PYTHONFAULTHANDLER: a child that crashes in C code still names the Python line it was on.
    child_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PYTHONFAULTHANDLER": "1",
        **(env or {}),
    }
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=child_env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    lines = proc.stderr.strip().splitlines()
    if proc.returncode < 0:
        # A crash (e.g. SIGSEGV in Qt): the faulthandler's innermost project frame says where.
        try:
            how = signal.Signals(-proc.returncode).name
        except ValueError:
            how = f"signal {-proc.returncode}"
        frames = [ln.strip() for ln in lines if ln.strip().startswith("File ") and str(ROOT) in ln]
        where = f" at {frames[0]}" if frames else ""
        return {"error": f"crashed ({how}){where}"[:200]}
    tail = (lines or ["no output"])[-1]
    return {"error": f"exit {proc.returncode}: {tail[:160]}"}


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def secs(value: float) -> str:
    return f"{value:.2f} s"


def verdict(value: float, limit: float) -> bool:
    return value <= limit


def width(text: str) -> int:
    """Terminal columns: a Chinese character takes two, so str.ljust alone would skew the table."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def print_table(figures: list[Figure]) -> None:
    headers = ("figure", "measured", "target", "", "note")
    rows = [(f.name, f.measured, f.target, {True: "ok", False: "SLOW", None: ""}[f.ok], f.note) for f in figures]
    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(4)]
    print("  ".join(pad(h, w) for h, w in zip(headers[:4], widths, strict=True)) + "  " + headers[4])
    print("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    for r in rows:
        print("  ".join(pad(c, w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])


def memory_figure(phase: str, result: dict[str, Any]) -> Figure:
    # A phase that could not run only measured an idle interpreter; its figure would mislead.
    peak = None if "error" in result else result.get("peak_mb")
    limit = f"≤ {MEMORY_LIMIT_MB} MB"
    if peak is None:
        return Figure(f"peak memory: {phase}", "n/a", limit, None, result.get("error", "no ru_maxrss on this system"))
    cpu = result.get("cpu_s")
    note = f"process CPU {cpu:.1f} s (start-up and sign-in included)" if cpu is not None else ""
    return Figure(f"peak memory: {phase}", f"{peak:.0f} MB", limit, peak <= MEMORY_LIMIT_MB, note)


def not_measured(name: str, target: str, result: dict[str, Any]) -> Figure:
    return Figure(name, "not measured", target, None, str(result.get("error", "unknown reason")))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="union-desk benchmark on a large demo roster")
    p.add_argument("--workers", type=int, default=20000)
    p.add_argument("--keep", metavar="DIR", help="keep the demo file, workbook and PDF in this folder")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: measure the demo file left there by an earlier run instead of making it again",
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        return _run_as_child(a)
    folder = _kept_folder(Path(a.keep), reuse=a.reuse) if a.keep else Path(tempfile.mkdtemp(prefix="union-desk-bench-"))
    db_path = folder / "bench.sqlite"
    n = a.workers
    figures: list[Figure] = []
    print(f"union-desk benchmark: {n} workers, files in {folder}", flush=True)

    try:
        memory: list[Figure] = []
        if a.reuse and db_path.exists():
            print("· reusing the demo file of an earlier run", flush=True)
            figures.append(
                Figure(f"demo generation ({n})", "not measured", "", None, "--reuse: made by an earlier run")
            )
        else:
            print("· generating the demo file …", flush=True)
            r = run_child(["--child", "demo", "--workers", str(n), str(db_path)])
            if "error" in r:
                figures.append(not_measured(f"demo generation ({n})", "≤ 10 s", r))
                print_table(figures)
                return 1
            figures.append(Figure(f"demo generation ({n})", secs(r["seconds"]), "≤ 10 s", verdict(r["seconds"], 10)))
            memory.append(memory_figure("demo", r))

        print("· service queries …", flush=True)
        r = run_child(["--child", "services", str(db_path)])
        memory.append(memory_figure("services", r))
        if "error" in r:
            figures.append(not_measured("service queries", "", r))
        else:
            figures.extend(_service_figures(r))
        _file_phases(folder, n, figures, memory)

        print("· GUI, offscreen …", flush=True)
        r = run_child([str(db_path)], env=_gui_env(folder), timeout=GUI_TIMEOUT_S, code=GUI_PROBE)
        memory.append(memory_figure("GUI", r))
        if "error" in r:
            for name, target in (
                ("start → main window shown", "≤ 1.5 s"),
                ("roster tab first paint", "≤ 200 ms"),
                ("search keystroke: reset + repaint", "≤ 50 ms"),
            ):
                figures.append(not_measured(name, target, r))
        else:
            figures.extend(_gui_figures(r))
        figures.extend(memory)
        print()
        print_table(figures)
    finally:
        if not a.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _run_as_child(a: argparse.Namespace) -> int:
    """One measured phase in its own process; its result (or why it failed) goes to the parent as JSON."""
    paths = [Path(x) for x in a.paths]
    children: dict[str, Callable[[], None]] = {
        "demo": lambda: child_demo(paths[0], a.workers),
        "services": lambda: child_services(paths[0]),
        "export": lambda: child_export(paths[0], paths[1]),
        "import": lambda: child_import(paths[0], paths[1]),
        "pdf": lambda: child_pdf(paths[0], paths[1]),
        "hq": lambda: child_hq(paths[0], paths[1]),
        "check": lambda: child_check(paths[0]),
    }
    try:
        children[a.child]()
    except Exception as exc:  # reported as a "not measured" reason, never a traceback in the table
        emit({"error": f"{type(exc).__name__}: {exc}"[:200]})
    return 0


def _kept_folder(keep: Path, *, reuse: bool) -> Path:
    """The --keep folder, emptied of an earlier run's results (but its demo file kept with --reuse)."""
    folder = keep.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    # Stale results from an earlier run would be measured (or imported) again as if new.
    kept = ("bench.sqlite",) if reuse and (folder / "bench.sqlite").exists() else ()
    for old in (
        "bench.sqlite",
        "bench.sqlite-wal",
        "bench.sqlite-shm",
        "imported.sqlite",
        "imported.sqlite-wal",
        "imported.sqlite-shm",
        "roster.xlsx",
        "roster.pdf",
        "hq.xlsx",
    ):
        if old not in kept:
            (folder / old).unlink(missing_ok=True)
    # Backups an earlier run's phases made beside the files.
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return folder


def _service_figures(r: dict[str, Any]) -> list[Figure]:
    figures: list[Figure] = []

    def q(name: str, key: str, target_ms: float, note: str = "") -> None:
        m = r[key]
        extra = f"first {ms(m['first_ms'])}, median of 5"
        figures.append(
            Figure(
                name,
                ms(m["median_ms"]),
                f"≤ {target_ms:.0f} ms",
                verdict(m["median_ms"], target_ms),
                f"{extra}; {note}".strip("; "),
            )
        )

    q("worker_ids, whole roster", "all_ids", 50, f"{r['all_count']} ids, sorted by id")
    q("worker_ids, whole roster by name", "all_ids_by_name", 50)
    for text in SEARCH_TEXTS:
        q(f'worker_ids, search "{text}"', f"search:{text}", 50, f"{r[f'search:{text}:count']} hits")
    if "unit" in r:
        q("worker_ids, unit + sub-units", "unit", 50, f"{r['unit:name']}: {r['unit:count']} workers")
    q(f"fetch_rows, one page of {PAGE} (first)", "page_first", 50)
    q(f"fetch_rows, one page of {PAGE} (middle)", "page_middle", 50)
    return figures


def _file_phases(folder: Path, n: int, figures: list[Figure], memory: list[Figure]) -> None:
    """Export, import, PDF, HQ workbook and check, each in its own process on the demo file."""
    db_path = folder / "bench.sqlite"
    xlsx = folder / "roster.xlsx"
    imported = folder / "imported.sqlite"
    pdf = folder / "roster.pdf"
    hq = folder / "hq.xlsx"
    print("· export to xlsx …", flush=True)
    r = run_child(["--child", "export", str(db_path), str(xlsx)])
    memory.append(memory_figure("export", r))
    if "error" in r:
        figures.append(not_measured(f"export roster xlsx ({n})", "≤ 5 s", r))
    else:
        figures.append(
            Figure(
                f"export roster xlsx ({n})",
                secs(r["seconds"]),
                "≤ 5 s",
                verdict(r["seconds"], 5),
                f"{r['rows']} rows, {r['bytes'] / 1e6:.1f} MB",
            )
        )

    print("· import from xlsx into an empty file …", flush=True)
    if xlsx.exists():
        r = run_child(["--child", "import", str(xlsx), str(imported)])
    else:
        r = {"error": "no exported workbook to import (export not available)", "peak_mb": None}
    memory.append(memory_figure("import", r))
    if "error" in r:
        figures.append(not_measured(f"import roster xlsx ({n})", "≤ 10 s", r))
    else:
        note = r["summary"] if r.get("ok") is not False else f"REPORT NOT OK: {r['summary']}"
        figures.append(
            Figure(f"import roster xlsx ({n})", secs(r["seconds"]), "≤ 10 s", verdict(r["seconds"], 10), note)
        )

    print("· roster PDF …", flush=True)
    r = run_child(["--child", "pdf", str(db_path), str(pdf)])
    memory.append(memory_figure("pdf", r))
    if "error" in r:
        figures.append(not_measured(f"roster PDF ({n})", "", r))
    else:
        figures.append(
            Figure(f"roster PDF ({n})", secs(r["seconds"]), "", None, f"{r['pages']} pages, {r['bytes'] / 1e6:.1f} MB")
        )

    print("· HQ workbook export …", flush=True)
    r = run_child(["--child", "hq", str(db_path), str(hq)])
    memory.append(memory_figure("HQ export", r))
    if "error" in r:
        figures.append(not_measured(f"HQ workbook export ({n})", "", r))
    else:
        rows = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        figures.append(
            Figure(f"HQ workbook export ({n})", secs(r["seconds"]), "", None, f"{rows}; {r['bytes'] / 1e6:.1f} MB")
        )

    print("· check --user …", flush=True)
    r = run_child(["--child", "check", str(db_path)])
    memory.append(memory_figure("check", r))
    if "error" in r:
        figures.append(not_measured(f"check --user ({n})", "", r))
    else:
        note = f"exit {r['exit']}; {r['summary']}; file {'unchanged' if r['unchanged'] else 'CHANGED'}"
        figures.append(Figure(f"check --user ({n})", secs(r["seconds"]), "", None, note))


def _gui_env(folder: Path) -> dict[str, str]:
    # A private settings/data home: the probe starts like a first run and never rewrites the developer's
    # remembered window layout or last data file.
    home = folder / "gui-home"
    home.mkdir(exist_ok=True)
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "APPDATA": str(home / "appdata"),
        "UD_BENCH_USER": USER,
        "UD_BENCH_PASSWORD": PASSWORD,
        "UD_BENCH_T0": repr(time.perf_counter()),
    }
    return env


def _gui_figures(r: dict[str, Any]) -> list[Figure]:
    figures: list[Figure] = []
    start = r["start_to_shown_s"]
    figures.append(
        Figure(
            "start → main window shown",
            secs(start),
            "≤ 1.5 s",
            verdict(start, 1.5),
            f"window built at {secs(r['build_s'])}; first paint of the tab in front",
        )
    )
    if "front_loaded_s" in r:
        figures.append(
            Figure(
                f"start → {r['front_tab']} filled",
                secs(r["front_loaded_s"]),
                "",
                None,
                f"{r['front_rows']} lines, read off the GUI thread after the window shows",
            )
        )
    if "first_paint_ms" in r:
        how = "tab click → paint" if "front_tab" in r else "show() → paint"
        figures.append(
            Figure(
                "roster tab first paint",
                ms(r["first_paint_ms"]),
                "≤ 200 ms",
                verdict(r["first_paint_ms"], 200),
                f"{r.get('rows')} rows; {how}",
            )
        )
    else:
        figures.append(not_measured("roster tab first paint", "≤ 200 ms", {"error": r.get("paint_error")}))
    if "keystroke_ms" in r:
        work = max(r["keystroke_work_ms"])
        figures.append(
            Figure(
                "search keystroke: reset + repaint",
                ms(work),
                "≤ 50 ms",
                verdict(work, 50),
                "slowest of " + ", ".join(ms(x) for x in r["keystroke_work_ms"]) + "; query, model reset and repaint",
            )
        )
        total = max(r["keystroke_ms"])
        figures.append(
            Figure(
                "search keystroke: key → table shown",
                ms(total),
                "",
                None,
                "includes the filter bar's debounce delay, if any; slowest of "
                + ", ".join(ms(x) for x in r["keystroke_ms"]),
            )
        )
    else:
        figures.append(
            not_measured("search keystroke: reset + repaint", "≤ 50 ms", {"error": r.get("keystroke_error")})
        )
    return figures


if __name__ == "__main__":
    sys.exit(main())
