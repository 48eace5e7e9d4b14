"""Hostile text (issue #16): control characters and 5,000,000-character 备注 are refused with the field and
the limit named — in the roster import (第N行 [列]), in every service through the save, and in dialogs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Worker
from desktop.core import free_text
from desktop.core.errors import FieldErrors
from desktop.core.worker import WorkerDraft, check_worker
from desktop.services import office
from desktop.services.activities import records as activity_records
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.roster.importing import import_roster
from tests.reports.hostile_xlsx import sheet, workbook
from tests.services.test_condolence_services import file_draft

TODAY = date(2026, 11, 23)
BIG = 5_000_000
HEADER = ["姓名", "身份证号", "所属单位", "备注"]


def _row_xml(number: int, values: list[str]) -> str:
    cs = "".join(f'<c r="{chr(65 + j)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(values))
    return f'<row r="{number}">{cs}</row>'


def _roster(path: Path, rows: list[list[str]]) -> Path:
    xml = _row_xml(1, HEADER) + "".join(_row_xml(i, r) for i, r in enumerate(rows, 2))
    return workbook(path, sheet(xml, dimension=f"A1:D{len(rows) + 1}"))


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Worker)) or 0)


# -- the rules ------------------------------------------------------------------------------------------


def test_rules_name_the_field_the_position_and_the_limit() -> None:
    assert free_text.text_problem("第一行\n第二行\t缩进\r", "备注", 2000) is None  # line breaks and tabs are text
    message = free_text.text_problem("产假\x1b中", "备注", 2000)
    assert message is not None and "备注" in message and "第3个字符" in message and "U+001B" in message
    for char in ("\x00", "\x01", "\x7f", "\x85", "\ufffe"):
        assert free_text.text_problem(f"a{char}", "岗位", 50) is not None
    assert free_text.text_problem("x" * 2001, "备注", 2000) == "备注过长：最多2000个字，现有2001个字"
    assert free_text.limit_for("notes") == free_text.NOTE_MAX < free_text.EXCEL_CELL_MAX


def test_worker_rules_refuse_without_echoing_the_text() -> None:
    with pytest.raises(FieldErrors) as caught:
        check_worker(
            WorkerDraft(name="张" * BIG, id_number="150785198503120022", unit_id=1, notes="x" * BIG, post="伐木\x01工"),
            today=TODAY,
        )
    errors = caught.value.errors
    assert errors["notes"] == f"备注过长：最多{free_text.NOTE_MAX}个字，现有{BIG}个字"
    assert "控制字符" in errors["post"] and "岗位" in errors["post"]
    assert "姓名过长" in errors["name"] and len(errors["name"]) < 100


# -- the roster import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("产假\x01中", "U+0001"),  # a raw control byte in the XML
        ("产假_x0000_中", "U+0000"),  # Excel's escape, which the reader turns back into the character
        ("产假_x001B_中", "U+001B"),
    ],
)
def test_import_refuses_control_characters_naming_row_and_column(
    office_db: Database, tmp_path: Path, cell: str, shown: str
) -> None:
    path = _roster(
        tmp_path / "控制.xlsx",
        [["张丽", "150785198503120022", "甘河林场", "正常"], ["李娜", "15078519920815008X", "甘河林场", cell]],
    )
    report = import_roster(office_db, path, today=TODAY)
    assert not report.ok
    assert [p.line() for p in report.problems] == [
        f"第3行 [备注]: 备注含有不可见的控制字符（第3个字符，{shown}），可能是从别处复制来的；请删除后重新输入"
    ]
    assert _count(office_db) == 0


def test_import_refuses_a_5_million_character_note_naming_the_limit(office_db: Database, tmp_path: Path) -> None:
    path = _roster(tmp_path / "长备注.xlsx", [["张丽", "150785198503120022", "甘河林场", "x" * BIG]])
    report = import_roster(office_db, path, today=TODAY)
    assert [p.line() for p in report.problems] == [
        f"第2行 [备注]: 备注过长：最多{free_text.NOTE_MAX}个字，现有{BIG}个字"
    ]
    assert len(report.text()) < 1000  # the cell is never echoed back
    assert _count(office_db) == 0


def test_import_names_an_over_long_unit_without_echoing_it(office_db: Database, tmp_path: Path) -> None:
    path = _roster(tmp_path / "长单位.xlsx", [["张丽", "150785198503120022", "林" * 3000, ""]])
    report = import_roster(office_db, path, today=TODAY, create_units=True)
    assert [p.line() for p in report.problems] == ["第2行 [所属单位]: 所属单位过长：最多200个字，现有3000个字"]


# -- services: the dialogs' save, and the safety net for every record ------------------------------------


def _unit(db: Database) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")


def test_add_worker_refuses_a_huge_note(office_db: Database) -> None:
    draft = WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=_unit(office_db), notes="备" * BIG)
    with pytest.raises(FieldErrors) as caught, office_db.write() as s:
        workers.add_worker(s, draft, actor="clerk")
    assert caught.value.errors == {"notes": f"备注过长：最多{free_text.NOTE_MAX}个字，现有{BIG}个字"}
    assert _count(office_db) == 0


def test_every_area_is_held_to_the_rules_at_save(office_db: Database) -> None:
    from desktop.services.condolences import hardship as hardship_files

    with office_db.write() as s:
        wid = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=_unit(office_db)), actor="clerk"
        ).id
    # A hardship file's notes: the area's own check does not look at length; the save does.
    with pytest.raises(FieldErrors) as caught, office_db.write() as s:
        hardship_files.open_file(s, wid, file_draft(notes="困" * BIG), actor="clerk", today=TODAY)
    assert caught.value.errors["notes"] == f"备注过长：最多{free_text.NOTE_MAX}个字，现有{BIG}个字"
    # An activity brand's description with a pasted escape character.
    with pytest.raises(FieldErrors) as caught, office_db.write() as s:
        activity_records.add_brand(s, name="林海讲堂", description="读书\x1b会", actor="clerk")
    assert "简介含有不可见的控制字符" in caught.value.errors["description"]
    # A column with a declared length is held to it (慰问物品 String(200) …): here a worker's post via update.
    with pytest.raises(FieldErrors) as caught, office_db.write() as s:
        w = s.get(Worker, wid)
        assert w is not None
        w.post = "岗" * 51
    assert caught.value.errors == {"post": "岗位过长：最多50个字，现有51个字"}


def test_old_bad_text_does_not_block_an_edit_of_another_field(office_db: Database) -> None:
    from sqlalchemy import update

    with office_db.write() as s:
        wid = workers.add_worker(
            s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=_unit(office_db)), actor="clerk"
        ).id
        s.execute(update(Worker).where(Worker.id == wid).values(notes="旧\x01数据"))  # stored by an old version
    with office_db.write() as s:
        w = s.get(Worker, wid)
        assert w is not None
        w.phone = "13912345678"
    with office_db.read() as s:
        assert s.get(Worker, wid).phone == "13912345678"  # type: ignore[union-attr]
