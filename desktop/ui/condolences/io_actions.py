"""Shared slow actions of the 慰问帮扶 tab: print a form to a preview, export to Excel — both through Task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.core.progress import Job
from desktop.ui import prompts, tasks
from desktop.ui.tab_io import EXCEL_FILTER, _previews, ask_workbook_path, print_pdf, run_task

__all__ = ["EXCEL_FILTER", "_previews", "export_xlsx", "print_pdf", "run_task"]


def export_xlsx(
    host: QWidget, title: str, count: int, what: str, export: Callable[[Path, bool, Job], int]
) -> tasks.Task | None:
    """Ask how ID numbers and bank accounts go out, where to save, then export in the background."""
    if count == 0:
        prompts.inform(host, title, "当前列表为空，没有可导出的内容。")
        return None
    text = (
        f"将导出 {count} 条{what}到 Excel。\n\n身份证号和银行账号怎样导出？"
        "完整号码属于敏感个人信息，只在上报确实需要时选择。"
    )
    choice = prompts.choose(host, title, text, ["隐去（推荐）", "完整号码"], default=0)
    if choice is None:
        return None
    full = choice == 1
    path = ask_workbook_path(host, title, f"{what}-{date.today():%Y%m%d}.xlsx")
    if path is None:
        return None

    def done(n: int) -> None:
        note = "含完整号码，请妥善保管" if full else "身份证号和银行账号已隐去"
        prompts.inform(host, title, f"已导出 {n} 条{what}（{note}）到：\n{path}")

    return run_task(
        host, lambda job: export(path, full, job), title=title, label=f"正在导出到 {path.name}…", on_success=done
    )
