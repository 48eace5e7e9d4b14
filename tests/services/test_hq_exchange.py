"""The HQ workbook (#7): export, then merge — totals, idempotence, replacement, refusals, privacy."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Worker
from desktop.cli import main
from desktop.core.errors import DomainError
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.reports.hq import format as fmt
from desktop.services import office
from desktop.services.accounts import create_first_admin
from desktop.services.database import Database
from desktop.services.demo import create_demo
from desktop.services.hq.export import Period, export_hq_workbook
from desktop.services.hq.merge import merge_workbooks
from desktop.services.roster.workers import add_worker
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, open_signed

TODAY = date(2026, 11, 20)
YEAR = Period.year(2026)
KEY = "group-key-for-tests"
SHARED_ID = "150785199003070028"


def _valid(first17: str) -> str:
    return first17 + check_char(first17)


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two small offices with a year of records each, a group key, and one woman on both rosters."""
    base = tmp_path_factory.mktemp("hq")
    paths: dict[str, Path] = {}
    for code, name, seed in (("ALH", "阿里河森工公司工会", 1), ("GH", "甘河林业局工会", 2)):
        path = base / f"{code}.sqlite"
        db = open_signed(path)
        create_first_admin(db, ADMIN_USER, ADMIN_PASSWORD)
        create_demo(db, workers=80, seed=seed, office_code=code, office_name=name, today=TODAY)
        with db.write() as s:
            office.save_group_key(s, KEY, actor="test")
            unit_id = s.scalars(select(Worker.unit_id)).first()
            add_worker(
                s,
                WorkerDraft(name="调动者", id_number=_valid(SHARED_ID[:17]), unit_id=unit_id),
                actor="test",
                today=TODAY,
            )
        db.close()
        paths[code] = path
    return paths


def _copy(offices: dict[str, Path], code: str, tmp_path: Path) -> Database:
    target = tmp_path / f"{code}.sqlite"
    shutil.copyfile(offices[code], target)
    return open_signed(target)


def _export(db: Database, out: Path, period: Period = YEAR, **kw: object) -> dict[str, int]:
    return export_hq_workbook(db, out, period, now=kw.pop("now", datetime(2026, 12, 1, 9, 0)), **kw)  # type: ignore[arg-type]


def _first_worker(s: Session) -> Worker:
    w = s.scalars(select(Worker).where(Worker.archived_at.is_(None)).order_by(Worker.id)).first()
    assert w is not None
    return w


def _sheet_rows(path: Path, title: str) -> list[tuple[object, ...]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[title].iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()


def _own_summary(path: Path) -> dict[tuple[str, str], object]:
    return {(r[0], r[1]): r[2] for r in _sheet_rows(path, fmt.SUMMARY_SHEET)}


def _merged_summary(path: Path) -> dict[tuple[str, str], tuple[object, ...]]:
    return {(r[0], r[1]): r[3:] for r in _sheet_rows(path, fmt.SUMMARY_SHEET)}


@pytest.fixture
def exported(offices: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for code in offices:
        db = _copy(offices, code, tmp_path)
        out[code] = tmp_path / f"{code}.xlsx"
        _export(db, out[code])
        db.close()
    return out


def test_round_trip_totals_are_exact(exported: dict[str, Path], tmp_path: Path) -> None:
    merged = tmp_path / "group.xlsx"
    result = merge_workbooks([exported["ALH"], exported["GH"]], merged, keys=[KEY])
    assert result.offices == ["ALH", "GH"]
    for area in fmt.AREA_SHEETS:
        own = sum(len(_sheet_rows(exported[c], area.title)) for c in ("ALH", "GH"))
        assert len(_sheet_rows(merged, area.title)) == own == result.rows[area.title]
    group = _merged_summary(merged)
    alh, gh = _own_summary(exported["ALH"]), _own_summary(exported["GH"])
    assert alh[("职工", "在册职工")] > 50 and gh[("职工", "在册职工")] > 50
    for key in (("职工", "在册职工"), ("职工", "其中女职工"), ("慰问", "合计·次数"), ("体检筛查", "合计·安排")):
        assert group[key] == (alh[key], gh[key], alh[key] + gh[key])  # type: ignore[operator]
    money = group[("慰问", "合计·金额")]
    assert Decimal(str(money[2])) == Decimal(str(alh[("慰问", "合计·金额")])) + Decimal(str(gh[("慰问", "合计·金额")]))
    # Coverage of the group is recomputed from the summed counts, not averaged.
    planned, done = group[("体检筛查", "合计·安排")][2], group[("体检筛查", "合计·已检")][2]
    rate = group[("体检筛查", "合计·完成率")][2]
    assert Decimal(str(rate)) == (Decimal(done) * 100 / Decimal(planned)).quantize(Decimal("0.1"))  # type: ignore[arg-type]
    # Every merged area row carries the office it came from.
    offices_in_roster = {r[0] for r in _sheet_rows(merged, "职工名册")}
    assert offices_in_roster == {"ALH", "GH"}


def test_same_workbook_twice_counts_once(exported: dict[str, Path], tmp_path: Path) -> None:
    once = merge_workbooks([exported["ALH"], exported["GH"]], tmp_path / "once.xlsx", keys=[KEY])
    copy = tmp_path / "ALH-copy.xlsx"
    shutil.copyfile(exported["ALH"], copy)
    twice = merge_workbooks([exported["ALH"], exported["GH"], copy], tmp_path / "twice.xlsx", keys=[KEY])
    assert twice.rows == once.rows
    assert twice.duplicates == ["ALH.xlsx"]  # of identical files the name sorting first is kept
    assert _merged_summary(tmp_path / "once.xlsx") == _merged_summary(tmp_path / "twice.xlsx")


def test_newer_export_replaces_older_for_its_period(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    old = tmp_path / "old.xlsx"
    _export(db, old, now=datetime(2026, 7, 5, 9, 0))
    # After the first export the office archives a worker and records more: the second half-year is
    # exported again later.
    with db.write() as s:
        w = _first_worker(s)
        w.archived_at = datetime(2026, 7, 10)
    new = tmp_path / "new.xlsx"
    half = Period(date(2026, 7, 1), date(2026, 12, 31))
    _export(db, new, half, now=datetime(2026, 12, 1, 9, 0))
    db.close()
    merged = tmp_path / "merged.xlsx"
    merge_workbooks([old, new], merged, keys=[KEY])
    # Snapshot sheets come from the newer workbook only.
    assert (
        len(_sheet_rows(merged, "职工名册"))
        == len(_sheet_rows(new, "职工名册"))
        == len(_sheet_rows(old, "职工名册")) - 1
    )
    # Visits: first half-year from the old workbook, second half from the new one — each once.
    date_at = fmt.VISITS.titles.index(fmt.PERIOD_DATE)
    old_first_half = [r for r in _sheet_rows(old, "慰问记录") if r[date_at] < datetime(2026, 7, 1)]
    expected = len(old_first_half) + len(_sheet_rows(new, "慰问记录"))
    merged_visits = _sheet_rows(merged, "慰问记录")
    assert len(merged_visits) == expected
    assert len({r[-1] for r in merged_visits}) == expected  # no record id (the last column) twice
    sources = _sheet_rows(merged, "来源文件")
    assert any("替代" in str(r[-1]) for r in sources)


def _edited(src: Path, dst: Path, edit: object) -> Path:
    wb = load_workbook(src)
    edit(wb)  # type: ignore[operator]
    wb.save(dst)
    return dst


def test_tampered_workbook_is_refused_and_nothing_written(exported: dict[str, Path], tmp_path: Path) -> None:
    def change_a_name(wb: object) -> None:
        wb["职工名册"]["B2"] = "改过的名字"  # type: ignore[index]

    bad = _edited(exported["GH"], tmp_path / "甘河-改.xlsx", change_a_name)
    out = tmp_path / "group.xlsx"
    with pytest.raises(DomainError, match="甘河-改.xlsx.*签名不符"):
        merge_workbooks([exported["ALH"], bad], out, keys=[KEY])
    assert not out.exists()
    assert not list(tmp_path.glob(".group.*.part"))


def test_wrong_format_version_is_refused(exported: dict[str, Path], tmp_path: Path) -> None:
    def bump(wb: object) -> None:
        ws = wb[fmt.INFO_SHEET]  # type: ignore[index]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == fmt.INFO_VERSION:
                row[1].value = "99"

    bad = _edited(exported["ALH"], tmp_path / "v99.xlsx", bump)
    with pytest.raises(DomainError, match="v99.xlsx.*格式版本为“99”"):
        merge_workbooks([bad], tmp_path / "out.xlsx", keys=[KEY])


def test_missing_sheet_is_refused(exported: dict[str, Path], tmp_path: Path) -> None:
    def drop(wb: object) -> None:
        del wb["慰问记录"]  # type: ignore[attr-defined]

    bad = _edited(exported["ALH"], tmp_path / "缺页.xlsx", drop)
    with pytest.raises(DomainError, match="缺页.xlsx.*缺少工作表“慰问记录”"):
        merge_workbooks([bad], tmp_path / "out.xlsx", keys=[KEY])


def test_not_an_hq_workbook_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "花名册.xlsx"
    Workbook().save(other)
    with pytest.raises(DomainError, match="花名册.xlsx.*缺少“说明”工作表"):
        merge_workbooks([other], tmp_path / "out.xlsx", keys=[KEY])


def test_edited_info_sheet_is_refused(exported: dict[str, Path], tmp_path: Path) -> None:
    # The 说明 rows are inside the checksum: a renamed office or a "masked" claim on a full-ID file is caught.
    for key, value in (
        (fmt.INFO_OFFICE_NAME, "别的单位"),
        (fmt.INFO_EXPORTED_AT, "2027-01-01 00:00:00"),
        (fmt.INFO_IDS, fmt.IDS_FULL),
    ):

        def edit(wb: object, key: str = key, value: str = value) -> None:
            for row in wb[fmt.INFO_SHEET].iter_rows(min_row=2):  # type: ignore[index]
                if row[0].value == key:
                    row[1].value = value

        bad = _edited(exported["ALH"], tmp_path / "说明改.xlsx", edit)
        with pytest.raises(DomainError, match="说明改.xlsx.*签名不符"):
            merge_workbooks([bad], tmp_path / "out.xlsx", keys=[KEY])


def test_period_date_edited_to_text_is_refused_not_a_crash(exported: dict[str, Path], tmp_path: Path) -> None:
    older = tmp_path / "older.xlsx"
    shutil.copyfile(exported["ALH"], older)
    db_path = tmp_path / "ALH.sqlite"
    db = open_signed(db_path)
    newer = tmp_path / "newer.xlsx"
    _export(db, newer, Period(date(2026, 7, 1), date(2026, 12, 31)), now=datetime(2026, 12, 2, 9, 0))
    db.close()
    col = fmt.VISITS.titles.index(fmt.PERIOD_DATE) + 1

    def to_text(wb: object) -> None:
        wb["慰问记录"].cell(row=2, column=col).value = "2026年3月5日"  # type: ignore[index]

    bad = _edited(older, tmp_path / "日期改.xlsx", to_text)
    with pytest.raises(DomainError, match="日期改.xlsx.*签名不符"):
        merge_workbooks([bad, newer], tmp_path / "out.xlsx", keys=[KEY])


def test_damaged_sheet_xml_is_named_not_a_traceback(exported: dict[str, Path], tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(exported["GH"]) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet") and b"<row" in data:
                data = data[: len(data) // 2]  # cut mid-element, as a broken download would
            dst.writestr(item, data)
    out = tmp_path / "out.xlsx"
    with pytest.raises(DomainError, match="坏表.xlsx.*(已损坏|无法读取)"):
        merge_workbooks([exported["ALH"], bad], out, keys=[KEY])
    assert not out.exists()


def test_xls_and_garbage_get_a_chinese_message(tmp_path: Path) -> None:
    old = tmp_path / "旧格式.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(DomainError, match="旧格式.xls.*另存为") as caught:
        merge_workbooks([old], tmp_path / "out.xlsx", keys=[KEY])
    junk = tmp_path / "乱码.xlsx"
    junk.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DomainError, match="乱码.xlsx.*不是有效的 Excel 工作簿") as caught_junk:
        merge_workbooks([junk], tmp_path / "out.xlsx", keys=[KEY])
    for exc in (caught.value, caught_junk.value):
        # No English library text (zipfile's "File is not a zip file" and the like) reaches the clerk.
        words = set(re.findall(r"[A-Za-z]{3,}", str(exc))) - {"xls", "xlsx", "Excel", "WPS"}
        assert not words, words


def _merged_with_post(offices: dict[str, Path], tmp_path: Path, post: str) -> tuple[str, Path]:
    """Give the first worker ``post``, export, merge the export alone: (her record id, the merged file)."""
    db = _copy(offices, "ALH", tmp_path)
    with db.write() as s:
        w = _first_worker(s)
        # A plain UPDATE, as text stored by an older version: the program now refuses control characters.
        s.execute(update(Worker).where(Worker.id == w.id).values(post=post))
        uid = w.uid
    out = tmp_path / "post.xlsx"
    _export(db, out)
    db.close()
    merged = tmp_path / "m.xlsx"
    merge_workbooks([out], merged, keys=[KEY])  # the signature holds: the text reads back as written
    return uid, merged


def test_characters_xml_cannot_hold_do_not_break_the_merge(offices: dict[str, Path], tmp_path: Path) -> None:
    uid, merged = _merged_with_post(offices, tmp_path, "伐木\ufffe工\uffff\x07")
    post_at = 2 + fmt.ROSTER.titles.index("岗位")
    row = next(r for r in _sheet_rows(merged, "职工名册") if r[-1] == uid)
    assert row[post_at] == "伐木工"


def test_roster_from_latest_export_protection_from_latest_period_end(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    full_year = tmp_path / "全年.xlsx"
    _export(db, full_year, now=datetime(2026, 12, 1, 9, 0))
    # Later a worker leaves and the office re-exports the first half-year (a correction). The roster is the
    # state at export, so the newer file's wins; its 四期保护 describes June 30, so the year's stays.
    with db.write() as s:
        w = _first_worker(s)
        w.archived_at = datetime(2026, 12, 1, 10, 0)
    first_half = tmp_path / "上半年重报.xlsx"
    _export(db, first_half, Period(date(2026, 1, 1), date(2026, 6, 30)), now=datetime(2026, 12, 2, 9, 0))
    db.close()
    merged = tmp_path / "m.xlsx"
    merge_workbooks([first_half, full_year], merged, keys=[KEY])
    assert [r[2:] for r in _sheet_rows(merged, "职工名册")] == _sheet_rows(first_half, "职工名册")
    assert len(_sheet_rows(first_half, "职工名册")) == len(_sheet_rows(full_year, "职工名册")) - 1
    assert [r[2:] for r in _sheet_rows(merged, "四期保护")] == _sheet_rows(full_year, "四期保护")
    # Period rows: the later export wins its own half-year; the year's second half stays.
    date_at = fmt.VISITS.titles.index(fmt.PERIOD_DATE)
    expected = len(_sheet_rows(first_half, "慰问记录")) + len(
        [r for r in _sheet_rows(full_year, "慰问记录") if r[date_at] >= datetime(2026, 7, 1)]
    )
    assert len(_sheet_rows(merged, "慰问记录")) == expected
    outcome = {r[0]: r[-1] for r in _sheet_rows(merged, "来源文件")}
    assert "四期保护状态取自统计期末更晚的“全年.xlsx”" in outcome[first_half.name]


def test_result_does_not_depend_on_argument_order(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "GH", tmp_path)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    same_second = datetime(2026, 12, 1, 9, 0)
    _export(db, a, Period(date(2026, 1, 1), date(2026, 9, 30)), now=same_second)
    _export(db, b, YEAR, now=same_second)
    db.close()
    merge_workbooks([a, b], tmp_path / "ab.xlsx", keys=[KEY])
    merge_workbooks([b, a], tmp_path / "ba.xlsx", keys=[KEY])
    for title in ("职工名册", "慰问记录", "体检筛查", fmt.SUMMARY_SHEET):
        assert _sheet_rows(tmp_path / "ab.xlsx", title) == _sheet_rows(tmp_path / "ba.xlsx", title), title


def _all_cells(path: Path) -> list[str]:
    wb = load_workbook(path, read_only=True)
    try:
        return [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        wb.close()


def test_masked_export_holds_no_full_id_number(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    with db.write() as s:
        numbers = set(s.scalars(select(Worker.id_number)))
        w = _first_worker(s)
        w.notes = w.post = f"原身份证{w.id_number}已换领"  # a clerk's note with the number in it
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    _export(db, masked)
    _export(db, full, full_ids=True, reason="测试")
    db.close()
    long_digits = re.compile(r"\d{17}[\dXx]")
    cells = _all_cells(masked)
    assert not [c for c in cells if c in numbers or long_digits.search(c)]
    assert any(re.fullmatch(r"\d{6}\*{11}[\dX]", c) for c in cells)
    full_cells = _all_cells(full)
    assert numbers & set(full_cells)
    assert fmt.IDS_FULL in full_cells and fmt.IDS_MASKED in cells
    # Bank accounts never leave in full, whatever was asked.
    account_at = fmt.HARDSHIP.titles.index("银行账号")
    accounts = [r[account_at] for r in _sheet_rows(full, "困难职工档案") if r[account_at]]
    assert accounts and all(str(a).startswith("****") for a in accounts)


def test_fingerprints_match_across_offices_and_conflict_is_listed(exported: dict[str, Path], tmp_path: Path) -> None:
    fp = fmt.fingerprint(_valid(SHARED_ID[:17]), KEY)
    assert len(fp) == 16
    at = fmt.ROSTER.titles.index(fmt.FINGERPRINT)
    for code in ("ALH", "GH"):
        assert fp in {r[at] for r in _sheet_rows(exported[code], "职工名册")}
    merged = tmp_path / "group.xlsx"
    merge_workbooks([exported["ALH"], exported["GH"]], merged, keys=[KEY])
    conflicts = _sheet_rows(merged, fmt.CONFLICT_SHEET)
    hits = [c for c in conflicts if c[1] == fp]
    assert len(hits) == 1
    assert hits[0][0] == "同一人在两个单位" and {hits[0][3], hits[0][5]} == {"ALH", "GH"}


def test_no_key_no_fingerprint(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    with db.write() as s:
        office.save_group_key(s, "", actor="test")
    out = tmp_path / "nokey.xlsx"
    _export(db, out)
    db.close()
    for area in fmt.AREA_SHEETS:
        if fmt.FINGERPRINT in area.titles:
            at = area.titles.index(fmt.FINGERPRINT)
            assert all(r[at] is None for r in _sheet_rows(out, area.title))
    assert "未设置集团密钥，无指纹" in _all_cells(out)


def test_formula_like_text_stays_text(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    with db.write() as s:
        w = _first_worker(s)
        w.post = '=HYPERLINK("http://x","点我")'
        uid = w.uid
    out = tmp_path / "f.xlsx"
    _export(db, out)
    db.close()
    ws = load_workbook(out)["职工名册"]
    post_col = fmt.ROSTER.titles.index("岗位") + 1
    cell = next(
        ws.cell(row=r, column=post_col)
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=ws.max_column).value == uid
    )
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    merged = tmp_path / "m.xlsx"
    merge_workbooks([out], merged, keys=[KEY])  # the signature holds for guarded text too
    ws = load_workbook(merged)["职工名册"]
    values = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == '=HYPERLINK("http://x","点我")']
    assert values and all(c.data_type == "s" for c in values)


def test_workbook_says_who_when_and_version(exported: dict[str, Path]) -> None:
    import desktop

    info = dict((r[0], r[1]) for r in _sheet_rows(exported["ALH"], fmt.INFO_SHEET))
    assert info[fmt.INFO_OFFICE_CODE] == "ALH" and info[fmt.INFO_PERIOD_FROM] == "2026-01-01"
    assert info[fmt.INFO_PROGRAM] == f"union-desk {desktop.__version__}"
    assert re.fullmatch(r"[0-9a-f]{64}", info[fmt.INFO_SIGNATURE])
    assert int(info[f"{fmt.INFO_ROWS_PREFIX}职工名册"]) == len(_sheet_rows(exported["ALH"], "职工名册"))
    assert load_workbook(exported["ALH"], read_only=True).properties.creator == f"union-desk {desktop.__version__}"


def test_cli_export_and_merge(offices: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _copy(offices, "GH", tmp_path)
    db.close()
    out = tmp_path / "gh.xlsx"
    assert (
        main(
            [
                "export",
                "--db",
                str(tmp_path / "GH.sqlite"),
                "--out",
                str(out),
                "--from",
                "2026-01-01",
                "--to",
                "2026-06-30",
            ]
        )
        == 0
    )
    assert "2026-01-01–2026-06-30" in capsys.readouterr().out
    merged = tmp_path / "m.xlsx"
    assert main(["merge", "--db", str(tmp_path / "GH.sqlite"), "--out", str(merged), str(out), str(out)]) == 0
    assert "只计一次" in capsys.readouterr().out
    assert main(["merge", "--out", str(tmp_path / "x.xlsx"), str(tmp_path / "none.xlsx")]) == 1
    assert "none.xlsx" in capsys.readouterr().err
    assert (
        main(
            ["export", "--db", str(tmp_path / "GH.sqlite"), "--out", str(out), "--year", "2026", "--from", "2026-01-01"]
        )
        == 1
    )


def test_format_page_names_every_sheet_and_column() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "hq-workbook.md").read_text(encoding="utf-8")
    for area in fmt.AREA_SHEETS:
        section = doc.split(f"### {area.title} —", 1)
        assert len(section) == 2, area.title
        body = section[1].split("###", 1)[0]
        for title in area.titles:
            assert f"| {title} |" in body, (area.title, title)


@pytest.mark.parametrize(
    ("sheet", "column", "value"),
    [
        ("品牌活动", "报名人数", date(2026, 3, 5)),
        ("慰问记录", "慰问金（元）", "五百"),
        ("荣誉", "年度", "二〇二六"),
    ],
)
def test_hand_edited_numbers_are_refused_not_a_crash(
    exported: dict[str, Path], tmp_path: Path, sheet: str, column: str, value: object
) -> None:
    col = fmt.AREA_BY_TITLE[sheet].titles.index(column) + 1

    def edit(wb: object) -> None:
        wb[sheet].cell(row=2, column=col).value = value  # type: ignore[index]

    bad = _edited(exported["ALH"], tmp_path / "改数.xlsx", edit)
    with pytest.raises(DomainError, match="改数.xlsx.*签名不符"):
        merge_workbooks([bad], tmp_path / "out.xlsx", keys=[KEY])


def test_escape_like_text_round_trips(offices: dict[str, Path], tmp_path: Path) -> None:
    uid, merged = _merged_with_post(offices, tmp_path, "含_x0041_字样")
    # Read as Excel and LibreOffice do (openpyxl leaves _x005F_ escapes in inline strings undecoded).
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(merged)).get_sheet_by_name("职工名册").to_python()
    post_at = 2 + fmt.ROSTER.titles.index("岗位")
    assert next(r for r in rows if r[-1] == uid)[post_at] == "含_x0041_字样"


def test_stray_far_cell_in_a_sent_workbook_is_named_not_loaded(exported: dict[str, Path], tmp_path: Path) -> None:
    def stray(wb: object) -> None:
        wb["慰问记录"]["Y1048576"] = "x"  # type: ignore[index]

    bad = _edited(exported["GH"], tmp_path / "远处.xlsx", stray)
    with pytest.raises(DomainError, match="远处.xlsx.*慰问记录.*表格范围过大"):
        merge_workbooks([exported["ALH"], bad], tmp_path / "out.xlsx", keys=[KEY])


def _header(path: Path, title: str) -> tuple[object, ...]:
    wb = load_workbook(path, read_only=True)
    try:
        return next(wb[title].iter_rows(max_row=1, values_only=True))
    finally:
        wb.close()


def test_serials_first_and_uids_last_in_export_and_merge(
    offices: dict[str, Path], exported: dict[str, Path], tmp_path: Path
) -> None:
    """#17 item 3: a clerk names a record by its serial, so a sheet of numbered records starts with it; the
    internal uid is for the merge only and sits last. In the merge the serial follows the office columns (a
    serial is per office: 慰2026-0001 exists in both)."""
    from db.models_activities import Activity, Honour
    from db.models_condolences import CondolenceVisit, HardshipFile

    numbered = {
        fmt.VISITS.title: CondolenceVisit,
        fmt.HARDSHIP.title: HardshipFile,
        fmt.ACTIVITIES.title: Activity,
        fmt.HONOURS.title: Honour,
    }
    assert {a.title for a in fmt.AREA_SHEETS if a.numbered} == set(numbered)
    serial_of: dict[str, str] = {}
    for code in offices:
        (tmp_path / "db").mkdir(exist_ok=True)  # the exported fixture's copies are in tmp_path itself
        db = _copy(offices, code, tmp_path / "db")
        with db.read() as s:
            for model in numbered.values():
                serial_of.update({uid: serial for uid, serial in s.execute(select(model.uid, model.serial))})
        db.close()
    merged = tmp_path / "group.xlsx"
    merge_workbooks([exported["ALH"], exported["GH"]], merged, keys=[KEY])
    for area in fmt.AREA_SHEETS:
        for path, lead in ((exported["ALH"], ()), (exported["GH"], ()), (merged, ("上报单位代码", fmt.OFFICE_COLUMN))):
            header = _header(path, area.title)
            assert header[-1] == fmt.RECORD_ID == "全局标识（集团汇总用）", (path.name, area.title)
            assert "记录编号" not in header
            rows = _sheet_rows(path, area.title)
            assert all(re.fullmatch(r"(ALH|GH)-\S+", str(r[-1])) for r in rows), area.title
            if area.title not in numbered:
                assert fmt.SERIAL not in header
                continue
            assert header[: len(lead) + 1] == (*lead, fmt.SERIAL), (path.name, area.title)
            assert rows, area.title
            for r in rows:
                assert r[len(lead)] == serial_of[str(r[-1])], (area.title, r[-1])
                assert re.fullmatch(r"[慰帮活证]20\d\d-\d{3,4}", str(r[len(lead)])), r[len(lead)]
    # Serials repeat across offices; the office column tells them apart, the uids never repeat.
    visits = _sheet_rows(merged, fmt.VISITS.title)
    alh = {r[2] for r in visits if r[0] == "ALH"}
    gh = {r[2] for r in visits if r[0] == "GH"}
    assert alh & gh
    assert len({(r[0], r[2]) for r in visits}) == len(visits) == len({r[-1] for r in visits})
