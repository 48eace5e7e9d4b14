"""The #19 areas in the HQ workbook: 专项合同履行, 特种病保险, 维权诉求汇总, 职工需求 — export, merge, forgery, empty
areas."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from db.models import Worker
from db.models_contracts import SpecialContract
from db.models_insurance import InsuranceClaim, InsuranceEnrolment
from db.models_rights import RightsRequest
from db.models_surveys import SurveyNeed
from desktop.core.errors import DomainError, PermissionDenied
from desktop.reports.hq import format as fmt
from desktop.services import office
from desktop.services.accounts import create_first_admin
from desktop.services.database import Database
from desktop.services.demo import create_demo
from desktop.services.hq.export import Period, export_hq_workbook
from desktop.services.hq.merge import merge_workbooks
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, open_signed, sign_in_as

TODAY = date(2026, 11, 20)
YEAR = Period.year(2026)
KEY = "group-key-for-special-areas"
NEW = (fmt.CONTRACT_CHECK, fmt.INSURANCE, fmt.RIGHTS, fmt.NEEDS)
NOW = datetime(2026, 12, 1, 9, 0)


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two demo offices with all three areas (a contract in force, enrolments and claims, requests)."""
    base = tmp_path_factory.mktemp("hq19")
    paths: dict[str, Path] = {}
    for code, name, seed in (("ALH", "阿里河森工公司工会", 1), ("GH", "甘河林业局工会", 2)):
        path = base / f"{code}.sqlite"
        db = open_signed(path)
        create_first_admin(db, ADMIN_USER, ADMIN_PASSWORD)
        create_demo(db, workers=80, seed=seed, office_code=code, office_name=name, today=TODAY)
        with db.write() as s:
            office.save_group_key(s, KEY, actor="test")
        db.close()
        paths[code] = path
    return paths


def _copy(offices: dict[str, Path], code: str, tmp_path: Path) -> Database:
    target = tmp_path / f"{code}.sqlite"
    shutil.copyfile(offices[code], target)
    return open_signed(target)


@pytest.fixture(scope="module")
def exported(offices: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hq19-out")
    out: dict[str, Path] = {}
    for code in offices:
        db = _copy(offices, code, base)
        out[code] = base / f"{code}.xlsx"
        export_hq_workbook(db, out[code], YEAR, now=NOW)
        db.close()
    return out


def _rows(path: Path, title: str) -> list[tuple[object, ...]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[title].iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()


def _col(area: fmt.AreaSheet, title: str, *, merged: bool = False) -> int:
    return area.titles.index(title) + (2 if merged else 0)


def test_export_carries_the_three_sheets_with_figures_from_the_data(
    offices: dict[str, Path], exported: dict[str, Path]
) -> None:
    path = exported["ALH"]
    db = open_signed(offices["ALH"])
    try:
        with db.read() as s:
            claimed_fen = s.scalar(
                select(func.sum(InsuranceClaim.claimed_fen)).where(
                    InsuranceClaim.archived_at.is_(None), InsuranceClaim.diagnosis_date.between(YEAR.start, YEAR.end)
                )
            )
            premium_fen = s.scalar(
                select(func.sum(InsuranceEnrolment.premium_fen)).where(
                    InsuranceEnrolment.archived_at.is_(None),
                    InsuranceEnrolment.coverage_start.between(YEAR.start, YEAR.end),
                )
            )
            requests = s.scalar(
                select(func.count())
                .select_from(RightsRequest)
                .where(RightsRequest.archived_at.is_(None), RightsRequest.received_on.between(YEAR.start, YEAR.end))
            )
            names = {n for n in s.scalars(select(Worker.name)) if len(n) >= 2}
    finally:
        db.close()
    assert claimed_fen and premium_fen and requests  # the demo has all three areas

    wb = load_workbook(path)
    info = {r[0]: r[1] for r in wb[fmt.INFO_SHEET].iter_rows(min_row=2, values_only=True)}
    for area in NEW:
        ws = wb[area.title]
        assert [c.value for c in ws[1]] == list(area.titles)
        assert int(info[f"{fmt.INFO_ROWS_PREFIX}{area.title}"]) == ws.max_row - 1 > 0
        assert ws.freeze_panes == "A2"
        for i, col in enumerate(area.columns):  # widths as the format says (the record id's 46, money 14)
            letter = ws.cell(row=1, column=i + 1).column_letter
            assert ws.column_dimensions[letter].width >= (col.width or 8) - 0.01, (area.title, col.title)
        for col_no, col in enumerate(area.columns, 1):
            for (cell,) in ws.iter_rows(min_row=2, min_col=col_no, max_col=col_no):
                if col.kind == "money" and cell.value is not None:
                    assert cell.number_format == "0.00", (area.title, col.title)
                if col.kind == "date" and cell.value is not None:
                    assert cell.number_format == "yyyy-mm-dd"
    wb.close()

    contract = _rows(path, fmt.CONTRACT_CHECK.title)
    verdicts = {r[_col(fmt.CONTRACT_CHECK, "结论")] for r in contract}
    assert verdicts <= {"已履行", "未达到", "无数据", "须人工核查"}
    assert all(r[_col(fmt.CONTRACT_CHECK, "检查年度")] == 2026 for r in contract)

    insurance = _rows(path, fmt.INSURANCE.title)
    money = lambda title: sum(Decimal(str(r[_col(fmt.INSURANCE, title)] or 0)) for r in insurance)  # noqa: E731
    assert money("申请金额（元）") == Decimal(claimed_fen) / 100  # yuan with two decimals, from fen
    assert money("缴费合计（元）") == Decimal(premium_fen) / 100
    assert money("缴费合计（元）") == money("工会缴纳（元）") + money("个人缴纳（元）") + money("共同缴纳（元）")

    rights = _rows(path, fmt.RIGHTS.title)
    assert sum(r[_col(fmt.RIGHTS, "受理件数")] for r in rights) == requests  # type: ignore[misc]
    stages = [_col(fmt.RIGHTS, t) for t in ("预防", "调解", "仲裁", "诉讼")]
    assert all(sum(r[i] for i in stages) == r[_col(fmt.RIGHTS, "受理件数")] for r in rights)  # type: ignore[misc]

    # Figures, not people: no name, no ID number, no uid of a person in the insurance and rights sheets.
    for area in (fmt.INSURANCE, fmt.RIGHTS):
        assert not {"姓名", "身份证号", "身份指纹", "职工记录编号"} & set(area.titles)
        texts = {str(v) for r in _rows(path, area.title) for v in r if isinstance(v, str)}
        assert not any(n in t for n in names for t in texts), area.title

    own = {(r[0], r[1]): r[2] for r in _rows(path, fmt.SUMMARY_SHEET)}
    assert own[("特种病保险", "合计·申请金额")] == float(Decimal(claimed_fen) / 100)
    assert own[("维权诉求", "合计·受理件数")] == requests
    assert own[("专项集体合同", "条款·合计")] == len(contract)


def test_merge_of_two_offices_sums_per_office_and_group(exported: dict[str, Path], tmp_path: Path) -> None:
    merged = tmp_path / "group.xlsx"
    result = merge_workbooks([exported["ALH"], exported["GH"]], merged, keys=[KEY])
    for area in NEW:
        own = {c: _rows(exported[c], area.title) for c in ("ALH", "GH")}
        rows = _rows(merged, area.title)
        assert len(rows) == result.rows[area.title] == sum(len(v) for v in own.values())
        for code in ("ALH", "GH"):  # each office's rows under its own code, unchanged
            assert [r[2:] for r in rows if r[0] == code] == own[code]
    summary = {(r[0], r[1]): r[3:] for r in _rows(merged, fmt.SUMMARY_SHEET)}
    header = next(load_workbook(merged, read_only=True)[fmt.SUMMARY_SHEET].iter_rows(max_row=1, values_only=True))
    assert header[-1] == "集团合计" and "ALH" in str(header[3]) and "GH" in str(header[4])
    for key in (
        ("特种病保险", "合计·申请金额"),
        ("特种病保险", "参保人次"),
        ("维权诉求", "合计·受理件数"),
        ("专项集体合同", "条款·合计"),
        ("职工需求", "合计·收集件数"),
    ):
        alh, gh, group = summary[key]
        assert alh and gh and Decimal(str(group)) == Decimal(str(alh)) + Decimal(str(gh)), key
    pleased, asked = summary[("维权诉求", "合计·满意或基本满意")][2], summary[("维权诉求", "合计·已回访")][2]
    rate = summary[("维权诉求", "合计·满意率")][2]
    assert Decimal(str(rate)) == (Decimal(pleased) * 100 / Decimal(asked)).quantize(Decimal("0.1"))  # type: ignore[arg-type]
    # The contract check stays per office: each row names its office and that office's contract.
    contract = _rows(merged, fmt.CONTRACT_CHECK.title)
    at = _col(fmt.CONTRACT_CHECK, "合同名称", merged=True)
    assert {r[0] for r in contract} == {"ALH", "GH"}
    by_office = {code: {r[at] for r in contract if r[0] == code} for code in ("ALH", "GH")}
    assert all(len(names) == 1 for names in by_office.values())
    assert by_office["ALH"] != by_office["GH"]


def _edited(src: Path, dst: Path, sheet: str, column: str, value: object) -> Path:
    """``src`` with the first filled cell of ``column`` on ``sheet`` changed to ``value``."""
    wb = load_workbook(src)
    ws = wb[sheet]
    col = fmt.AREA_BY_TITLE[sheet].titles.index(column) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value is not None)
    assert ws.cell(row=row, column=col).value != value
    ws.cell(row=row, column=col).value = value
    wb.save(dst)
    return dst


@pytest.mark.parametrize(
    ("sheet", "column", "value"),
    [
        ("专项合同履行", "结论", "全部履行"),
        ("专项合同履行", "实际达到", 9999),
        ("特种病保险", "申请件数", 7),
        ("特种病保险", "缴费合计（元）", 1.5),
        ("维权诉求汇总", "受理件数", 99),
        ("维权诉求汇总", "诉求类别", "其他"),
        ("职工需求", "收集件数", 99),
        ("职工需求", "已回访", 0),
    ],
)
def test_a_forged_cell_in_a_new_sheet_is_refused(
    exported: dict[str, Path], tmp_path: Path, sheet: str, column: str, value: object
) -> None:
    bad = _edited(exported["ALH"], tmp_path / "改过.xlsx", sheet, column, value)
    out = tmp_path / "group.xlsx"
    with pytest.raises(DomainError, match="改过.xlsx.*签名不符"):
        merge_workbooks([exported["GH"], bad], out, keys=[KEY])
    assert not out.exists()


def test_a_row_deleted_from_a_new_sheet_is_refused(exported: dict[str, Path], tmp_path: Path) -> None:
    wb = load_workbook(exported["GH"])
    wb[fmt.RIGHTS.title].delete_rows(2)
    bad = tmp_path / "少一行.xlsx"
    wb.save(bad)
    with pytest.raises(DomainError, match="少一行.xlsx.*维权诉求汇总"):
        merge_workbooks([bad], tmp_path / "out.xlsx", keys=[KEY])


def test_office_with_no_data_in_the_areas_exports_headers_and_merges(
    offices: dict[str, Path], exported: dict[str, Path], tmp_path: Path
) -> None:
    db = _copy(offices, "GH", tmp_path)
    gone = datetime(2026, 1, 1)
    with db.write() as s:
        for model in (SpecialContract, InsuranceClaim, InsuranceEnrolment, RightsRequest, SurveyNeed):
            s.execute(update(model).values(archived_at=gone))
    empty = tmp_path / "GH-empty.xlsx"
    counts = export_hq_workbook(db, empty, YEAR, now=NOW)
    db.close()
    wb = load_workbook(empty, read_only=True)
    for area in NEW:
        assert counts[area.title] == 0
        rows = list(wb[area.title].iter_rows(values_only=True))
        assert rows == [area.titles]  # headers only
    wb.close()
    own = {(r[0], r[1]) for r in _rows(empty, fmt.SUMMARY_SHEET)}
    assert not any(cat in ("专项集体合同", "特种病保险", "维权诉求") for cat, _ in own)

    merged = tmp_path / "group.xlsx"
    result = merge_workbooks([exported["ALH"], empty], merged, keys=[KEY])
    assert result.offices == ["ALH", "GH"]
    for area in NEW:
        rows = _rows(merged, area.title)
        assert rows and {r[0] for r in rows} == {"ALH"}
    summary = {(r[0], r[1]): r[3:] for r in _rows(merged, fmt.SUMMARY_SHEET)}
    alh, gh, group = summary[("维权诉求", "合计·受理件数")]
    assert gh == 0 and group == alh


def test_halves_of_a_year_add_up_and_a_reexport_replaces_its_half(
    offices: dict[str, Path], exported: dict[str, Path], tmp_path: Path
) -> None:
    db = _copy(offices, "ALH", tmp_path)
    h1, h2 = tmp_path / "h1.xlsx", tmp_path / "h2.xlsx"
    export_hq_workbook(db, h1, Period(date(2026, 1, 1), date(2026, 6, 30)), now=datetime(2026, 7, 2, 9))
    export_hq_workbook(db, h2, Period(date(2026, 7, 1), date(2026, 12, 31)), now=datetime(2026, 12, 1, 9))
    h1_again = tmp_path / "h1-again.xlsx"
    export_hq_workbook(db, h1_again, Period(date(2026, 1, 1), date(2026, 6, 30)), now=datetime(2026, 12, 2, 9))
    db.close()
    merged = tmp_path / "halves.xlsx"
    merge_workbooks([h1, h2, h1_again], merged, keys=[KEY])
    whole = {(r[0], r[1]): r[2] for r in _rows(exported["ALH"], fmt.SUMMARY_SHEET)}
    halves = {(r[0], r[1]): r[-1] for r in _rows(merged, fmt.SUMMARY_SHEET)}
    for key in (("特种病保险", "参保人次"), ("特种病保险", "合计·申请金额"), ("维权诉求", "合计·受理件数")):
        assert halves[key] == whole[key], key
    ids = [r[-1] for r in _rows(merged, fmt.RIGHTS.title)]
    assert len(ids) == len(set(ids))  # the first half's rows counted once, from the later re-export


def test_an_account_that_may_not_see_rights_leaves_the_summary_out(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "GH", tmp_path)
    sign_in_as(db, "clerk")
    out = tmp_path / "clerk.xlsx"
    counts = export_hq_workbook(db, out, YEAR, now=NOW)
    assert fmt.RIGHTS.title not in counts and fmt.INSURANCE.title in counts
    assert fmt.RIGHTS.title not in load_workbook(out, read_only=True).sheetnames
    with pytest.raises(PermissionDenied, match="维权诉求"):
        export_hq_workbook(db, tmp_path / "x.xlsx", YEAR, areas=[fmt.RIGHTS.title], now=NOW)
    db.close()
    merge_workbooks([out], tmp_path / "m.xlsx", keys=[KEY])  # a workbook without the sheet still merges


def test_a_period_over_two_years_checks_each_year(offices: dict[str, Path], tmp_path: Path) -> None:
    db = _copy(offices, "ALH", tmp_path)
    out = tmp_path / "two-years.xlsx"
    export_hq_workbook(db, out, Period(date(2025, 7, 1), date(2026, 6, 30)), now=NOW)
    db.close()
    for area in NEW:
        ids = [r[-1] for r in _rows(out, area.title)]
        assert len(ids) == len(set(ids)), area.title
    for area in (fmt.RIGHTS, fmt.INSURANCE):
        for row in _rows(out, area.title):
            start, end = row[_col(area, "统计起")], row[_col(area, fmt.PERIOD_DATE)]
            assert start.year == end.year == row[_col(area, "年度")]  # type: ignore[union-attr]
            assert start.date() >= date(2025, 7, 1) and end.date() <= date(2026, 6, 30)  # type: ignore[union-attr]


@pytest.mark.parametrize("sheet", [a.title for a in NEW])
def test_a_stray_far_cell_on_a_new_sheet_is_named_not_loaded(
    exported: dict[str, Path], tmp_path: Path, sheet: str
) -> None:
    wb = load_workbook(exported["GH"])
    wb[sheet]["Z1048576"] = "x"  # the budgets (workbook_guard) apply to these sheets as to the others
    bad = tmp_path / "远处.xlsx"
    wb.save(bad)
    with pytest.raises(DomainError, match=f"远处.xlsx.*{sheet}.*表格范围过大"):
        merge_workbooks([exported["ALH"], bad], tmp_path / "out.xlsx", keys=[KEY])


def test_needs_sheet_counts_each_category_by_step_and_names_nobody(
    offices: dict[str, Path], exported: dict[str, Path]
) -> None:
    db = open_signed(offices["ALH"])
    try:
        with db.read() as s:
            needs = s.execute(
                select(SurveyNeed.category, SurveyNeed.status, SurveyNeed.need).where(
                    SurveyNeed.archived_at.is_(None), SurveyNeed.collected_on.between(YEAR.start, YEAR.end)
                )
            ).all()
            names = {n for n in s.scalars(select(Worker.name)) if len(n) >= 2}
    finally:
        db.close()
    assert needs  # the demo's needs list
    expected: dict[str, list[int]] = {}
    for category, status, _text in needs:  # counted here row by row, against the sheet's grouped query
        e = expected.setdefault(fmt_category(category), [0, 0, 0, 0])
        e[0] += 1
        e[1 + ("collected", "handling", "revisited").index(status)] += 1
    rows = _rows(exported["ALH"], fmt.NEEDS.title)
    cols = [_col(fmt.NEEDS, t) for t in ("收集件数", "待办理（收集）", "办理中", "已回访")]
    assert {r[_col(fmt.NEEDS, "需求类别")]: [r[i] for i in cols] for r in rows} == expected
    assert all(r[_col(fmt.NEEDS, "年度")] == 2026 for r in rows)
    texts = {v for r in rows for v in r if isinstance(v, str)}
    assert not {"姓名", "身份证号", "需求内容"} & set(fmt.NEEDS.titles)
    assert not any(n in t for n in names | {text for _c, _s, text in needs} for t in texts)
    own = {(r[0], r[1]): r[2] for r in _rows(exported["ALH"], fmt.SUMMARY_SHEET)}
    assert own[("职工需求", "合计·收集件数")] == len(needs)
    assert own[("职工需求", "合计·已回访")] == sum(1 for _c, s, _t in needs if s == "revisited")


def fmt_category(code: str) -> str:
    from desktop.core.surveys import NEED_CATEGORIES

    return NEED_CATEGORIES[code]
