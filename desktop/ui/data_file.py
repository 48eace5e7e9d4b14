"""Choosing and opening the data file from the GUI, with every failure explained in Chinese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services.database import Database, default_db_path, open_data_file
from desktop.ui import prefs, prompts

DATA_FILTER = "工作台数据文件 (*.sqlite *.db);;所有文件 (*)"


def last_path() -> Path:
    """The file opened last time, else the per-user default (created on first start)."""
    value = prefs.settings().value("data/last_path", "")
    return Path(str(value)) if value else default_db_path()


def remember(path: Path) -> None:
    prefs.settings().setValue("data/last_path", str(path))


def ask_data_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """An existing data file to open (文件 → 打开数据文件…): an Open dialog, so a mistyped name is not
    silently taken for a new, empty file."""
    return prompts.open_file(parent, "打开数据文件", DATA_FILTER, str(start or last_path()))


def ask_new_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """A name for a new, empty data file (文件 → 新建数据文件…); an existing file is never taken for it."""
    folder = (start or last_path()).parent
    path = prompts.save_file(
        parent, "新建数据文件", DATA_FILTER, str(folder / "工会工作台.sqlite"), confirm_overwrite=False
    )
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".sqlite")
    if path.exists():
        prompts.warn(
            parent,
            "新建数据文件",
            f"{path} 已经存在，不会覆盖它。\n要打开它，请用“文件 → 打开数据文件…”；要新建，请换一个文件名。",
        )
        return None
    return path


def explain(path: Path, exc: BaseException) -> str:
    from desktop.services import faults

    if isinstance(exc, PermissionError):
        return f"没有权限读写 {path}。请换一个文件夹（如“文档”），或请管理员开通权限。"
    text = faults.explain(exc, path)
    if text is not None:
        return text
    import logging

    from desktop.logging_setup import LOG_NAME, log_dir

    logging.getLogger(__name__).error("opening %s failed", path.name, exc_info=exc)
    return (
        f"打开 {path} 时出现意外错误（{type(exc).__name__}）。文件未做改动。详细信息已写入日志 {log_dir() / LOG_NAME}。"
    )


def try_open(path: Path) -> tuple[Database | None, str]:
    """The opened database, or None and the reason in words (never a traceback)."""
    try:
        db = open_data_file(path)
    except Exception as exc:  # every failure becomes a sentence for the clerk
        return None, explain(path, exc)
    remember(db.path)
    return db, ""


def open_interactively(parent: QWidget | None, path: Path) -> Database | None:
    """Open ``path``; on failure explain and let the clerk pick another file or give up (None)."""
    while True:
        db, why = try_open(path)
        if db is not None:
            return db
        choice = prompts.choose(parent, "无法打开数据文件", why, ["打开其他数据文件…", "新建数据文件…"], default=0)
        if choice is None:
            return None
        picked = ask_data_file(parent, path) if choice == 0 else ask_new_file(parent, path)
        if picked is None:
            return None
        path = picked
