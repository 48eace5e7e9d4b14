"""Excel export of the four-period ledger: real dates, Chinese labels, masked IDs, reasons, filters, cancel."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from test_protection_cases import ON, id_number, populate, unit

from db.models import AuditEntry
from desktop.core.errors import DomainError
from desktop.core.progress import Cancelled, Job
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.protections.export import export_protection_ledger

BORN = date(1993, 4, 12)


def _sheet(path: Path, index: int = 0) -> tuple[list[str], list[dict[str, object]], object]:
    wb = load_workbook(path)
    ws = wb.worksheets[index]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]], ws


def test_export_writes_the_ledger_with_real_dates(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    path = tmp_path / "ledger.xlsx"
    assert export_protection_ledger(office_db, path, on=ON) == 7
    wb = load_workbook(path)
    assert wb.sheetnames == ["四期保护台账2026-11-23", "计算依据"]
    header, rows, ws = _sheet(path)
    assert header[:4] == ["登记编号", "姓名", "身份证号", "所属单位"]
    for title in (
        "末次月经",
        "预产期",
        "满7个月日期",
        "分娩日期",
        "分娩方式",
        "胎数",
        "产假开始",
        "产假结束",
        "哺乳期截止",
        "每日哺乳时间（小时）",
        "禁忌岗位",
        "调岗情况",
        "当前状态",
    ):
        assert title in header
    by_name = {r["姓名"]: r for r in rows}
    assert sorted(by_name) == sorted(["张丽", "李娜", "王芳", "赵敏", "刘洋", "陈静", "孙悦"])

    wang = by_name["王芳"]
    assert wang["身份证号"] == "150785***********3"
    assert wang["所属单位"] == "阿里河森工公司/营林科"
    assert wang["当前状态"] == "产假中"
    assert wang["产假开始"] == datetime(2026, 10, 17) and wang["产假结束"] == datetime(2027, 3, 23)
    assert wang["哺乳期截止"] == datetime(2027, 10, 27) and wang["分娩日期"] == datetime(2026, 10, 28)
    assert (wang["分娩方式"], wang["胎数"], wang["产假天数"], wang["每日哺乳时间（小时）"]) == ("顺产", 1, 158, 1)
    assert wang["禁忌岗位"] == "否"

    zhao = by_name["赵敏"]
    assert (zhao["分娩方式"], zhao["胎数"], zhao["产假天数"], zhao["每日哺乳时间（小时）"]) == ("难产", 2, 188, 2)

    zhang = by_name["张丽"]
    assert zhang["禁忌岗位"] == "是" and zhang["岗位危害条件"] == "噪声作业Ⅲ级、强烈振动"
    assert "孕期禁忌：强烈振动" in str(zhang["禁忌说明"])
    assert (zhang["当前状态"], zhang["孕周"]) == ("孕16周", 16)
    assert zhang["满7个月日期"] == datetime(2027, 3, 3)

    chen = by_name["陈静"]
    assert chen["流产日期"] == datetime(2026, 11, 15) and chen["流产假结束"] == datetime(2026, 11, 29)

    # The cells are Excel dates with the date format, and the ID column is text.
    col = header.index("产假结束") + 1
    row = [r["姓名"] for r in rows].index("王芳") + 2
    cell = ws.cell(row=row, column=col)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert ws.cell(row=row, column=3).number_format == "@"


def test_reasons_sheet_explains_each_date(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    path = tmp_path / "ledger.xlsx"
    export_protection_ledger(office_db, path, on=ON)
    header, rows, _ = _sheet(path, 1)
    assert header == ["登记编号", "姓名", "项目", "日期或数值", "依据与计算"]
    wang = {r["项目"]: r for r in rows if r["姓名"] == "王芳"}
    assert wang["产假天数"]["日期或数值"] == "158"
    assert "产假158天 = 国家98天" in str(wang["产假天数"]["依据与计算"])
    assert wang["产假结束"]["日期或数值"] == "2027-03-23"
    assert "1周岁" in str(wang["哺乳期结束"]["依据与计算"])


def test_filters_and_full_ids_are_audited(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    path = tmp_path / "leave.xlsx"
    assert export_protection_ledger(office_db, path, on=ON, state="maternity_leave") == 2
    farm = tmp_path / "farm.xlsx"
    assert export_protection_ledger(office_db, farm, on=ON, unit_id=unit(office_db, "甘河林场")) == 2

    full = tmp_path / "full.xlsx"
    export_protection_ledger(office_db, full, on=ON, full_ids=True, text="王芳", reason="测试")
    _, rows, _ = _sheet(full)
    assert [r["身份证号"] for r in rows] == [id_number(BORN, 3)]
    # Every export is logged (#15); the one with full ID numbers says so, with its reason.
    with office_db.read() as s:
        entries = list(
            s.scalars(select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.entity == "protection_case"))
        )
    assert [json.loads(e.after or "{}")["full_ids"] for e in entries] == [False, False, True]
    assert "full.xlsx" in (entries[2].after or "") and json.loads(entries[2].after or "{}")["reason"] == "测试"


def test_reassignment_not_yet_in_force_is_marked(office_db: Database, tmp_path: Path) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, ids["张丽"], to_post="资料员", to_hazards="", reassigned_on=date(2026, 12, 1), actor="clerk", today=ON
        )
    path = tmp_path / "ledger.xlsx"
    export_protection_ledger(office_db, path, on=ON, text="张丽")
    _, [row], _ = _sheet(path)
    assert row["调岗情况"] == "拟调岗：油锯手 → 资料员（2026-12-01起）"
    assert row["禁忌岗位"] == "是"  # still in the chainsaw post on the day


def test_bad_state_and_cancel_leave_no_file(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    path = tmp_path / "out.xlsx"
    with pytest.raises(DomainError, match="未知的保护状态"):
        export_protection_ledger(office_db, path, on=ON, state="nonsense")
    assert not path.exists()
    job = Job(lambda done, total, message: job.cancel())
    with pytest.raises(Cancelled):
        export_protection_ledger(office_db, path, on=ON, job=job)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if "sqlite" not in p.name] == []
