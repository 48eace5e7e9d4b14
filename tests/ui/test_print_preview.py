"""The PDF preview: pages, zoom, save as, and printing (to a PDF printer) in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from desktop.ui import prompts
from desktop.ui.print_preview import PrintPreview


def _pdf(path: Path, pages: int) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for n in range(pages):
        if n:
            writer.newPage()
        painter.drawText(200, 400, f"第 {n + 1} 页")
    painter.end()
    return path


def test_navigate_save_and_print(tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    temp_dir = tmp_path / "print"
    temp_dir.mkdir()
    source = _pdf(temp_dir / "花名册.pdf", 3)
    preview = PrintPreview.open_pdf(None, source, "花名册", temp_dir=temp_dir)
    assert preview.page_count() == 3
    preview.go(2)
    assert preview.page_label.text().strip() == "第 3 / 3 页"
    preview.zoom(1.25)

    monkeypatch.setattr(prompts, "save_file", lambda *_a, **_k: tmp_path / "存档")
    preview.save_as()
    assert (tmp_path / "存档.pdf").read_bytes() == source.read_bytes()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    task = preview.start_printing(printer, 0, 2)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert task.error is None and task.result == 3

    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 3
    preview.close()
    assert not temp_dir.exists()


def test_full_phones_checkbox_renders_the_form_again(tmp_path: Path, qtbot: Any) -> None:
    temp_dir = tmp_path / "print"
    temp_dir.mkdir()
    masked = _pdf(temp_dir / "签到表.pdf", 1)
    calls: list[Path] = []

    def full(path: Path, _job: object) -> int:
        calls.append(path)
        _pdf(path, 2)  # a different document, so the switch shows
        return 2

    preview = PrintPreview.open_pdf(None, masked, "签到表", temp_dir=temp_dir, full_phones=full)
    assert preview.full_phones is not None and not preview.full_phones.isChecked()
    preview.full_phones.setChecked(True)
    qtbot.waitUntil(lambda: preview.page_count() == 2, timeout=20000)
    assert preview.pdf_path == calls[0] and calls[0].parent == temp_dir  # printing and 另存为 use it
    preview.full_phones.setChecked(False)
    assert preview.page_count() == 1 and preview.pdf_path == masked
    preview.full_phones.setChecked(True)
    assert preview.page_count() == 2 and len(calls) == 1  # rendered once
    preview.close()
    # A form without phone numbers has no such box.
    plain = PrintPreview.open_pdf(None, _pdf(tmp_path / "x.pdf", 1), "x")
    assert plain.full_phones is None
    plain.close()
