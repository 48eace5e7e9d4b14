"""Slow actions of the 品牌活动 tab (print to preview, export to Excel), each through ui/tasks.Task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.core.progress import Job
from desktop.ui import prompts, tasks
from desktop.ui.tab_io import EXCEL_FILTER, _previews, ask_workbook_path, print_pdf, run_task

__all__ = ["EXCEL_FILTER", "_previews", "export_xlsx", "print_pdf", "run_task"]


def export_xlsx(host: QWidget, title: str, what: str, export: Callable[[Path, Job], int]) -> tasks.Task | None:
    """Ask where to save, then export in the background (these sheets carry no ID numbers)."""
    path = ask_workbook_path(host, title, f"{what}-{date.today():%Y%m%d}.xlsx")
    if path is None:
        return None

    def done(n: int) -> None:
        prompts.inform(host, title, f"已导出 {n} 条{what}到：\n{path}")

    return run_task(
        host,
        lambda job: export(path, job),
        title=title,
        label=f"正在导出到 {path.name}…",
        on_success=done,
        on_failure=lambda exc: prompts.show_error(host, title, exc),
    )
