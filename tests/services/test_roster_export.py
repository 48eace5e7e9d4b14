"""Roster export: masked/full IDs, Chinese labels, round trip through Excel, formula-safe text, cancelling."""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import AuditEntry
from desktop.core.progress import Cancelled, Job
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.export import export_roster
from desktop.services.roster.importing import import_roster
from tests.conftest import open_signed

TODAY = date(2026, 11, 23)
EXPORT_HEADER = [
    "记录编号",
    "姓名",
    "性别",
    "民族",
    "身份证号",
    "出生年份",
    "所属单位",
    "岗位",
    "用工形式",
    "是否工会会员",
    "入会日期",
    "联系电话",
    "入职日期",
    "合同到期日",
    "状态",
    "备注",
]
# A full-ID export keeps the birth date and the age (the number holds the date anyway).
FULL_HEADER = [*EXPORT_HEADER[:5], "出生日期", "年龄", *EXPORT_HEADER[6:]]


def _unit(db: Database, name: str) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == name)


def _add(db: Database, **kw: object) -> int:
    base: dict[str, object] = {
        "name": "张丽",
        "id_number": "150785198503120022",
        "unit_id": _unit(db, "一班"),
        "phone": "13912345678",
        "hire_date": date(2005, 7, 1),
        "ethnicity": "蒙古族",
        "union_join_date": date(2006, 3, 1),
        "employment_type": "dispatched",
    }
    base.update(kw)
    with db.write() as s:
        return workers.add_worker(s, WorkerDraft(**base), actor="clerk", today=TODAY).id  # type: ignore[arg-type]


def _sheet(path: Path) -> list[list[object]]:
    wb = load_workbook(path)
    return [[c.value for c in r] for r in wb.active.iter_rows()]


def _people(db: Database) -> list[dict[str, object]]:
    """Every worker as exported data, without the data-file's own row and unit ids."""
    with db.read() as s:
        paths = {n.id: n.path for n in office.unit_tree(s)}
        rows = workers.fetch_rows(s, workers.worker_ids(s, workers.WorkerFilter(), sort="id_number"))
    out = []
    for r in rows:
        d = asdict(r)
        d["unit"] = paths[d.pop("unit_id")]
        del d["id"]
        out.append(d)
    return out


def test_masked_by_default_with_labels_and_unit_path(office_db: Database, tmp_path: Path) -> None:
    _add(office_db)
    _add(
        office_db,
        name="王建国",
        id_number="150782199007071132",
        unit_id=_unit(office_db, "营林科"),
        union_member=False,
        union_join_date=None,
        employment_type="active",
        phone="0470-3521234",
    )
    path = tmp_path / "花名册.xlsx"
    n = export_roster(office_db, path, workers.WorkerFilter(on=TODAY))
    assert n == 2
    rows = _sheet(path)
    assert rows[0] == EXPORT_HEADER
    zhang = dict(zip(EXPORT_HEADER, rows[1], strict=True))
    assert zhang["身份证号"] == "150785***********2"
    assert zhang["记录编号"].startswith("ALH-")
    labels = (zhang["性别"], zhang["用工形式"], zhang["是否工会会员"], zhang["状态"])
    assert labels == ("女", "劳务派遣", "是", "在册")
    assert zhang["所属单位"] == "阿里河森工公司/甘河林场/一班"
    assert zhang["出生年份"] == 1985 and zhang["联系电话"] == "139****5678"
    assert zhang["入会日期"].date() == date(2006, 3, 1)
    wang = dict(zip(EXPORT_HEADER, rows[2], strict=True))
    assert (wang["是否工会会员"], wang["入会日期"], wang["联系电话"]) == ("否", None, "0470-***1234")

    full = tmp_path / "full.xlsx"
    export_roster(office_db, full, workers.WorkerFilter(), full_ids=True, reason="测试")
    rows = _sheet(full)
    assert rows[0] == FULL_HEADER
    zhang = dict(zip(FULL_HEADER, rows[1], strict=True))
    assert zhang["身份证号"] == "150785198503120022" and zhang["联系电话"] == "13912345678"
    assert zhang["出生日期"].date() == date(1985, 3, 12) and zhang["年龄"] == 41
    with office_db.read() as s:
        logged = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "export")))
    # Both exports are logged (#15); the full one with the reason the account gave.
    assert [json.loads(e.after) for e in logged] == [
        {"file": "花名册.xlsx", "count": 2, "full_ids": False},
        {"file": "full.xlsx", "count": 2, "full_ids": True, "reason": "测试"},
    ]


def test_sheet_look_header_frozen_filter_widths_formats(office_db: Database, tmp_path: Path) -> None:
    _add(office_db)
    path = tmp_path / "out.xlsx"
    export_roster(office_db, path, workers.WorkerFilter(), full_ids=True, reason="测试")
    ws = load_workbook(path).active
    assert ws.title == "职工花名册"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Q2"  # 17 columns with 合同到期日 (#18 item 7)
    header = ws["A1"]
    assert header.font.b and header.fill.fill_type == "solid" and header.border.bottom.style == "thin"
    assert header.alignment.horizontal == "center"
    assert ws.column_dimensions["E"].width >= 20  # the ID number fits
    assert ws["F2"].number_format == "yyyy-mm-dd" and ws["F2"].is_date
    assert ws["E2"].number_format == "@" and ws["M2"].number_format == "@"


def test_filter_and_sort_are_respected(office_db: Database, tmp_path: Path) -> None:
    _add(office_db)
    _add(office_db, name="王建国", id_number="150782199007071132")
    _add(office_db, name="李娜", id_number="15078519920815008X")
    path = tmp_path / "women.xlsx"
    n = export_roster(office_db, path, workers.WorkerFilter(sex="F"), sort="age", descending=False)
    assert n == 2
    assert [r[1] for r in _sheet(path)[1:]] == ["李娜", "张丽"]  # youngest first, as the table sorts age


def test_round_trip_into_a_fresh_data_file_gives_the_same_workers(
    office_db: Database, sample_roster: Path, tmp_path: Path, _template_db: Path
) -> None:

    shutil.copyfile(_template_db, tmp_path / "fresh.sqlite")
    assert import_roster(office_db, sample_roster, create_units=True, today=TODAY).ok
    path = tmp_path / "roster.xlsx"
    assert export_roster(office_db, path, workers.WorkerFilter(), full_ids=True, reason="测试") == 30

    fresh = open_signed(tmp_path / "fresh.sqlite")
    try:
        with fresh.write() as s:
            office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="test")
        report = import_roster(fresh, path, create_units=True, today=TODAY)
        assert report.ok, report.text()
        assert report.new == 30
        assert "出生日期（由身份证号计算，不导入）" in report.ignored_headers
        assert _people(fresh) == _people(office_db)  # same uids, units, dates, labels → codes
    finally:
        fresh.close()


def test_masked_export_reimports_as_unchanged_via_record_number(
    office_db: Database, sample_roster: Path, tmp_path: Path
) -> None:
    assert import_roster(office_db, sample_roster, create_units=True, today=TODAY).ok
    path = tmp_path / "masked.xlsx"
    export_roster(office_db, path, workers.WorkerFilter())
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok, report.text()
    assert (report.new, report.updated, report.unchanged) == (0, 0, 30)
    assert "出生年份（由身份证号计算，不导入）" in report.ignored_headers


def test_masked_phone_reimports_only_for_its_own_worker(office_db: Database, tmp_path: Path) -> None:
    _add(office_db)
    path = tmp_path / "masked.xlsx"
    export_roster(office_db, path, workers.WorkerFilter())
    assert import_roster(office_db, path, today=TODAY).unchanged == 1
    # Older exports wrote 150785********0022; their record numbers still find the worker.
    from openpyxl import load_workbook as load

    wb = load(path)
    ws = wb.active
    ws["E2"] = "150785********0022"
    ws["L2"] = "139****0000"  # not her number masked
    wb.save(path)
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(2, "联系电话")]
    assert "已隐去中间四位" in report.problems[0].message


def test_formula_like_text_stays_text(office_db: Database, tmp_path: Path) -> None:
    _add(office_db, notes="=SUM(A1)", post="+86 工段")
    _add(office_db, name="王建国", id_number="150782199007071132", notes="-1+1", post="@all")
    path = tmp_path / "x.xlsx"
    export_roster(office_db, path, workers.WorkerFilter(), full_ids=True, reason="测试")
    ws = load_workbook(path).active
    cells = [ws["Q2"], ws["I2"], ws["Q3"], ws["I3"]]
    assert [c.value for c in cells] == ["=SUM(A1)", "+86 工段", "-1+1", "@all"]
    assert all(c.data_type == "s" and c.number_format == "@" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    # Re-importing what was exported gives back the same text, not a formula result.
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok and report.unchanged == 2


def test_cancel_leaves_no_file_and_keeps_an_existing_one(office_db: Database, tmp_path: Path) -> None:
    _add(office_db)
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old export")
    job = Job(lambda done, total, message: job.cancel())
    with pytest.raises(Cancelled):
        export_roster(office_db, path, workers.WorkerFilter(), job=job)
    assert path.read_bytes() == b"old export"
    assert [p.name for p in tmp_path.iterdir() if "sqlite" not in p.name] == ["out.xlsx"]

    fresh = tmp_path / "new.xlsx"
    job = Job(lambda done, total, message: job.cancel())
    with pytest.raises(Cancelled):
        export_roster(office_db, fresh, workers.WorkerFilter(), job=job)
    assert not fresh.exists()


def test_record_number_corrects_an_id_but_refuses_a_copied_row(office_db: Database, tmp_path: Path) -> None:
    wid = _add(office_db)
    path = tmp_path / "full.xlsx"
    export_roster(office_db, path, workers.WorkerFilter(), full_ids=True, reason="测试")
    wb = load_workbook(path)
    ws = wb.active
    ws["E2"] = "150785198503120049"  # the same 张丽, her ID number corrected
    wb.save(path)
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok and report.updated == 1, report.text()
    with office_db.read() as s:
        assert workers.fetch_rows(s, [wid])[0].id_number == "150785198503120049"

    copied = [c.value for c in ws[2]]
    copied[1], copied[4] = "王建国", "150782199007071132"  # a new person typed over a copied row
    ws.append(copied)
    wb.save(path)
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    assert any(p.row == 3 and p.column == "记录编号" and "请清空" in p.message for p in report.problems)


def test_contract_end_is_exported(office_db: Database, tmp_path: Path) -> None:
    """#18 item 7: 合同到期日 leaves with the roster and comes back on re-import."""
    _add(office_db, contract_end=date(2027, 1, 31))
    path = tmp_path / "花名册.xlsx"
    export_roster(office_db, path, workers.WorkerFilter(on=TODAY))
    zhang = dict(zip(EXPORT_HEADER, _sheet(path)[1], strict=True))
    assert zhang["合同到期日"].date() == date(2027, 1, 31)
