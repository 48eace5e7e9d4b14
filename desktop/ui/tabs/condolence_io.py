"""Shared slow actions of the 慰问帮扶 tab: print a form to a preview, export to Excel — both through Task."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core.progress import Job
from desktop.ui import prompts, tasks

EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
_previews: list[QWidget] = []  # preview windows stay alive while open


def run_task(host: QWidget, fn: Callable[[Job], Any], **kw: Any) -> tasks.Task | None:
    """One file operation at a time, as in the roster."""
    if tasks.running():
        prompts.inform(host, kw.get("title", "请稍候"), "上一项操作还没有完成，请等它结束后再试。")
        return None
    return tasks.Task(host, fn, **kw).start()


def print_pdf(host: QWidget, title: str, render: Callable[[Path, Job], int]) -> tasks.Task | None:
    """Render a form in the background, then open it in the print preview."""
    temp_dir = Path(tempfile.mkdtemp(prefix="union-desk-print-"))
    out = temp_dir / f"{title}.pdf"

    def cleanup(*_a: object) -> None:
        import shutil

        shutil.rmtree(temp_dir, ignore_errors=True)

    def done(_pages: int) -> None:
        from desktop.ui.print_preview import PrintPreview

        _previews.append(PrintPreview.open_pdf(host.window(), out, title, temp_dir=temp_dir))

    def failed(exc: BaseException) -> None:
        cleanup()
        prompts.show_error(host, f"打印{title}失败", exc)

    return run_task(host, lambda job: render(out, job), title=f"打印{title}", label="正在生成打印文件…",
                    on_success=done, on_failure=failed, on_cancel=cleanup)


def export_xlsx(host: QWidget, title: str, count: int, what: str,
                export: Callable[[Path, bool, Job], int]) -> tasks.Task | None:
    """Ask how ID numbers and bank accounts go out, where to save, then export in the background."""
    if count == 0:
        prompts.inform(host, title, "当前列表为空，没有可导出的内容。")
        return None
    text = (f"将导出 {count} 条{what}到 Excel。\n\n身份证号和银行账号怎样导出？"
            "完整号码属于敏感个人信息，只在上报确实需要时选择。")
    choice = prompts.choose(host, title, text, ["隐去（推荐）", "完整号码"], default=0)
    if choice is None:
        return None
    full = choice == 1
    path = prompts.save_file(host, title, EXCEL_FILTER, str(Path.home() / f"{what}-{date.today():%Y%m%d}.xlsx"))
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")

    def done(n: int) -> None:
        note = "含完整号码，请妥善保管" if full else "身份证号和银行账号已隐去"
        prompts.inform(host, title, f"已导出 {n} 条{what}（{note}）到：\n{path}")

    return run_task(host, lambda job: export(path, full, job), title=title,
                    label=f"正在导出到 {path.name}…", on_success=done)
