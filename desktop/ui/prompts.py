"""Every message box and file dialog the program shows goes through here.

One place means one look (Chinese buttons, window-modal) and one seam: tests replace these functions with
monkeypatch instead of driving modal dialogs, which would block an offscreen test run.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    if detail:
        box.setDetailedText(detail)
    return box


def _show(box: QMessageBox) -> None:
    # open() rather than exec(): a notice needs no answer, and a nested event loop invites re-entrancy.
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _show(_box(parent, QMessageBox.Icon.Information, title, text))


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _show(_box(parent, QMessageBox.Icon.Warning, title, text))


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A fault the clerk can act on (a rule, a full disk, a read-only or locked file…) reads as its sentence;
    anything else is a program fault: logged (ID, phone and card numbers masked) and the log's place named."""
    from desktop.logging_setup import LOG_NAME, log_dir, mask_personal
    from desktop.services.faults import explain

    text = explain(exc)
    if text is not None:
        warn(parent, title, mask_personal(text))
        return
    log.error("unexpected error", exc_info=exc)
    detail = mask_personal("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    _show(
        _box(
            parent,
            QMessageBox.Icon.Critical,
            title,
            f"操作没有完成：程序出现意外错误（{type(exc).__name__}）。\n数据没有被部分写入。"
            f"详细信息已写入日志 {log_dir() / LOG_NAME}，请把该文件或“详细信息”发给维护人员。",
            detail,
        )
    )


def confirm(
    parent: QWidget | None, title: str, text: str, *, ok: str = "确定", cancel: str = "取消", default_ok: bool = False
) -> bool:
    """Ask before something the clerk may regret; the safe answer is the default unless told otherwise."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes if default_ok else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[str], *, default: int = 0) -> int | None:
    """One of several named answers (index), or None when the clerk cancels."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def open_file(parent: QWidget | None, title: str, filters: str, start: str = "") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    return Path(path) if path else None


def save_file(
    parent: QWidget | None, title: str, filters: str, suggested: str = "", *, confirm_overwrite: bool = True
) -> Path | None:
    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters, options=options)
    return Path(path) if path else None
