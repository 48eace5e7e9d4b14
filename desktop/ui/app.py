"""Start-up of the graphical program: application, font, data file, main window.

Start-up does no heavy work: the table fetches its first page only, and openpyxl, reportlab and QtPdf are
imported when first used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop.ui import prefs

log = logging.getLogger(__name__)


def _setup_logging() -> None:
    # Rotating, in app-data, ID numbers masked (desktop.logging_setup); never beside the program.
    from desktop.logging_setup import setup_logging

    setup_logging()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """A fault in a button handler becomes a Chinese message box instead of a silent console trace."""
    log.error("uncaught", exc_info=(kind, exc, tb))
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    from desktop.ui import prompts

    prompts.show_error(QApplication.activeWindow(), "程序出错", exc.with_traceback(tb))


def qt_translation_folders() -> list[Path]:
    """Where Qt's own translations may be: Qt's reported folder first, then PySide6's layouts (a wheel keeps
    them in PySide6/Qt/translations, a Windows bundle may put them beside the Qt DLLs in PySide6/translations)."""
    from PySide6 import __file__ as pyside_init
    from PySide6.QtCore import QLibraryInfo

    package = Path(pyside_init).resolve().parent
    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        package / "Qt" / "translations",
        package / "translations",
    ]
    return list(dict.fromkeys(folders))


def install_qt_translations(app: QApplication) -> Path | None:
    """Qt's own words in Chinese: the right-click menu of every text field (复制、粘贴…), the buttons of file
    dialogs, the calendar's month names. Returns the file loaded, or None (the program still runs, in English
    there, and says so in the log)."""
    from PySide6.QtCore import QTranslator

    for folder in qt_translation_folders():
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", str(folder)):
            app.installTranslator(translator)
            app.setProperty("qt_translation", str(folder / "qtbase_zh_CN.qm"))
            return folder / "qtbase_zh_CN.qm"
        translator.deleteLater()
    log.warning("Qt's Chinese translation (qtbase_zh_CN.qm) not found in %s", qt_translation_folders())
    return None


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(prefs.ORG)
    app.setApplicationName(prefs.APP)
    app.setApplicationDisplayName(prefs.DISPLAY_NAME)
    # Dates and numbers in Chinese too (the translation only covers Qt's words): 2026/3/8 and 星期日 in date
    # editors and calendars, not 3/8/26, whatever the computer's own setting. Before any widget: each takes it.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not app.property("qt_translation"):  # once per application, even if make_app is called again
        install_qt_translations(app)
    from desktop.paths import resources_dir

    icon = resources_dir() / "icons" / "union-desk.png"
    if icon.is_file():  # the taskbar and title-bar icon; the .exe's own icon comes from build/union-desk.spec
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    prefs.apply_font()
    return app


def run_gui(db_path: str | None) -> int:
    _setup_logging()
    app = make_app()
    sys.excepthook = _excepthook

    from desktop.ui import single_instance
    from desktop.ui.data_file import last_path, open_interactively
    from desktop.ui.main_window import MainWindow

    path = Path(db_path).expanduser() if db_path else last_path()
    # Claimed before opening: opening may migrate the file, which must not happen under another window.
    lock, _why = single_instance.claim(path)
    if lock is None:
        single_instance.tell_already_open(path)  # blocking, names the other window, then brings it forward
        return 1
    db = open_interactively(None, path)
    if db is None:
        lock.release()
        return 1
    if db.path != lock.data_file:  # the clerk picked another file after the first failed to open
        lock.release()
        lock, _why = single_instance.claim(db.path)
        if lock is None:
            db.close()
            single_instance.tell_already_open(db.path)
            return 1
    single_instance.hold(lock)
    from desktop.ui.dialogs.sign_in_dialogs import sign_in_at_start

    if not sign_in_at_start(db):  # issue #15: nothing of the file is shown before this
        db.close()
        single_instance.release_held()
        return 1
    from desktop.ui.dialogs import first_run_dialog

    first_run_dialog.offer(db)  # a new file: union, code, company and units before anything else (#17)
    from desktop.services.new_file import clean_leftovers

    clean_leftovers(db.path)  # temporary files of a killed build, restore or backup beside the file
    window = MainWindow(db)
    single_instance.serve_window(window)  # a second start on this file brings this window forward
    from desktop.ui.idle_lock import IdleWatcher

    window.idle_watcher = IdleWatcher(window)  # the lock screen after some idle minutes (#15)
    window.auto_backup = True  # on close and the day's first (settings → 备份)
    window.show_sized()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(3000, window.backup_if_due)  # after the first screen, so start-up stays quick
    try:
        code = app.exec()
    finally:
        single_instance.serve_window(None)
        single_instance.release_held()
    return int(code)
