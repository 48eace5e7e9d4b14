"""Start-up of the graphical program: application, font, data file, main window.

Start-up does no heavy work: the table fetches its first page only, and openpyxl, reportlab and QtPdf are
imported when first used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from desktop.ui import prefs

log = logging.getLogger(__name__)


def _setup_logging() -> None:
    from desktop.services.database import app_data_dir

    try:
        folder = app_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=folder / "union-desk.log", level=logging.INFO, encoding="utf-8",
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    except OSError:  # a read-only profile must not stop the program
        logging.basicConfig(level=logging.WARNING)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A fault in a button handler becomes a Chinese message box instead of a silent console trace."""
    log.error("uncaught", exc_info=(kind, exc, tb))
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    from desktop.ui import prompts

    prompts.show_error(QApplication.activeWindow(), "程序出错", exc.with_traceback(tb))


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(prefs.ORG)
    app.setApplicationName(prefs.APP)
    app.setApplicationDisplayName(prefs.DISPLAY_NAME)
    prefs.apply_font()
    return app


def run_gui(db_path: str | None) -> int:
    _setup_logging()
    app = make_app()
    sys.excepthook = _excepthook

    from desktop.ui.data_file import last_path, open_interactively
    from desktop.ui.main_window import MainWindow

    db = open_interactively(None, Path(db_path).expanduser() if db_path else last_path())
    if db is None:
        return 1
    window = MainWindow(db)
    window.show_sized()
    code = app.exec()
    return int(code)
