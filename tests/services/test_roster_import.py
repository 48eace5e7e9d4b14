"""Roster import: the real HR sample, all-or-nothing checks, updates instead of duplicates, cancelling."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.models import AuditEntry, Unit, Worker
from desktop.core.idcard import check_char
from desktop.core.progress import Cancelled, Job
from desktop.reports.roster.template_xlsx import write_roster_template
from desktop.services import office
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.importing import import_roster

TODAY = date(2026, 11, 23)
HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "身份证号",
    "所属单位",
    "岗位",
    "联系电话",
    "入职日期",
    "用工形式",
    "是否工会会员",
    "入会日期",
    "备注",
]
ZHANG = "150785198503120022"  # domain.md §6: female, 1985-03-12
WANG = "150782199007071132"  # male, 1990-07-07
LI = "15078519920815008X"  # female, 1992-08-15


def make_id(birth: date, seq: int) -> str:
    first = f"150785{birth:%Y%m%d}{seq:03d}"
    return first + check_char(first)


def write_xlsx(path: Path, header: list[str], rows: list[list[object]], *, above: list[list[object]] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    for row in above:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def row(name: str, id_number: object, unit: str = "甘河林场", **kw: object) -> list[object]:
    values = {
        "序号": 1,
        "姓名": name,
        "性别": None,
        "民族": "汉族",
        "身份证号": id_number,
        "所属单位": unit,
        "岗位": "营林工",
        "联系电话": "13912345678",
        "入职日期": "2005-07-01",
        "用工形式": "在岗",
        "是否工会会员": "是",
        "入会日期": None,
        "备注": None,
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def worker_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Worker)) or 0)


def unit_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Unit)) or 0)


def rows_by_name(db: Database) -> dict[str, workers.WorkerRow]:
    with db.read() as s:
        return {r.name: r for r in workers.fetch_rows(s, workers.worker_ids(s, workers.WorkerFilter()))}


# --- the real sample ---------------------------------------------------------------------------------


def test_sample_imports_completely_with_create_units(office_db: Database, sample_roster: Path) -> None:
    report = import_roster(office_db, sample_roster, create_units=True, today=TODAY)
    assert report.ok, report.text()
    assert (report.new, report.updated, report.unchanged) == (30, 0, 0)
    assert report.header_row == 3 and report.rows_read == 30 and report.footer_row == 36
    assert sorted(report.created_units) == [
        "阿里河森工公司/工会办公室",
        "阿里河森工公司/森林管护站",
        "阿里河森工公司/阿里河林场",
    ]
    assert report.summary() == (
        "导入完成：新增 30 人，更新 0 人，新建单位 3 个\n"
        "新建的单位：阿里河森工公司/阿里河林场、阿里河森工公司/工会办公室、阿里河森工公司/森林管护站"
    )
    assert report.unplaced_headers == []
    people = rows_by_name(office_db)
    assert len(people) == 30
    # Alignment padding goes, the minority-name dot stays, the lowercase x check character is upper-cased.
    assert {"张丽", "李娜", "刘洋", "阿拉坦·巴根", "杜拉尔·敖娜"} <= set(people)
    zhang = people["张丽"]
    assert zhang.id_number == "15072319931109112X" and zhang.sex == "F" and zhang.unit_name == "营林科"
    assert zhang.hire_date == date(2018, 11, 1)  # "2018.11.01"
    assert people["王建国"].hire_date == date(2019, 7, 1)  # "2019年7月1日"
    assert people["王建国"].employment_type == "dispatched"
    assert people["其其格"].hire_date == date(2013, 3, 1)  # "2013/03/01"
    assert people["乌云其木格"].hire_date == date(2025, 7, 1)  # a real Excel date
    assert people["乌云其木格"].union_join_date == date(2026, 6, 11)
    assert people["李娜"].phone == "0470-3521234" and people["李娜"].unit_name == "阿里河林场"
    assert people["关秀英"].union_member is False and people["关秀英"].union_join_date is None
    assert people["关秀英"].ethnicity == "鄂伦春族"
    assert people["图雅"].employment_type == "retired"
    with office_db.read() as s:
        paths = {n.path for n in office.unit_tree(s)}
    assert "阿里河森工公司/森林管护站" in paths


def test_sample_into_empty_data_file_creates_every_unit_at_top(db: Database, sample_roster: Path) -> None:
    report = import_roster(db, sample_roster, create_units=True, today=TODAY)
    assert report.ok, report.text()
    assert report.new == 30
    assert sorted(report.created_units) == sorted(
        ["甘河林场", "营林科", "吉文林场", "阿里河林场", "财务科", "工会办公室", "森林管护站", "贮木场"]
    )
    with db.read() as s:
        assert all(n.parent_id is None for n in office.unit_tree(s))


def test_sample_without_create_units_names_unknown_units_and_writes_nothing(
    office_db: Database, sample_roster: Path
) -> None:
    units_before = unit_count(office_db)
    report = import_roster(office_db, sample_roster, today=TODAY)
    assert not report.ok
    assert report.missing_units == ["阿里河林场", "工会办公室", "森林管护站"]
    text = report.text()
    # Row numbers are the sheet's (header on row 3, a blank row 18): 李娜 is on row 11, 葛根塔娜 on row 26.
    assert "第11行 [所属单位]: 单位“阿里河林场”在程序中不存在" in text
    assert "第26行 [所属单位]: 单位“森林管护站”在程序中不存在" in text
    assert "程序中没有这些单位：阿里河林场、工会办公室、森林管护站" in text
    assert {p.row for p in report.problems} == {11, 13, 21, 23, 26, 28, 29, 30, 34}
    assert worker_count(office_db) == 0
    assert unit_count(office_db) == units_before


def test_importing_twice_updates_instead_of_duplicating(
    office_db: Database, sample_roster: Path, tmp_path: Path
) -> None:
    first = import_roster(office_db, sample_roster, create_units=True, today=TODAY)
    assert first.ok
    uids = {r.id_number: r.uid for r in rows_by_name(office_db).values()}
    second = import_roster(office_db, sample_roster, create_units=True, today=TODAY)
    assert second.ok, second.text()
    assert (second.new, second.updated, second.unchanged) == (0, 0, 30)
    assert second.created_units == []
    assert worker_count(office_db) == 30

    changed = write_xlsx(
        tmp_path / "changed.xlsx",
        HEADER,
        [
            row("孙桂兰", "150781198704116120", "财务科", 联系电话="13800000000", 岗位="出纳", 入职日期="2006-04-01"),
        ],
    )
    third = import_roster(office_db, changed, today=TODAY)
    assert third.ok, third.text()
    assert (third.new, third.updated, third.unchanged) == (0, 1, 0)
    sun = rows_by_name(office_db)["孙桂兰"]
    assert sun.phone == "13800000000" and sun.uid == uids[sun.id_number]
    with office_db.read() as s:
        history = [
            e
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == sun.id, AuditEntry.entity == "worker"))
        ]
        assert json.loads(history[-1].before) == {"phone": "13770934465"}
        assert json.loads(history[-1].after) == {"phone": "13800000000"}
        imports = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "import")))
    assert [json.loads(e.after)["new"] for e in imports] == [30, 0, 0]
    # One summary entry per import, not one per new worker.
    with office_db.read() as s:
        creates = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "worker", AuditEntry.action == "create")
        )
    assert creates == 0


# --- all or nothing ----------------------------------------------------------------------------------


def test_every_problem_is_listed_and_nothing_is_written(office_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        HEADER,
        [
            row("张丽", ZHANG),  # 2: fine
            row("王建国", "150782199007071133"),  # 3: check character
            row("李娜", LI, 入职日期="2019-02-30"),  # 4: 30 February
            row("刘洋", make_id(date(1981, 7, 11), 13), 联系电话="12345"),  # 5: phone
            row("赵晓梅", make_id(date(1975, 9, 12), 24), 用工形式="临时工"),  # 6: employment type
            row("孙桂兰", make_id(date(1987, 4, 11), 26), 性别="男"),  # 7: sex contradicts the ID
            row(None, make_id(date(1990, 1, 1), 28)),  # 8: no name
            row("吴春燕", 150785198503120000.0),  # 9: the ID became a number
            row("周海波", "1.50785E+17"),  # 10: scientific notation
            row("郑雪", ZHANG),  # 11: same ID as row 2
            row("白玉兰", make_id(date(1978, 9, 7), 42), 是否工会会员="可能"),  # 12: yes/no
            row("马秀芝", make_id(date(1997, 11, 10), 44), "不存在的林场"),  # 13: unit
        ],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    lines = report.text().splitlines()

    def line(n: int, column: str) -> str:
        hits = [x for x in lines if x.startswith(f"第{n}行 [{column}]: ")]
        assert hits, f"no problem for row {n} [{column}] in:\n" + "\n".join(lines)
        return hits[0]

    assert "校验位" in line(3, "身份证号")
    assert "2月30日" in line(4, "入职日期")
    assert "联系电话" in line(5, "联系电话")
    assert "临时工" in line(6, "用工形式")
    assert "第17位" in line(7, "性别")
    assert "姓名不能为空" in line(8, "姓名")
    assert "数字" in line(9, "身份证号")
    assert "科学计数法" in line(10, "身份证号")
    assert "第11行" in line(2, "身份证号") and "第2行" in line(11, "身份证号")
    assert "是" in line(12, "是否工会会员")
    assert "不存在的林场" in line(13, "所属单位")
    assert [p.row for p in report.problems] == sorted(p.row for p in report.problems)
    assert worker_count(office_db) == 0


def test_ids_that_excel_turned_into_numbers_are_caught(office_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "numbers.xlsx", HEADER, [row("张丽", 150785198503120022), row("王建国", WANG)])
    report = import_roster(office_db, path, today=TODAY)
    assert [p.line() for p in report.problems][0].startswith("第2行 [身份证号]: 身份证号被 Excel 存成了数字")
    assert worker_count(office_db) == 0


def test_formula_errors_are_named_not_read_as_blank(office_db: Database, tmp_path: Path) -> None:
    # A failed VLOOKUP shows #N/A; read as an empty cell it would silently keep the old phone number.
    assert import_roster(office_db, write_xlsx(tmp_path / "a.xlsx", HEADER, [row("张丽", ZHANG)]), today=TODAY).ok
    path = write_xlsx(
        tmp_path / "lookup.xlsx", HEADER, [row("张丽", ZHANG, 联系电话="#N/A"), row("王建国", WANG, 岗位="#REF!")]
    )
    report = import_roster(office_db, path, today=TODAY)
    lines = [p.line() for p in report.problems]
    assert lines == [
        "第2行 [联系电话]: 单元格显示公式错误“#N/A”，请改成实际内容（可复制后“选择性粘贴 → 数值”）",
        "第3行 [岗位]: 单元格显示公式错误“#REF!”，请改成实际内容（可复制后“选择性粘贴 → 数值”）",
    ]
    assert worker_count(office_db) == 1 and rows_by_name(office_db)["张丽"].phone == "13912345678"


# --- formats offices use -----------------------------------------------------------------------------


def test_date_styles_all_read_as_the_same_day(office_db: Database, tmp_path: Path) -> None:
    styles: list[object] = [date(2024, 3, 5), "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305"]
    path = write_xlsx(
        tmp_path / "dates.xlsx",
        HEADER,
        [
            row(name, make_id(date(1980, 1, 1 + i), 20 + 2 * i), 入职日期=style)
            for i, (name, style) in enumerate(zip(["甲", "乙", "丙", "丁", "戊", "己"], styles, strict=True))
        ],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok, report.text()
    assert {r.hire_date for r in rows_by_name(office_db).values()} == {date(2024, 3, 5)}


def test_header_variants_any_order_and_unplaced_headers_named(office_db: Database, tmp_path: Path) -> None:
    header = ["手机", "参加工作时间", "公民身份号码", "姓 名", "部门", "政治面貌", "序号", "工种", "工会会员"]
    path = write_xlsx(
        tmp_path / "variants.xlsx",
        header,
        [
            ["0470-3521234", "2019.03.01", LI, "李　娜", "甘河林场/一班", "群众", 1, "油锯手", "否"],
        ],
        above=[["甘河林场职工名单"], ["填报单位：甘河林场", None, None, "填报日期：2026年11月"]],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok, report.text()
    assert report.header_row == 3
    assert report.unplaced_headers == ["政治面貌"]
    assert "未能识别的列（未导入）：政治面貌" in report.text()
    li = rows_by_name(office_db)["李娜"]
    assert (li.phone, li.hire_date) == ("0470-3521234", date(2019, 3, 1))
    assert (li.post, li.union_member) == ("油锯手", False)
    assert li.unit_name == "甘河林场/一班" and li.employment_type == "active" and li.status == "on_roll"


def test_missing_required_column_is_reported(office_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "noid.xlsx", ["姓名", "所属单位", "岗位"], [["张丽", "甘河林场", "会计"]])
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    assert report.problems[0].line().startswith("第1行 [身份证号]: 表头中没有“身份证号”列")


def test_unit_paths_ambiguous_names_and_chain_creation(office_db: Database, tmp_path: Path) -> None:
    with office_db.write() as s:
        farm = next(n for n in office.unit_tree(s) if n.name == "吉文林场")
        office.add_unit(s, name="一班", parent_id=farm.id, kind="team", actor="t")
    path = write_xlsx(
        tmp_path / "units.xlsx",
        HEADER,
        [
            row("张丽", ZHANG, "一班"),  # two 一班 now: ambiguous
            row("王建国", WANG, "吉文林场/一班"),
            row("李娜", LI, "甘河林场/二班"),
        ],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert [p.row for p in report.problems] == [2, 4]
    assert "不唯一" in report.problems[0].message and "甘河林场/一班" in report.problems[0].message
    assert report.missing_units == ["甘河林场/二班"]
    path = write_xlsx(
        tmp_path / "units2.xlsx",
        HEADER,
        [
            row("张丽", ZHANG, "阿里河森工公司/甘河林场/一班"),
            row("王建国", WANG, "吉文林场/一班"),
            row("李娜", LI, "甘河林场/二班"),
            row("刘洋", make_id(date(1981, 7, 11), 13), "新林场/三班"),
        ],
    )
    report = import_roster(office_db, path, create_units=True, today=TODAY)
    assert report.ok, report.text()
    assert report.created_units == [
        "阿里河森工公司/甘河林场/二班",
        "阿里河森工公司/新林场",
        "阿里河森工公司/新林场/三班",
    ]
    with office_db.read() as s:
        kinds = {n.path: n.kind for n in office.unit_tree(s)}
    assert kinds["阿里河森工公司/新林场"] == "farm" and kinds["阿里河森工公司/新林场/三班"] == "team"


def test_archived_worker_is_not_silently_changed(office_db: Database, tmp_path: Path) -> None:
    with office_db.read() as s:
        unit_id = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
    with office_db.write() as s:
        draft = workers.WorkerDraft(name="张丽", id_number=ZHANG, unit_id=unit_id)
        w = workers.add_worker(s, draft, actor="t")
        workers.set_archived(s, [w.id], archived=True, actor="t")
    path = write_xlsx(tmp_path / "archived.xlsx", HEADER, [row("张丽", ZHANG, 联系电话="13800000000")])
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    assert "已归档" in report.problems[0].message and report.problems[0].row == 2


def test_blank_cells_do_not_erase_existing_values(office_db: Database, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "a.xlsx", HEADER, [row("张丽", ZHANG, 备注="长期病假", 用工形式="劳务派遣")])
    assert import_roster(office_db, first, today=TODAY).ok
    second = write_xlsx(tmp_path / "b.xlsx", ["姓名", "身份证号", "所属单位"], [["张丽", ZHANG, "营林科"]])
    report = import_roster(office_db, second, today=TODAY)
    assert (report.new, report.updated) == (0, 1)
    zhang = rows_by_name(office_db)["张丽"]
    assert (zhang.notes, zhang.employment_type, zhang.unit_name) == ("长期病假", "dispatched", "营林科")


def test_template_is_importable(office_db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    write_roster_template(path)
    wb = load_workbook(path)
    ws = wb["花名册"]
    ws.append(
        [
            "张丽",
            None,
            "汉族",
            ZHANG,
            "甘河林场",
            "会计",
            "在岗",
            "是",
            "2006-03-01",
            "13912345678",
            "2005-07-01",
            "2027-06-30",
            "在册",
            None,
        ]
    )
    wb.save(path)
    report = import_roster(office_db, path, today=TODAY)
    assert report.ok, report.text()
    assert report.new == 1
    assert rows_by_name(office_db)["张丽"].contract_end == date(2027, 6, 30)  # #18 item 7


def test_contract_end_column_imports_under_its_usual_names(office_db: Database, tmp_path: Path) -> None:
    """#18 item 7: 合同到期日 (also 劳动合同到期日) is read; a date before the hire date is named."""
    header = [*HEADER, "劳动合同到期日"]
    path = write_xlsx(
        tmp_path / "contract.xlsx",
        header,
        [
            [*row("张丽", ZHANG), "2027/1/31"],
            [*row("李娜", LI), "2001-01-01"],
        ],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok and "合同到期日 2001-01-01 早于入职日期 2005-07-01" in report.text()
    path = write_xlsx(tmp_path / "contract2.xlsx", header, [[*row("张丽", ZHANG), "2027/1/31"]])
    assert import_roster(office_db, path, today=TODAY).ok
    assert rows_by_name(office_db)["张丽"].contract_end == date(2027, 1, 31)


# --- cancelling --------------------------------------------------------------------------------------


def test_cancel_while_writing_rolls_everything_back(office_db: Database, sample_roster: Path) -> None:
    units_before = unit_count(office_db)
    messages: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        messages.append(message)
        if "写入" in message:
            job.cancel()

    job = Job(progress)
    with pytest.raises(Cancelled):
        import_roster(office_db, sample_roster, create_units=True, job=job, today=TODAY)
    assert any("写入" in m for m in messages)
    assert worker_count(office_db) == 0
    assert unit_count(office_db) == units_before
