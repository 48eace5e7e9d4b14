"""Slow file actions shared by the area tabs: one at a time, and a form printed to the preview window."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core.progress import Job
from desktop.ui import prompts, tasks

_previews: list[QWidget] = []  # preview windows stay alive while open
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"


def ask_workbook_path(
    host: QWidget, title: str, suggested: str, *, filters: str = EXCEL_FILTER, suffixes: tuple[str, ...] = (".xlsx",)
) -> Path | None:
    """Where to save a workbook, ``suggested`` in the home folder; a name typed without a workbook ending
    gets .xlsx (Excel would not open it otherwise). None when the clerk cancels."""
    path = prompts.save_file(host, title, filters, str(Path.home() / suggested))
    if path is None:
        return None
    return path if path.suffix.lower() in suffixes else path.with_suffix(".xlsx")


def run_task(host: QWidget, fn: Callable[[Job], Any], **kw: Any) -> tasks.Task | None:
    """One file operation at a time, as in the roster: a second one is refused with a word, not queued."""
    if tasks.running():
        prompts.inform(host, kw.get("title", "请稍候"), "上一项操作还没有完成，请等它结束后再试。")
        return None
    return tasks.Task(host, fn, **kw).start()


def print_pdf(
    host: QWidget,
    title: str,
    render: Callable[[Path, Job], int],
    full_phones: Callable[[Path, Job], int] | None = None,
    *,
    file_name: str | None = None,
    run: Callable[..., tasks.Task | None] | None = None,
    keep: Callable[[QWidget], None] | None = None,
) -> tasks.Task | None:
    """Render a form in the background, then open it in the print preview. A form showing phone numbers
    renders them masked and passes ``full_phones`` (the same form with full numbers) for the preview's
    显示完整电话号码 checkbox.

    ``file_name`` names the PDF (default: the title); a tab that tracks its own task passes its ``run_task``
    as ``run``, and ``keep`` to hold the preview itself (default: kept here while open)."""
    temp_dir = Path(tempfile.mkdtemp(prefix="union-desk-print-"))
    out = temp_dir / (file_name or f"{title}.pdf")
    runner = run or (lambda fn, **kw: run_task(host, fn, **kw))

    def cleanup(*_a: object) -> None:
        shutil.rmtree(temp_dir, ignore_errors=True)

    def done(_pages: int) -> None:
        from desktop.ui.print_preview import PrintPreview

        preview = PrintPreview.open_pdf(host.window(), out, title, temp_dir=temp_dir, full_phones=full_phones)
        (keep or _previews.append)(preview)

    def failed(exc: BaseException) -> None:
        cleanup()
        prompts.show_error(host, f"打印{title}失败", exc)

    return runner(
        lambda job: render(out, job),
        title=f"打印{title}",
        label="正在生成打印文件…",
        on_success=done,
        on_failure=failed,
        on_cancel=cleanup,
    )
