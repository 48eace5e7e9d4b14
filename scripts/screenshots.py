"""Regenerate the README screenshots from a fresh demo data file, offscreen, on a 1366×768 screen.

    python scripts/screenshots.py [--out docs/screenshots] [--workers 2000] [--font 标准|大|特大] [--raw]

Builds a new demo file in a temporary folder (as `union-desk demo` does, admin/demo1234), opens the main window
at the size Windows leaves a maximised window on a 1366×768 laptop, and writes into --out:

    home.png, roster.png, protection.png, condolence.png, exams.png, activities.png, contracts.png,
    insurance.png, rights.png      every tab of the tab bar (tab_registry.TABS, named by key), with a record
                                   selected
    worker-dialog.png              a new worker with a mistyped ID number, as the clerk sees the message
    form-notice.png, form-approval.png, form-signoff.png
                                   the first page of three printed forms (告知单, 慰问审批表, 签收表)

The PNGs are reduced to a small palette (README images stay a few hundred KB in all); --raw keeps them
full-colour, for looking closely at a walk-through. --font 特大 shows the screens at the largest font.
Nothing is written outside a temporary folder and --out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1366, 768)
TASKBAR = 40  # what Windows leaves of a 768-pixel-high screen for a maximised window
DEMO_USER, DEMO_PASSWORD = "admin", "demo1234"
FORM_WIDTH = 760  # pixels across a printed A4 page: the table text still readable in a README
PALETTE = 64  # colours kept: the screens are flat widgets and anti-aliased text


def _offscreen_screen(tmp: Path) -> None:
    """Qt's offscreen platform with a 1366×768, 96-dpi screen, so the layout is the one clerks get."""
    config = tmp / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": SCREEN[0],
                        "height": SCREEN[1],
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _make_demo(path: Path, workers: int) -> None:
    """The demo file exactly as a clerk makes it: `union-desk demo` in a child process."""
    env = dict(os.environ, UNION_DESK_PASSWORD=DEMO_PASSWORD, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [sys.executable, "-m", "desktop", "demo", "--db", str(path), "--user", DEMO_USER, "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _settle(seconds: float = 0.6) -> None:
    """Let background reads (the 工作台's list and charts, a year's check) finish and their results show."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    pool = QThreadPool.globalInstance()
    while True:
        QApplication.processEvents()
        busy = not pool.waitForDone(30)
        if not busy and time.monotonic() >= end:
            break
        if time.monotonic() >= end + 20:  # a read that never ends is a bug to see, not to wait for
            print("警告：后台读取 20 秒未完成，照当前画面截图", file=sys.stderr)
            break
    QApplication.processEvents()


def _select(view: Any, pick: Callable[[Any], bool] | None = None, limit: int = 300) -> None:
    """Select the first row the test accepts (the first row if none), so the tab's detail pane is filled."""
    model = view.model()
    rows = min(limit, model.rowCount())
    if rows == 0:
        return
    row = 0
    if pick is not None and hasattr(model, "record"):
        row = next((r for r in range(rows) if (rec := model.record(r)) is not None and pick(rec)), 0)
    view.selectRow(row)
    view.scrollTo(model.index(row, 0))


def _prepare_tab(window: Any, key: str) -> None:
    """Put the tab in the state the README shows: a record with something to read selected."""
    tab = window.show_tab(key)
    _settle(1.0)
    if key == "roster":
        # A woman whose post has prohibited-work conditions shows the most of the detail pane.
        _select(tab.view, lambda rec: rec.sex == "F" and rec.hazards)
    elif key == "protection":
        _select(tab.view, lambda rec: bool(rec.post_problems))
    elif key == "condolence":
        _select(tab.visits.view, lambda rec: rec.batch_id is None)  # a visit of its own, not a festival batch
    elif key == "activities":
        _select(tab.activities.view)
    elif key in ("home", "exams"):
        _select(tab.view)
    elif key == "surveys":
        # The questionnaire with the most answers, on its results page: the breakdown is what the tab is for.
        counts = [row.respondents for row in tab.survey_model.items()]
        if counts:
            tab.survey_view.selectRow(counts.index(max(counts)))
            tab.pages.setCurrentIndex(1)
    _settle(0.5)


def _worker_dialog(window: Any, db: Any, path: Path) -> None:
    from desktop.ui.roster.worker_dialog import WorkerDialog

    dialog = WorkerDialog(window, db)
    dialog.show()
    _settle(0.2)
    for key, text in (
        ("name", "张丽"),
        ("id_number", "150785198503120023"),
        ("phone", "0470-3521234"),
        ("post", "营林员"),
    ):
        dialog.widgets[key].insert(text)  # insert() counts as typing
    _settle(0.2)
    dialog.validate(show_all=False)
    _settle(0.2)
    dialog.grab().save(str(path))
    dialog.touched.clear()  # leave without the "discard what you typed?" question
    dialog.reject()


def _pick_records(db: Any) -> dict[str, Any]:
    """A woman in a protection period, a condolence visit that is not a festival one, the biggest batch."""
    from sqlalchemy import func, select

    from db.models import ProtectionCase, Worker
    from db.models_condolences import CondolenceBatch, CondolenceVisit

    with db.read() as s:
        id_number = s.scalar(
            select(Worker.id_number)
            .join(ProtectionCase, ProtectionCase.worker_id == Worker.id)
            .where(ProtectionCase.due_date.is_not(None), ProtectionCase.due_date >= date.today())
            .order_by(ProtectionCase.due_date)
            .limit(1)
        )
        if id_number is None:  # every demo pregnancy already delivered: the latest one still has a notice
            id_number = s.scalar(
                select(Worker.id_number)
                .join(ProtectionCase, ProtectionCase.worker_id == Worker.id)
                .order_by(ProtectionCase.due_date.desc())
                .limit(1)
            )
        visit = s.scalar(
            select(CondolenceVisit.serial)
            .where(CondolenceVisit.batch_id.is_(None), CondolenceVisit.override_reason != "")
            .order_by(CondolenceVisit.visit_date.desc())
            .limit(1)
        ) or s.scalar(
            select(CondolenceVisit.serial)
            .where(CondolenceVisit.batch_id.is_(None))
            .order_by(CondolenceVisit.cash_fen.desc())
            .limit(1)
        )
        batch = s.scalar(
            select(CondolenceBatch.serial)
            .join(CondolenceVisit, CondolenceVisit.batch_id == CondolenceBatch.id)
            .group_by(CondolenceBatch.id)
            .order_by(func.count().desc())
            .limit(1)
        )
    return {"notice": id_number, "visit": visit, "batch": batch}


def _form_pages(db: Any, tmp: Path, out: Path) -> list[Path]:
    """Print three forms through the registered PDF forms and render each one's first page with QtPdf."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    from desktop.services.printing import FORMS

    picked = _pick_records(db)
    jobs = (
        ("form-notice.png", "protection-notice", {"worker": picked["notice"]}),
        ("form-approval.png", "condolence-approval", {"visit": picked["visit"]}),
        ("form-signoff.png", "condolence-signoff", {"batch": picked["batch"]}),
    )
    written: list[Path] = []
    for name, form, options in jobs:
        pdf = tmp / f"{form}.pdf"
        FORMS[form](db, pdf, **options)
        doc = QPdfDocument()
        doc.load(str(pdf))
        page = doc.pagePointSize(0)
        width = FORM_WIDTH if page.width() <= page.height() else round(FORM_WIDTH * 1.3)
        size = QSize(width, round(width * page.height() / page.width()))
        # QtPdf leaves the paper transparent; a README on a dark theme would show black paper.
        paper = QImage(size, QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        painter = QPainter(paper)
        painter.drawImage(0, 0, doc.render(0, size))
        painter.end()
        target = out / name
        paper.save(str(target))
        doc.close()
        written.append(target)
        print(f"{name}: {form} {' '.join(f'--{k} {v}' for k, v in options.items() if k != 'worker')}".rstrip())
    return written


def _shrink(path: Path, colours: int = PALETTE) -> None:
    """A small palette and zlib's best effort: a third to a tenth of the size, text still crisp. The octree
    keeps rare strong colours (red 已逾期 text, the selection) that a median cut averages away."""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--font", choices=("标准", "大", "特大"), default="标准")
    parser.add_argument("--raw", action="store_true", help="keep full-colour PNGs")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # One fixed folder, emptied first: the status bar shows the data file's path, and a random folder name
    # would change every PNG on each run (and the repository with it).
    tmp = Path(tempfile.gettempdir()) / "union-desk-screenshots"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    _offscreen_screen(tmp)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings

    # Preferences (font size, column widths, the last file) go to the temporary folder, not the user's.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    data = tmp / "演示数据.sqlite"
    _make_demo(data, args.workers)

    from desktop.services.accounts import sign_in
    from desktop.services.database import open_data_file
    from desktop.ui import prefs
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tab_registry import TABS

    app = make_app()
    prefs.apply_font(prefs.FONT_SIZES[args.font])
    db = open_data_file(data)
    sign_in(db, DEMO_USER, DEMO_PASSWORD)
    window = MainWindow(db)
    window.resize(SCREEN[0], SCREEN[1] - TASKBAR)
    window.show()
    _settle(1.0)

    written: list[Path] = []
    for entry in TABS:
        _prepare_tab(window, entry.key)
        path = out / f"{entry.key}.png"
        window.grab().save(str(path))
        written.append(path)
    window.show_tab("roster")
    _settle(0.2)
    _worker_dialog(window, db, out / "worker-dialog.png")
    written.append(out / "worker-dialog.png")
    written += _form_pages(db, tmp, out)
    window.close()
    app.processEvents()

    total = 0
    for path in written:
        if not args.raw:
            _shrink(path)
        total += path.stat().st_size
        print(f"{path}  {path.stat().st_size // 1024} KB")
    print(f"已生成 {len(written)} 张图片，共 {total // 1024} KB，在 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
