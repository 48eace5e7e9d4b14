"""Hostile workbooks (issue #16): every one is refused before calamine sees it, with one Chinese line
naming the file and the limit, and nothing changes.

Each test first reproduces a defect the reader had: a cell at XFD1048576 behind a <dimension> of A1:C3
aborted the process (calamine asked for 512 GiB); a sheet or sharedStrings inflating to 3 GiB took 6 GB
of memory; a workbook.xml of 2 GiB and a corrupt deflate stream gave tracebacks; a named pipe hung.
The files are made in tmp_path by hand (tests/reports/hostile_xlsx.py); none is big on disk.
"""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import DomainError
from desktop.reports.excel import workbook_guard as guard
from desktop.reports.excel.reader import FieldSpec, read_table
from desktop.reports.hq import reader as hq_reader
from desktop.reports.hq.reader import open_workbook
from desktop.services.database import Database
from desktop.services.hq.merge import merge_workbooks
from desktop.services.roster.importing import import_roster
from tests.reports.hostile_xlsx import MB, SHEET_PART, Member, bomb, cells, sheet, sheet_bomb, workbook, write_zip
from tests.services.test_hq_exchange import _merged_with_post, offices  # noqa: F401 - a fixture

FIELDS = [FieldSpec("name", "姓名"), FieldSpec("id_number", "身份证号"), FieldSpec("notes", "备注")]
TABLE = cells([["姓名", "身份证号", "备注"], ["张丽", "150785198503120022", "产假"]])
GIB = 1 << 30


def _refused(path: Path, *pieces: str) -> str:
    """read_table refuses ``path`` with one line holding every piece; the HQ reader refuses it too."""
    with pytest.raises(DomainError) as caught:
        read_table(path, FIELDS)
    message = str(caught.value)
    assert "\n" not in message and path.name in message, message
    for piece in pieces:
        assert piece in message, message
    with pytest.raises(DomainError, match=path.name):
        hq = open_workbook(path)
        try:  # a budget on a sheet's reach is checked when the sheet is read
            list(hq_reader._rows(hq, path, "花名册"))
        finally:
            hq.close()
    return message


def test_a_normal_hand_made_workbook_reads(tmp_path: Path) -> None:
    table = read_table(workbook(tmp_path / "好.xlsx", sheet(TABLE)), FIELDS)
    assert [r.values["name"] for r in table.rows] == ["张丽"]


# -- the real used range, never <dimension> ---------------------------------------------------------------


def test_far_cell_behind_a_small_stated_range_is_refused_not_an_abort(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = workbook(tmp_path / "远处.xlsx", sheet(TABLE + far, dimension="A1:C3"))
    _refused(path, "表格范围过大", "XFD1048576", f"{guard.MAX_ROWS} 行的上限")


@pytest.mark.parametrize(
    "rows",
    [
        # A cell without r takes the row of its <row>; a row without r follows the one before (calamine's rules).
        '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="2"><c r="A2"><v>1</v></c></row><row r="1048576"/><row><c><v>1</v></c></row>',
        "<row r='1'><c r='XFD1' t='inlineStr'><is><t>x</t></is></c></row>",  # single quotes
        '<row r="1"><c s="0" r="XFD1"><v>1</v></c></row>',  # r not first
        '<row r="1"><c r="xfd1"><v>1</v></c></row>',  # lower case, which calamine accepts
        '<row r="1"><c r="XFD1" x="/>"><v>1</v></c></row>',  # "/>" inside a quoted value is no self-close
        '<row r="1"><x:c xmlns:x="urn:x" r="XFD1"><x:v>1</x:v></x:c></row>',  # a namespace prefix
    ],
)
def test_every_way_of_placing_a_cell_is_followed(tmp_path: Path, rows: str) -> None:
    path = workbook(tmp_path / "写法.xlsx", sheet(TABLE + rows))
    assert guard.too_large(guard.inspect_workbook(path).extent("花名册")) is not None


def test_far_empty_cells_with_only_a_style_are_not_refused(tmp_path: Path) -> None:
    styled = '<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFC1048576" s="1" t="s"/></row>'
    path = workbook(tmp_path / "边框.xlsx", sheet(TABLE + styled))
    assert len(read_table(path, FIELDS).rows) == 1


def test_column_and_cell_caps_are_named(tmp_path: Path) -> None:
    wide = '<row r="2"><c r="ALM2"><v>1</v></c></row>'  # column 1001
    _refused(workbook(tmp_path / "宽.xlsx", sheet(TABLE + wide)), "ALM2", f"{guard.MAX_COLUMNS} 列的上限")
    # 200,001 rows × 500 columns: each within its cap, together 100 million cells.
    both = '<row r="3"><c r="SF3"><v>1</v></c></row><row r="200001"><c r="A200001"><v>1</v></c></row>'
    _refused(workbook(tmp_path / "大.xlsx", sheet(TABLE + both)), "万个单元格的上限")


def test_error_cells_are_named_even_when_a_chunk_ends_inside_one() -> None:
    scanner = guard._SheetScanner()
    xml = (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + b"a" * 50 + b"</t></is></c>"
        b'<c r="B1" t="e"><f>VLOOKUP(1,A:A,2,0)</f><v>#N/A</v></c></row></sheetData>'
    )
    cut = xml.index(b"<v>#N") + 2
    scanner.feed(xml[:cut])
    scanner.feed(xml[cut:])
    scanner.close()
    assert scanner.errors == {(1, 2): "#N/A"}
    assert scanner.extent().rows == 1 and scanner.extent().columns == 2


# -- inflate budgets --------------------------------------------------------------------------------------


def test_sheet_stated_as_3_gib_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = workbook(tmp_path / "炸弹.xlsx", sheet_bomb(3 * GIB, rows=TABLE))
    assert path.stat().st_size < 4 * MB
    started = time.perf_counter()
    _refused(path, SHEET_PART, "200 MB 的上限")
    assert time.perf_counter() - started < 2


def test_sheet_lying_about_its_size_is_stopped_at_the_statement(tmp_path: Path) -> None:
    # States 4 KB, inflates to 3 GiB: zipfile would stop at 4 KB and never notice; the guard stops there too.
    path = workbook(tmp_path / "谎报.xlsx", sheet_bomb(3 * GIB, stated=4096, rows=TABLE))
    tracemalloc.start()
    try:
        with pytest.raises(DomainError, match="谎报.xlsx.*不是有效的 .xlsx"):
            read_table(path, FIELDS)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB


def test_shared_strings_of_3_gib_are_refused(tmp_path: Path) -> None:
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    tail = b"</t></si></sst>"
    shared = Member(
        "xl/sharedStrings.xml", raw=bomb(head, b"x" * MB, 3 * 1024, tail), size=len(head) + 3 * GIB + len(tail), crc=0
    )
    _refused(workbook(tmp_path / "共享串.xlsx", sheet(TABLE), shared=shared), "sharedStrings.xml", "200 MB 的上限")


def test_workbook_xml_of_2_gib_is_refused_and_a_big_one_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reports.hostile_xlsx import WORKBOOK

    head, tail = WORKBOOK.split("<sheets>")
    book = Member(
        "xl/workbook.xml",
        raw=bomb(head.encode(), b" " * MB, 2048, ("<sheets>" + tail).encode()),
        size=len(WORKBOOK) + 2048 * MB,
        crc=0,
    )
    _refused(workbook(tmp_path / "目录.xlsx", sheet(TABLE), book=book), "workbook.xml", "200 MB 的上限")
    # Within the part budget, but workbook.xml is parsed whole, so it has a (smaller) budget of its own.
    monkeypatch.setattr(guard, "MAX_INDEX_BYTES", MB)
    padded = WORKBOOK.replace("<sheets>", f"<!--{os.urandom(MB).hex()}--><sheets>").encode()
    _refused(
        workbook(tmp_path / "目录大.xlsx", sheet(TABLE), book=Member("xl/workbook.xml", padded)),
        "workbook.xml",
        "1 MB 的上限",
    )


def test_a_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "压缩比.xlsx", sheet_bomb(150 * MB, rows=TABLE))
    _refused(path, "压缩比", f"{guard.MAX_RATIO}:1 的上限")


def test_all_parts_together_have_a_budget(tmp_path: Path) -> None:
    # Two honest 160 MB parts at a modest ratio would take a while to build; state them instead (the
    # directory is checked before anything is inflated).
    parts = [Member(f"xl/media/image{i}.png", raw=b"\0" * (2 * MB), size=160 * MB, crc=0, method=0) for i in range(2)]
    _refused(workbook(tmp_path / "合计.xlsx", sheet(TABLE), extra=parts), "解压后共有 320 MB", "300 MB 的上限")


def test_too_many_parts_are_refused_before_the_directory_is_read(tmp_path: Path) -> None:
    parts = [Member(f"x/{i}", b"", method=0) for i in range(guard.MAX_PARTS + 1)]
    _refused(workbook(tmp_path / "部件.xlsx", sheet(TABLE), extra=parts), f"{guard.MAX_PARTS} 个的上限")


def test_file_on_disk_over_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "大文件.xlsx", sheet(TABLE))
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1000)
    _refused(path, "超过了可读取的上限 1000 字节")


# -- damaged packages and things that are not files -----------------------------------------------------


def test_corrupt_deflate_stream_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    good = Member(SHEET_PART, sheet(TABLE).encode())
    bad = bytearray(good.raw)
    bad[10:30] = b"\xff" * 20
    path = workbook(tmp_path / "坏流.xlsx", Member(SHEET_PART, raw=bytes(bad), size=good.size, crc=good.crc))
    _refused(path, "不是有效的")


def test_wrong_crc_and_truncated_part_are_damaged(tmp_path: Path) -> None:
    good = Member(SHEET_PART, sheet(TABLE).encode())
    _refused(
        workbook(tmp_path / "校验.xlsx", Member(SHEET_PART, raw=good.raw, size=good.size, crc=good.crc ^ 1)),
        "不是有效的",
    )
    _refused(
        workbook(tmp_path / "截断.xlsx", Member(SHEET_PART, raw=good.raw[:-20], size=good.size, crc=good.crc)),
        "不是有效的",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.xlsx"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_table(fifo, FIELDS)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)  # a regression would block in open() for ever
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading a named pipe blocked"
    assert isinstance(outcome[0], DomainError) and "不是普通文件" in str(outcome[0])


def test_a_folder_named_xlsx_is_refused(tmp_path: Path) -> None:
    (tmp_path / "文件夹.xlsx").mkdir()
    _refused(tmp_path / "文件夹.xlsx", "不是普通文件")


def test_a_regular_file_guard_is_checked_again_on_a_second_open(tmp_path: Path) -> None:
    path = workbook(tmp_path / "二次.xlsx", sheet(TABLE))
    scan = guard.inspect_workbook(path)
    assert scan.still_describes(path)
    path.unlink()
    os.mkfifo(path) if hasattr(os, "mkfifo") else path.mkdir()
    assert not scan.still_describes(path)


# -- callers: roster import, HQ merge, the CLI ----------------------------------------------------------


def _worker_count(db: Database) -> int:
    from sqlalchemy import func, select

    from db.models import Worker

    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Worker)) or 0)


def test_roster_import_reports_one_line_and_writes_nothing(office_db: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path / "炸弹.xlsx", sheet_bomb(3 * GIB, rows=TABLE))
    report = import_roster(office_db, path)
    assert not report.ok and len(report.problems) == 1
    assert report.file_problem is not None and "炸弹.xlsx" in report.file_problem
    assert "200 MB 的上限" in report.file_problem
    assert _worker_count(office_db) == 0


def test_cli_import_and_merge_print_one_line_and_exit_1(
    office_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = workbook(tmp_path / "远处.xlsx", sheet(TABLE + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))
    db_path = str(office_db.path)
    office_db.close()
    assert main(["import-roster", "--db", db_path, str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "远处.xlsx" in err and "300000 行的上限" in err, err
    out = tmp_path / "汇总.xlsx"
    assert main(["merge", "--out", str(out), str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "远处.xlsx" in err, err
    assert not out.exists()


def test_merge_refuses_a_bomb_among_good_files_and_writes_nothing(tmp_path: Path) -> None:
    bad = workbook(tmp_path / "炸弹.xlsx", sheet_bomb(3 * GIB, rows=TABLE))
    out = tmp_path / "out.xlsx"
    with pytest.raises(DomainError, match="炸弹.xlsx.*200 MB 的上限"):
        merge_workbooks([bad], out)
    assert not out.exists()


def test_zip_helper_writes_what_zipfile_reads(tmp_path: Path) -> None:
    import zipfile

    path = write_zip(tmp_path / "z.zip", [Member("a.txt", b"hello")])
    with zipfile.ZipFile(path) as z:
        assert z.read("a.txt") == b"hello"


def test_merge_names_text_it_would_have_to_cut(offices: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    # C1 controls are legal XML, so an older version's export kept them; the merge names the cell instead.
    with pytest.raises(DomainError, match=r"工作表“职工名册”第\d+行：岗位含有不可见的控制字符.*U\+0085"):
        _merged_with_post(offices, tmp_path, "伐木\x85工")
