"""Pages inside the 慰问帮扶 and 品牌活动 tabs load when shown, and a change refreshes only the page in front."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.services.database import Database
from desktop.ui.activities.tab import ActivityTab
from desktop.ui.condolences.tab import CondolenceTab

TODAY = date(2026, 11, 20)


def _count(monkeypatch: pytest.MonkeyPatch, obj: object, name: str, calls: list[str]) -> None:
    real = getattr(obj, name)

    def counted(*a: Any, **k: Any) -> Any:
        calls.append(name)
        return real(*a, **k)

    monkeypatch.setattr(obj, name, counted)


def test_condolence_pages_load_when_shown(
    office_db: Database, people: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = CondolenceTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.pages.currentWidget() is tab.visits
    assert tab.batches.model.rowCount() == 0 and tab.stats.year.count() == 0  # not loaded yet
    calls: list[str] = []
    _count(monkeypatch, tab.batches, "refresh", calls)
    _count(monkeypatch, tab.stats, "reload_years", calls)
    _count(monkeypatch, tab.files, "after_change", calls)
    tab.after_change()  # the roster changed while 慰问记录 is in front
    assert calls == []
    tab.pages.setCurrentWidget(tab.batches)
    assert calls == ["refresh"]
    assert tab.batches.model.rowCount() == 0 and "还没有发放批次" in tab.batches.view.empty_text
    tab.pages.setCurrentWidget(tab.files)
    assert calls == ["refresh", "after_change"]  # stale since the roster change
    tab.pages.setCurrentWidget(tab.batches)
    assert calls == ["refresh", "after_change"]  # nothing changed since it was shown
    tab.pages.setCurrentWidget(tab.stats)
    assert calls[-1] == "reload_years" and tab.stats.year.findData(TODAY.year) >= 0


def test_reach_page_loads_when_shown(office_db: Database, people: dict[str, int], qtbot: Any) -> None:
    tab = ActivityTab(office_db, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.reach.summary.text() == ""
    tab.pages.setCurrentWidget(tab.reach)
    assert "女职工参与率" in tab.reach.summary.text()
