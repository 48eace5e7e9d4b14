"""Regenerate the README screenshots from a demo data file, offscreen, on a 1366×768 screen.

    python scripts/screenshots.py [--out docs/screenshots] [--workers 2000]

Writes main-window.png (the roster with one worker selected), worker-dialog.png (a new worker with a
mistyped ID number, as the clerk sees the message) and protection-tab.png (the 四期保护 ledger with a woman
in a conflicting post selected). Nothing is written outside a temporary folder and --out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1366, 768)
TASKBAR = 40  # what Windows leaves of a 768-pixel-high screen for a maximised window


def _offscreen_screen(tmp: Path) -> None:
    """Qt's offscreen platform with a 1366×768, 96-dpi screen, so the layout is the one clerks get."""
    config = tmp / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": SCREEN[0],
                                               "height": SCREEN[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _fallback_workers(db: object, count: int) -> None:
    """Used only when desktop.services.demo is not available: a small office through the services."""
    from desktop.core.idcard import check_char
    from desktop.core.worker import WorkerDraft
    from desktop.services import office, workers

    rng = random.Random(1)
    surnames, given = "王李张刘陈杨赵孙于徐", ("丽", "娜", "建国", "海燕", "志强", "秀兰", "春梅", "立军")
    with db.write() as s:  # type: ignore[attr-defined]
        office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="demo")
        company = office.add_unit(s, name="阿里河森工公司", parent_id=None, kind="company", actor="demo")
        units = [office.add_unit(s, name=n, parent_id=company.id, kind="farm", actor="demo").id
                 for n in ("甘河林场", "吉文林场", "营林科")]
        for n in range(count):
            birth = date(1966 + rng.randrange(36), rng.randrange(1, 13), rng.randrange(1, 28))
            first17 = f"150785{birth:%Y%m%d}{rng.randrange(10, 99)}{rng.randrange(10)}"
            draft = WorkerDraft(name=rng.choice(surnames) + rng.choice(given), id_number=first17 + check_char(first17),
                                unit_id=units[n % 3], post="营林员", phone=f"139{rng.randrange(10**8):08d}")
            workers.add_worker(s, draft, actor="demo")


def _protection_shot(window: object, path: Path) -> None:
    """The 四期保护 tab with a woman whose post conflicts selected, so the pane shows what to do."""
    from PySide6.QtWidgets import QApplication

    tab = window.protection  # type: ignore[attr-defined]
    window.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    QApplication.processEvents()
    model = tab.model
    row = next((r for r in range(model.rowCount()) if (rec := model.record(r)) and rec.post_problems), 0)
    tab.view.selectRow(row)
    tab.view.scrollTo(model.index(row, 0))
    QApplication.processEvents()
    window.grab().save(str(path))  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--workers", type=int, default=2000)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="union-desk-shots-"))
    _offscreen_screen(tmp)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from desktop.services.database import open_data_file

    db = open_data_file(tmp / "演示数据.sqlite")
    try:
        from desktop.services.demo import create_demo
    except ImportError:
        _fallback_workers(db, min(args.workers, 60))
    else:
        create_demo(db, workers=args.workers, seed=1)

    from desktop.ui.app import make_app
    from desktop.ui.dialogs.worker_dialog import WorkerDialog
    from desktop.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(db)
    window.resize(SCREEN[0], SCREEN[1] - TASKBAR)
    window.show()
    app.processEvents()
    view = window.roster.view
    # A woman whose post has prohibited-work conditions shows the most of the detail pane.
    row = next((r for r in range(min(200, view.model().rowCount()))
                if (rec := window.roster.model.record(r)) and rec.sex == "F" and rec.hazards), 0)
    view.selectRow(row)
    view.scrollTo(view.model().index(row, 0))
    app.processEvents()
    window.grab().save(str(out / "main-window.png"))

    dialog = WorkerDialog(window, db)
    dialog.show()
    app.processEvents()
    for key, text in (("name", "张丽"), ("id_number", "150785198503120023"), ("phone", "0470-3521234"),
                      ("post", "营林员")):
        dialog.widgets[key].insert(text)  # type: ignore[attr-defined]  # insert() counts as typing
    app.processEvents()
    dialog.validate(show_all=False)
    app.processEvents()
    dialog.grab().save(str(out / "worker-dialog.png"))
    dialog.touched.clear()  # leave without the "discard what you typed?" question
    dialog.reject()

    _protection_shot(window, out / "protection-tab.png")
    window.close()
    QApplication.processEvents()
    print(f"已生成：{out / 'main-window.png'}、{out / 'worker-dialog.png'}、{out / 'protection-tab.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
