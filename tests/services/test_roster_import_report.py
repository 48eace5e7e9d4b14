"""The success summary of a roster import (issue #2 item 6): extra columns are ignored and named, and the
units created are named, not only counted. The CLI prints ``summary()`` and the roster tab shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.services.database import Database
from desktop.services.roster.importing import import_roster
from tests.services.test_roster_import import HEADER, LI, ZHANG, row, write_xlsx

TODAY = date(2026, 11, 23)
HEADER_ROW = 3  # the sample's header is on row 3, data on rows 4–35 (a blank row 18)


def sample_with_extra_columns(sample: Path, tmp_path: Path) -> Path:
    """The HR sample with three columns appended: two the program does not know, one derived from the ID."""
    wb = load_workbook(sample)
    ws = wb.worksheets[0]
    first = ws.max_column + 1
    for offset, title in enumerate(("奇怪列", "政治面貌", "出生日期")):
        ws.cell(HEADER_ROW, first + offset, title)
        for r in range(HEADER_ROW + 1, HEADER_ROW + 4):
            ws.cell(r, first + offset, ("x", "群众", "1990-01-01")[offset])
    path = tmp_path / "花名册-多余列.xlsx"
    wb.save(path)
    return path


def test_success_summary_names_ignored_columns_and_created_units(
    office_db: Database, sample_roster: Path, tmp_path: Path
) -> None:
    path = sample_with_extra_columns(sample_roster, tmp_path)
    report = import_roster(office_db, path, create_units=True, today=TODAY)
    assert report.ok, report.text()
    assert report.new == 30
    assert report.summary().splitlines() == [
        "导入完成：新增 30 人，更新 0 人，新建单位 3 个",
        "新建的单位：阿里河森工公司/阿里河林场、阿里河森工公司/工会办公室、阿里河森工公司/森林管护站",
        "已忽略的列：奇怪列、政治面貌、出生日期（由身份证号计算，不导入）",
    ]
    # The full report keeps its own lines and does not repeat the summary's.
    text = report.text()
    assert text.splitlines()[0] == report.headline()
    assert text.count("奇怪列") == 1 and text.count("新建的单位") == 1


def test_second_import_names_the_columns_but_no_units(office_db: Database, sample_roster: Path, tmp_path: Path) -> None:
    path = sample_with_extra_columns(sample_roster, tmp_path)
    assert import_roster(office_db, path, create_units=True, today=TODAY).ok
    again = import_roster(office_db, path, create_units=True, today=TODAY)
    assert again.summary() == (
        "导入完成：新增 0 人，更新 0 人，30 人无变化\n已忽略的列：奇怪列、政治面貌、出生日期（由身份证号计算，不导入）"
    )


def test_plain_file_summary_is_one_line(office_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plain.xlsx", HEADER, [row("张丽", ZHANG), row("李娜", LI)])
    report = import_roster(office_db, path, today=TODAY)
    assert report.summary() == "导入完成：新增 2 人，更新 0 人"  # 序号 is read past without a mention


def test_failed_summary_stays_one_line(office_db: Database, sample_roster: Path, tmp_path: Path) -> None:
    report = import_roster(office_db, sample_with_extra_columns(sample_roster, tmp_path), today=TODAY)
    assert not report.ok
    assert report.summary() == report.headline() and "\n" not in report.summary()
    assert "未能识别的列（未导入）：奇怪列、政治面貌" in report.text()


def test_cli_prints_the_names(tmp_path: Path, sample_roster: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "office.sqlite")
    assert (
        main(
            [
                "init",
                "--db",
                db,
                "--office-code",
                "ALH",
                "--office-name",
                "阿里河森工公司工会",
                "--company",
                "阿里河森工公司",
            ]
        )
        == 0
    )
    capsys.readouterr()
    path = sample_with_extra_columns(sample_roster, tmp_path)
    assert main(["import-roster", "--db", db, str(path), "--create-units"]) == 0
    out = capsys.readouterr().out
    assert "已忽略的列：奇怪列、政治面貌、出生日期（由身份证号计算，不导入）" in out
    assert "新建的单位：阿里河森工公司/甘河林场、" in out and "阿里河森工公司/贮木场" in out
