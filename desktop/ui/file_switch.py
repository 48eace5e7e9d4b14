"""文件 → 打开数据文件… and 新建数据文件…: switching the main window to another data file.

The other file is claimed (one program per data file, #8), opened in the background, signed in to with its own
accounts (#15) and, when new, set up (#17); only then does the window let go of the file it had.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.database import Database
from desktop.ui import data_file, prompts

if TYPE_CHECKING:
    from desktop.services.file_lock import DataFileLock
    from desktop.ui.main_window import MainWindow


def choose_data_file(window: MainWindow) -> None:
    """An existing file, in an Open dialog."""
    switch_to(window, data_file.ask_data_file(window, window.db.path))


def new_data_file(window: MainWindow) -> None:
    """A new name; the new file asks for its administrator, then its setup."""
    switch_to(window, data_file.ask_new_file(window, window.db.path))


def switch_to(window: MainWindow, path: Path | None) -> None:
    if path is None or path.resolve() == window.db.path:
        return
    from desktop.ui import single_instance

    lock, why = single_instance.claim(path)
    if lock is None:
        prompts.warn(window, "数据文件已打开", why)
        return
    window.run_task(
        lambda _job: data_file.try_open(path),
        "打开数据文件",
        f"正在打开 {path.name}…",
        lambda result: _opened(window, result, lock),
    )


def _opened(window: MainWindow, result: tuple[Database | None, str], lock: DataFileLock) -> None:
    db, why = result
    if db is None:
        lock.release()
        prompts.warn(window, "无法打开数据文件", why)
        return
    from desktop.ui.dialogs.sign_in_dialogs import sign_in_at_start

    if not sign_in_at_start(db, window):  # each file has its own accounts (#15)
        db.close()
        lock.release()
        return
    from desktop.ui import single_instance
    from desktop.ui.dialogs import first_run_dialog

    first_run_dialog.offer(db, window)  # a new file: union, code, company and units first (#17)
    single_instance.hold(lock)
    window.set_database(db)
    window.statusBar().showMessage(f"已打开 {db.path}", 8000)
