"""文件 → 立即备份 and 从备份恢复…, and the automatic backups (the day's first, on close) of the main window.

The backup service is imported when first used, not with the window: start-up does not pay for it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from desktop.ui import data_file, prompts, tasks

if TYPE_CHECKING:
    from desktop.services.backups import BackupResult
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def backup_now(window: MainWindow) -> None:
    from desktop.services import backups

    db = window.db
    window.run_task(
        lambda _job: backups.make_backup(db, "manual"),
        "立即备份",
        "正在备份数据文件…",
        lambda result: prompts.inform(
            window, "立即备份", "\n".join([f"已备份到：\n{result.path}", *result.summary().split("；")[1:]])
        ),
    )


def backup_if_due(window: MainWindow) -> None:
    """The day's first backup, in the background; a failure goes to the status bar, not a dialog."""
    if not window.auto_backup:
        return
    from desktop.services import backups

    db = window.db

    def done(result: BackupResult | None) -> None:
        if result is not None:  # None: today's backup was already taken
            window.statusBar().showMessage(f"每日备份：{result.summary()}", 10000)

    tasks.Task(
        window,
        lambda _job: backups.backup_if_due(db),
        title="每日备份",
        label="正在进行每日备份…",
        cancellable=False,
        on_success=done,
        on_failure=lambda exc: _auto_backup_failed(window, exc),
    ).start()


def _auto_backup_failed(window: MainWindow, exc: BaseException) -> None:
    from desktop.services.faults import explain

    log.warning("automatic backup failed", exc_info=exc)
    window.statusBar().showMessage(f"自动备份失败：{explain(exc) or type(exc).__name__}", 30000)


def backup_on_close(window: MainWindow) -> None:
    from desktop.services import backups
    from desktop.services.faults import explain

    if not window.auto_backup or not backups.load_settings().on_close:
        return
    try:
        backups.make_backup(window.db, "close")
    except Exception as exc:  # the clerk is told, and the window still closes
        log.warning("backup on close failed", exc_info=exc)
        prompts.warn(window, "关闭时备份失败", f"{explain(exc) or type(exc).__name__}\n数据文件本身不受影响。")


def restore_from_backup(window: MainWindow) -> None:
    """文件 → 从备份恢复…: the current file is backed up first and put back if the restored one fails."""
    from desktop.logging_setup import mask_personal
    from desktop.services import backups
    from desktop.services.faults import explain

    try:
        backups.require_admin(window.db)
    except Exception as exc:  # PermissionDenied and friends, in words
        prompts.warn(window, "从备份恢复", explain(exc) or str(exc))
        return
    if tasks.running():
        prompts.warn(window, "从备份恢复", "还有操作正在进行，请等它完成后再恢复。")
        return
    folder = backups.default_backup_dir(window.db.path)
    picked = prompts.open_file(window, "选择要恢复的备份", "备份文件 (*.sqlite *.db);;所有文件 (*)", str(folder))
    if picked is None:
        return
    try:
        info = backups.inspect_backup(picked)
    except Exception as exc:
        prompts.warn(window, "从备份恢复", explain(exc) or type(exc).__name__)
        return
    if info.problems:
        prompts.warn(window, "从备份恢复", f"备份文件 {picked.name} 检查未通过：{info.problems[0]}\n当前数据未做改动。")
        return
    if not prompts.confirm(
        window,
        "从备份恢复",
        f"用备份“{picked.name}”替换当前数据文件 {window.db.path.name}？\n\n"
        "恢复前会先把当前数据另存为一份备份；恢复后的文件检查不通过会自动还原。",
        ok="恢复",
        cancel="取消",
    ):
        return
    # Done on this thread on purpose: no tab may query the file while it is being replaced.
    window.tabs.save_states()
    path, account = window.db.path, window.db.account
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        result = backups.restore_backup(window.db, picked)
    except Exception as exc:  # the file is the old one again; reopen it
        QApplication.restoreOverrideCursor()
        db, why = data_file.try_open(path)
        if db is not None:
            # Never replaced, or put back whole from its own copy: the same accounts, so the same sign-in.
            db.account = account
            window.set_database(db)
        prompts.warn(
            window,
            "从备份恢复失败",
            mask_personal(explain(exc) or f"程序出错（{type(exc).__name__}）")
            + "\n当前数据文件未被替换。"
            + (f"\n{why}" if why else ""),
        )
        return
    QApplication.restoreOverrideCursor()
    from desktop.ui.dialogs.sign_in_dialogs import sign_in_at_start

    # The restored file has the backup's accounts and passwords (#15): sign in to it as at start.
    if not sign_in_at_start(result.db, window):
        prompts.inform(
            window,
            "从备份恢复",
            f"{result.summary()}\n\n恢复后的数据文件需要登录才能使用；"
            "未登录，程序将关闭。再次打开时请用该备份中的账户登录。",
        )
        window.db = result.db
        window.close()
        return
    window.set_database(result.db)
    prompts.inform(window, "从备份恢复", result.summary())
