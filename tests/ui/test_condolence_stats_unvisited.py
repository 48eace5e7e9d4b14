"""慰问帮扶 → 统计: "本年尚未慰问的困难职工" tells an office without hardship files from one that visited them all."""

from __future__ import annotations

from typing import Any

from desktop.services.database import Database
from desktop.ui.condolences.batch_pages import StatsPage


def test_no_hardship_files_is_not_reported_as_all_visited(office_db: Database, qtbot: Any) -> None:
    # Seen in the walk-through: a new file with no 困难职工档案 said "在档困难职工本年都已慰问".
    page = StatsPage(office_db)
    qtbot.addWidget(page)
    page.reload_years()
    text = page.tables["unvisited"].item(0, 0).text()
    assert "都已慰问" not in text
    assert "还没有" in text and "困难职工档案" in text
