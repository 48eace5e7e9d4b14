"""The shared Excel machinery: table writer, atomic save, sheet reader, and the roster import template."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import DomainError
from desktop.core.progress import Cancelled, Job
from desktop.reports.excel.reader import FieldSpec, normalize_header, read_table
from desktop.reports.excel.writer import (
    ColumnSpec,
    discard_workbook,
    new_workbook,
    save_atomically,
    write_table_sheet,
)
from desktop.reports.roster.template_xlsx import write_roster_template

COLUMNS = [
    ColumnSpec("name", "姓名", width=12),
    ColumnSpec("id_number", "身份证号", as_text=True),
    ColumnSpec("day", "发放日期", kind="date"),
    ColumnSpec("amount", "金额（元）", kind="money_fen"),
    ColumnSpec("member", "是否会员", kind="bool"),
    ColumnSpec("count", "人数", kind="int"),
    ColumnSpec("at", "登记时间", kind="datetime"),
]


def _write(path: Path, rows: list[object], job: Job | None = None) -> int:
    wb = new_workbook()
    n = write_table_sheet(wb, "慰问发放", COLUMNS, rows, job=job, total=len(rows))
    save_atomically(wb, path)
    return n


def test_header_look_frozen_filter_widths_and_types(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [
        {
            "name": "张丽",
            "id_number": "150785198503120022",
            "day": date(2024, 3, 5),
            "amount": 1999,
            "member": True,
            "count": 3,
            "at": datetime(2024, 3, 5, 9, 30),
        },
        ("王建国", None, datetime(2024, 3, 6, 8, 0), 50000, False, 0, None),  # a sequence works too
    ]
    assert _write(path, rows) == 2
    ws = load_workbook(path).active
    assert ws.title == "慰问发放"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G3"
    assert [c.value for c in ws[1]] == [c.title for c in COLUMNS]
    for cell in ws[1]:
        assert cell.font.b and cell.fill.fgColor.rgb == "FFDDEBF7"
        assert cell.border.left.style == "thin" and cell.alignment.horizontal == "center"
    assert ws.column_dimensions["A"].width == 12
    assert ws.column_dimensions["D"].width >= 12  # fitted to "金额（元）"
    assert ws["B2"].value == "150785198503120022" and ws["B2"].number_format == "@"
    assert ws["C2"].value == datetime(2024, 3, 5) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C3"].value == datetime(2024, 3, 6)  # a datetime in a date column loses its time
    assert ws["D2"].value == pytest.approx(19.99) and ws["D2"].number_format == "0.00"
    assert ws["D3"].value == 500
    assert (ws["E2"].value, ws["E3"].value) == ("是", "否")
    assert (ws["F2"].value, ws["F3"].value) == (3, 0)
    assert ws["G2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["B3"].value is None and ws["G3"].value is None


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+8613912345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","点我")']
)
def test_formula_like_text_is_stored_as_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.xlsx"
    _write(path, [{"name": text, "id_number": text}])
    for ws in (load_workbook(path).active, load_workbook(path, read_only=True).active):
        values = next(ws.iter_rows(min_row=2, max_row=2))
        expected = text.replace("\r", "\n")  # a carriage return is stored as a line break
        assert values[0].value == expected and values[1].value == expected
        assert values[0].data_type == "s" and values[1].data_type == "s"
    cell = load_workbook(path).active["A2"]
    assert cell.number_format == "@" and cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    _write(path, [{"name": "张\x01丽\x0b", "count": None}])
    assert load_workbook(path).active["A2"].value == "张丽"


def test_a_sheet_created_first_is_filled_later(tmp_path: Path) -> None:
    # The HQ merge creates 汇总 before the area sheets (sheet order) and fills it at the end.
    wb = new_workbook()
    ws = wb.create_sheet("汇总")
    write_table_sheet(wb, "名册", COLUMNS, [{"name": "张丽"}])
    n = write_table_sheet(ws, "汇总", COLUMNS, [{"name": "=1", "day": date(2024, 1, 2)}] * 3)
    save_atomically(wb, tmp_path / "n.xlsx")
    assert load_workbook(tmp_path / "n.xlsx").sheetnames == ["汇总", "名册"]
    ws = load_workbook(tmp_path / "n.xlsx")["汇总"]
    assert n == 3 and [ws.cell(r, 1).value for r in (2, 3, 4)] == ["=1"] * 3
    assert ws.cell(4, 1).data_type == "s" and ws.cell(4, 3).number_format == "yyyy-mm-dd"


def test_cancel_leaves_no_file_and_no_temporary_files(tmp_path: Path) -> None:
    rows = [{"name": f"职工{i}"} for i in range(2000)]
    job = Job(lambda done, total, message: job.cancel() if done >= 500 else None)
    wb = new_workbook()
    with pytest.raises(Cancelled):
        write_table_sheet(wb, "名册", COLUMNS, rows, job=job, total=len(rows))
    discard_workbook(wb)
    assert list(tmp_path.iterdir()) == []


def test_save_atomically_replaces_only_when_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous")
    wb = new_workbook()
    write_table_sheet(wb, "名册", COLUMNS, [{"name": "张丽"}])

    def broken_save(filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(wb, "save", broken_save)
    with pytest.raises(OSError):
        save_atomically(wb, path)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    wb = new_workbook()
    write_table_sheet(wb, "名册", COLUMNS, [])
    with pytest.raises(DomainError, match="不存在"):
        save_atomically(wb, tmp_path / "nope" / "x.xlsx")


# --- reader ------------------------------------------------------------------------------------------

FIELDS = [
    FieldSpec("name", "姓名"),
    FieldSpec("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    FieldSpec("unit", "所属单位", ("单位", "部门")),
    FieldSpec("phone", "联系电话", ("手机", "电话")),
]


def test_normalize_header() -> None:
    assert normalize_header("姓 名") == "姓名"
    assert normalize_header("姓\u3000名") == "姓名"
    assert normalize_header("身份证号码*") == "身份证号码"
    assert normalize_header("入职日期\n（2024-03-05）") == "入职日期"


def test_reader_finds_header_skips_blanks_stops_at_footer(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年职工花名册"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：阿里河森工公司工会", None, None, "填报日期：2026年11月"])
    ws.append(["序号", "手机", "姓 名", "公民身份号码", "部门", "政治面貌", "电话"])
    ws.append([1, "13912345678", "张丽", "150785198503120022", "甘河林场", "群众", None])
    ws.append([2])  # a pre-numbered empty row counts as blank
    ws.append([])
    ws.append([3, None, "王建国", "150782199007071132", "营林科"])
    ws.append(["合计", "2人"])
    ws.append([4, None, "不该读到", "150785198503120022", "甘河林场"])
    ws.append(["制表人：", "王干事", None, "审核人：", "李主席"])
    path = tmp_path / "r.xlsx"
    wb.save(path)

    table = read_table(path, FIELDS, required=("name", "id_number"))
    assert (table.sheet, table.header_row, table.footer_row) == ("Sheet", 3, 8)
    assert table.columns == {"phone": "手机", "name": "姓 名", "id_number": "公民身份号码", "unit": "部门"}
    assert table.column_letters["id_number"] == "D"
    assert table.unplaced[0] == "政治面貌" and table.unplaced[1].startswith("电话（与“手机”重复")
    assert table.missing == []
    assert [(r.number, r.values["name"]) for r in table.rows] == [(4, "张丽"), (7, "王建国")]
    assert table.rows[1].values["phone"] is None


def test_reader_keeps_excel_row_numbers_letters_and_number_types(tmp_path: Path) -> None:
    # A table that starts at C3 behind a chart sheet: numbers and letters are still the ones Excel shows,
    # whole numbers come as int (a phone typed as a number), an ID turned into a float stays a float.
    wb = Workbook()
    wb.create_chartsheet("图表", 0)
    ws = wb["Sheet"]
    ws["C3"], ws["D3"], ws["E3"] = "姓名", "身份证号", "电话"
    ws["C4"], ws["D4"], ws["E4"] = "张丽", 1.50785198503120e17, 13912345678
    path = tmp_path / "c3.xlsx"
    wb.save(path)
    table = read_table(path, FIELDS)
    assert (table.sheet, table.header_row) == ("Sheet", 3)
    assert table.column_letters == {"name": "C", "id_number": "D", "phone": "E"}
    row = table.rows[0]
    assert row.number == 4 and row.values["phone"] == 13912345678 and type(row.values["phone"]) is int
    assert isinstance(row.values["id_number"], float)


def test_reader_reports_missing_required_and_no_header(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "单位"])
    wb.active.append(["张丽", "甘河林场"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    assert read_table(path, FIELDS, required=("name", "id_number")).missing == ["id_number"]

    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(path)
    with pytest.raises(DomainError, match="没有找到表头"):
        read_table(path, FIELDS)


def test_reader_refuses_old_xls_and_broken_files(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DomainError, match="另存为"):
        read_table(old, FIELDS)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DomainError, match="不是有效的 .xlsx"):
        read_table(broken, FIELDS)


# --- template ----------------------------------------------------------------------------------------


def test_roster_template_formats_and_instructions(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_roster_template(path, unit_paths=["阿里河森工公司", "阿里河森工公司/甘河林场"])
    wb = load_workbook(path)
    assert wb.sheetnames == ["花名册", "填表说明", "单位名称"]
    ws = wb["花名册"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["姓名", "性别", "民族", "身份证号", "所属单位"]
    assert {"用工形式", "是否工会会员", "入会日期", "联系电话", "入职日期", "状态", "备注"} <= set(header)
    letter = {title: ws.cell(1, i + 1).column_letter for i, title in enumerate(header)}
    assert ws.column_dimensions[letter["身份证号"]].number_format == "@"
    assert ws.column_dimensions[letter["联系电话"]].number_format == "@"
    assert ws.column_dimensions[letter["入职日期"]].number_format == "yyyy-mm-dd"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists[f"{letter['性别']}2"] == '"男,女"'
    assert "劳务派遣" in lists[f"{letter['用工形式']}2"]
    assert lists[f"{letter['是否工会会员']}2"] == '"是,否"'
    assert ws.max_row == 1  # no example row a clerk could import by mistake
    notes = "\n".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    for needed in ("150785198503120022", "2024-03-05", "阿里河森工公司/甘河林场/一班", "是", "文本"):
        assert needed in notes
    assert wb["单位名称"]["A3"].value == "阿里河森工公司/甘河林场"


def test_streamed_package_reads_back_in_both_readers(tmp_path: Path) -> None:
    # Spaces at the ends, XML special characters, a title with an apostrophe (quoted in defined names),
    # a time of day, and an empty second sheet: openpyxl and calamine both read what was written.
    from python_calamine import CalamineWorkbook

    path = tmp_path / "s.xlsx"
    wb = new_workbook()
    rows = [
        {
            "name": "  张 丽 ",
            "id_number": "a<b>&c\"d'",
            "day": date(2024, 2, 29),
            "amount": 5,
            "at": datetime(2024, 12, 31, 23, 59),
        }
    ]
    write_table_sheet(wb, "王's 表", COLUMNS, rows)
    write_table_sheet(wb, "空表", COLUMNS, [])
    save_atomically(wb, path)
    ws = load_workbook(path)["王's 表"]
    assert ws["A2"].value == "  张 丽 " and ws["B2"].value == "a<b>&c\"d'"
    assert ws["C2"].value == datetime(2024, 2, 29) and ws["D2"].value == pytest.approx(0.05)
    assert ws["G2"].value == datetime(2024, 12, 31, 23, 59)
    assert load_workbook(path)["空表"].max_row == 1
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert "_xlnm._FilterDatabase" in z.read("xl/workbook.xml").decode()
    calamine = CalamineWorkbook.from_path(str(path))
    assert calamine.sheet_names == ["王's 表", "空表"]
    first = calamine.get_sheet_by_name("王's 表").to_python()
    assert first[0][0] == "姓名" and first[1][0] == "  张 丽 " and first[1][2] == date(2024, 2, 29)


def test_two_sheets_of_one_name_are_numbered(tmp_path: Path) -> None:
    wb = new_workbook()
    write_table_sheet(wb, "名册", COLUMNS, [{"name": "甲"}])
    write_table_sheet(wb, "名册", COLUMNS, [{"name": "乙"}])
    save_atomically(wb, tmp_path / "d.xlsx")
    assert load_workbook(tmp_path / "d.xlsx").sheetnames == ["名册", "名册1"]


def test_dates_around_excels_1900_leap_day(tmp_path: Path) -> None:
    days = [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(1899, 12, 31)]
    path = tmp_path / "d.xlsx"
    _write(path, [{"day": d} for d in days])
    ws = load_workbook(path).active
    assert [ws.cell(r, 3).value for r in range(2, 5)] == [
        datetime(1900, 1, 1),
        datetime(1900, 2, 28),
        datetime(1900, 3, 1),
    ]
    assert ws.cell(5, 3).value == "1899-12-31"  # before Excel's calendar: kept as text


def test_sheet_title_cut_never_ends_in_an_apostrophe() -> None:
    from desktop.reports.excel.writer import sheet_title

    assert sheet_title("abcdefghijklmnopqrstuvwxyz1234'tail") == "abcdefghijklmnopqrstuvwxyz1234"
    assert sheet_title("a/b:c") == "a_b_c"


def test_a_stray_far_cell_is_refused_before_loading_but_borders_are_not(tmp_path: Path) -> None:
    # One space in column XFD would make the reader hold a 5,000 × 16,384 grid (gigabytes).
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号"])
    for i in range(5000):
        ws.append([f"职工{i}", "150785198503120022"])
    ws["XFD1"] = " "
    path = tmp_path / "远处.xlsx"
    wb.save(path)
    with pytest.raises(DomainError, match="远处.xlsx.*表格范围过大.*XFD1"):
        read_table(path, FIELDS)
    # An empty cell far away that only carries a border is skipped by the reader: no refusal.
    ws["XFD1"] = None
    ws.cell(row=60000, column=16000).border = Border(left=Side(style="thin"))
    wb.save(path)
    assert len(read_table(path, FIELDS).rows) == 5000
