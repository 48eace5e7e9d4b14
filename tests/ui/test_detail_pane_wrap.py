"""The detail pane at 特大 (#17 item 3): ID numbers, phone numbers, dates and amounts wrap as a whole, never
inside ("152221**********" / "*7" in the roster and 慰问 panes)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui import prefs
from desktop.ui.widgets.detail_pane import DetailPane, DetailRow, DetailSection

VALUES = ("152221**********27", "0470-5622318", "138****5678", "2026-03-02", "1,200.00", "¥1,200.00")


@pytest.fixture
def big_font() -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    prefs.apply_font(prefs.FONT_SIZES["特大"])
    yield
    app.setFont(before)


def _lines(pane: DetailPane) -> list[str]:
    document = pane.body.document()
    out: list[str] = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            out.append(block.text()[line.textStart() : line.textStart() + line.textLength()])
        block = block.next()
    return out


@pytest.mark.usefixtures("big_font")
@pytest.mark.parametrize("extra", range(0, 260, 7))
def test_numbers_never_break_inside(qtbot: Any, extra: int) -> None:
    """From the narrowest the pane allows at 特大 (a splitter squeezed it to 300 pixels) to a wide one."""
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(pane.minimumWidth() + extra, 600)
    pane.show()
    pane.show_record(
        "张丽",
        [
            DetailSection(
                "基本信息",
                [
                    DetailRow("职工", f"张丽（{VALUES[0]}）", "阿里河森工公司/甘河林场/营林一班"),
                    DetailRow("电话", f"{VALUES[1]}；手机 {VALUES[2]}"),
                    DetailRow("慰问", f"慰问日期 {VALUES[3]}，慰问金 {VALUES[4]} 元，合计 {VALUES[5]}"),
                ],
            )
        ],
    )
    qtbot.waitUntil(lambda: pane.body.document().textWidth() == pane.body.viewport().width())
    lines = "\n".join(_lines(pane)).replace("\u2060", "")
    for value in VALUES:
        assert value in lines, (pane.width(), lines)
    assert "\u2060" not in pane.text()
