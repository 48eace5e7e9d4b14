"""The roster tab after a successful import: the names of ignored columns and created units are shown; a
summary too long for a message box opens the scrollable report instead."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services.database import Database
from desktop.ui import prompts
from desktop.ui.dialogs.report_dialog import ReportDialog
from desktop.ui.roster import io_actions as roster_io
from desktop.ui.roster.tab import RosterTab
from tests.services.test_roster_import import HEADER, make_id, row, write_xlsx
from tests.services.test_roster_import_report import sample_with_extra_columns


def _tab(db: Database, qtbot: Any) -> RosterTab:
    tab = RosterTab(db)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def _capture(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[tuple[str, str]]]:
    informed: list[str] = []
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))

    def ask(
        cls: type,
        _parent: object,
        _title: str,
        summary: str,
        text: str,
        extra: tuple[str, ...] = (),
        suggested_name: str = "",
    ) -> int | None:
        reports.append((summary, text))
        return None

    monkeypatch.setattr(ReportDialog, "ask", classmethod(ask))
    return informed, reports


def test_success_message_names_ignored_columns_and_units(
    office_db: Database, sample_roster: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    informed, reports = _capture(monkeypatch)
    tab = _tab(office_db, qtbot)
    roster_io.start_import(tab, sample_with_extra_columns(sample_roster, tmp_path), create_units=True)
    qtbot.waitUntil(lambda: bool(informed), timeout=30000)
    assert reports == []
    lines = informed[0].splitlines()
    assert lines[0] == "导入完成：新增 30 人，更新 0 人，新建单位 3 个"
    assert lines[1].startswith("新建的单位：阿里河森工公司/阿里河林场、")
    assert lines[2] == "已忽略的列：奇怪列、政治面貌、出生日期（由身份证号计算，不导入）"


def test_long_summary_opens_the_report(
    office_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    informed, reports = _capture(monkeypatch)
    given = "丽娜芳敏洋静悦红雪霞梅兰英华玉秀珍凤琴云莲桂花春燕萍琳婷娟慧艳杰颖晶月菊荣洁素平"
    rows = [
        row(f"王{name}", make_id(date(1980, 1, 1 + n % 28), 100 + 2 * n), f"第{n}号新建林场管护站")
        for n, name in enumerate(given)
    ]
    path = write_xlsx(tmp_path / "many-units.xlsx", [*HEADER, "奇怪列"], [[*r, "x"] for r in rows])
    tab = _tab(office_db, qtbot)
    roster_io.start_import(tab, path, create_units=True)
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    assert informed == []
    summary, text = reports[0]
    n = len(given)
    assert summary == f"导入完成：新增 {n} 人，更新 0 人，新建单位 {n} 个"
    assert f"阿里河森工公司/第{n - 1}号新建林场管护站" in text and "奇怪列" in text
