"""需求调研 services: surveys, answers typed or imported (all or nothing, 第N行), results by age band, post, unit
and group from the data file, and the 需求清单 moved 收集 → 办理 → 回访; audited, archived not deleted, role-checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db.models import AuditEntry
from db.models_surveys import SurveyResponse
from desktop.core.errors import DomainError, FieldErrors, PermissionDenied
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import hardship as hardship_files
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.services.surveys import answers, needs, results, surveys
from tests.conftest import sign_in_as

TODAY = date(2026, 6, 10)
HELD = date(2026, 6, 1)


def _number(birth: str, seq: int, female: bool = True) -> str:
    first17 = f"150785{birth}{seq:02d}{2 if female else 1}"
    return first17 + check_char(first17)


def _worker(
    db: Database,
    name: str,
    birth: str,
    seq: int,
    *,
    unit: str = "甘河林场",
    post: str = "营林工",
    hired: date | None = None,
    female: bool = True,
) -> int:
    with db.write() as s:
        unit_id = next(n.id for n in office.unit_tree(s) if n.name == unit)
        return workers.add_worker(
            s,
            WorkerDraft(name=name, id_number=_number(birth, seq, female), unit_id=unit_id, post=post, hire_date=hired),
            actor="t",
            today=TODAY,
        ).id


def _survey(db: Database) -> tuple[int, int, int]:
    with db.write() as s:
        sv = surveys.add_survey(
            s, surveys.SurveyDraft("2026年女职工需求问卷", "questionnaire", HELD), actor="t", today=TODAY
        )
        q1 = surveys.add_question(
            s,
            sv.id,
            text="您最希望工会提供哪类服务？",
            kind="choice",
            options="技能培训\n心理疏导\n子女托管",
            required=True,
            actor="t",
        )
        q2 = surveys.add_question(s, sv.id, text="其他建议", kind="text", actor="t")
        return sv.id, q1.id, q2.id


@pytest.fixture
def people(office_db: Database) -> dict[str, int]:
    ids = {
        "李红": _worker(office_db, "李红", "19980304", 1, hired=date(2026, 1, 5)),  # 28, new hire
        "张丽": _worker(office_db, "张丽", "19700304", 2, post="护林员"),  # 56, older woman
        "王芳": _worker(office_db, "王芳", "19850304", 3, unit="营林科", post="技术员"),  # 41
        "赵强": _worker(office_db, "赵强", "19650304", 4, female=False),  # 61, a man
    }
    with office_db.write() as s:
        hardship_files.open_file(
            s,
            ids["王芳"],
            hardship_files.FileDraft(main_cause="单亲", single_parent=True, opened_on=date(2025, 3, 1)),
            actor="t",
            today=TODAY,
        )
    return ids


def test_answers_checked_against_the_questions(office_db: Database, people: dict[str, int]) -> None:
    sid, q1, q2 = _survey(office_db)
    with pytest.raises(FieldErrors) as exc, office_db.write() as s:
        answers.save_response(s, sid, people["李红"], {q1: "读书会"}, actor="t")
    assert exc.value.errors == {
        f"q{q1}": "第1题：“您最希望工会提供哪类服务？”没有“读书会”这个选项（可选：技能培训、心理疏导、子女托管）"
    }
    with pytest.raises(FieldErrors) as exc, office_db.write() as s:
        answers.save_response(s, sid, None, {q2: "无"}, actor="t")
    assert set(exc.value.errors) == {"worker_id", f"q{q1}"}
    with office_db.write() as s:
        answers.save_response(s, sid, people["李红"], {q1: "技能培训", q2: "希望多办培训"}, actor="t")
        answers.save_response(s, sid, people["李红"], {q1: "心理疏导"}, actor="t")  # entered again: replaced
    with office_db.read() as s:
        rows = answers.list_responses(s, sid)
        assert [(r.name, r.answers) for r in rows] == [("李红", {q1: "心理疏导", q2: ""})]
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "survey_response")) == 2


def test_results_by_age_post_unit_and_group(office_db: Database, people: dict[str, int]) -> None:
    sid, q1, _ = _survey(office_db)
    with office_db.write() as s:
        for name, choice in (("李红", "技能培训"), ("张丽", "子女托管"), ("王芳", "子女托管"), ("赵强", "技能培训")):
            answers.save_response(s, sid, people[name], {q1: choice}, actor="t")
    with office_db.read() as s:

        def table(dim: str) -> list[tuple[str, int, int, int]]:
            (only,) = results.results(s, sid, dim)
            return [(r.key, r.respondents, r.counts["技能培训"], r.counts["子女托管"]) for r in only.rows]

        assert table("age") == [
            ("30岁以下", 1, 1, 0),
            ("30—39岁", 0, 0, 0),
            ("40—49岁", 1, 0, 1),
            ("50岁及以上", 2, 1, 1),
            ("合计", 4, 2, 2),
        ]
        assert table("group") == [
            ("单亲职工", 1, 0, 1),
            ("50岁及以上女职工", 1, 0, 1),
            ("入职不满一年", 1, 1, 0),
            ("合计", 4, 2, 2),
        ]
        assert table("post") == [("技术员", 1, 0, 1), ("护林员", 1, 0, 1), ("营林工", 2, 2, 0), ("合计", 4, 2, 2)]
        assert [r[0] for r in table("unit")][-1] == "合计" and len(table("unit")) == 3
        with pytest.raises(DomainError, match="没有“sex”这种分组方式"):
            results.results(s, sid, "sex")


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年女职工需求问卷答卷"])
    ws.append(["序号", "姓名", "身份证号", "第1题", "其他建议"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_all_or_nothing_naming_rows(office_db: Database, people: dict[str, int], tmp_path: Path) -> None:
    sid, q1, q2 = _survey(office_db)
    with office_db.read() as s:
        numbers = {w.name: w.id_number for w in s.scalars(select(workers.Worker))}
    bad = _sheet(
        tmp_path / "bad.xlsx",
        [
            [1, "李红", numbers["李红"], "技能培训", ""],
            [2, "张丽", numbers["张丽"], "读书会", ""],
            [3, "王五", _number("19900101", 9), "技能培训", ""],
            [4, "李红", numbers["李红"], "心理疏导", ""],
        ],
    )
    report = answers.import_answers(office_db, sid, bad)
    assert not report.ok
    assert report.problems[0].startswith("第4行：第1题：“您最希望工会提供哪类服务？”没有“读书会”这个选项")
    assert report.problems[1].startswith("第5行：花名册中没有身份证号为") and "19900101" not in report.problems[1]
    assert report.problems[2] == "第6行：李红 已在第3行答过"
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 0  # nothing written
    good = _sheet(
        tmp_path / "good.xlsx",
        [[1, "李红", numbers["李红"], "技能培训", "多办培训"], [2, "张丽", numbers["张丽"], "子女托管", None]],
    )
    report = answers.import_answers(office_db, sid, good)
    assert report.ok and (report.added, report.replaced) == (2, 0), report.problems
    with office_db.read() as s:
        got = {r.name: (r.answers, r.source) for r in answers.list_responses(s, sid)}
    assert got == {"李红": ({q1: "技能培训", q2: "多办培训"}, "导入"), "张丽": ({q1: "子女托管", q2: ""}, "导入")}


def test_needs_move_forward_only_audited_and_archived(office_db: Database, people: dict[str, int]) -> None:
    sid, _, _ = _survey(office_db)
    with office_db.write() as s:
        nid = needs.add_need(
            s,
            needs.NeedDraft(
                "希望开设子女暑期托管班", "children", date(2026, 6, 2), "王芳", worker_id=people["张丽"], survey_id=sid
            ),
            actor="t",
            today=TODAY,
        ).id
    with pytest.raises(DomainError, match="不能改为“回访”"), office_db.write() as s:
        needs.advance_need(s, nid, "revisited", on=date(2026, 6, 5), by="王芳", actor="t", today=TODAY)
    with pytest.raises(FieldErrors) as exc, office_db.write() as s:
        needs.advance_need(s, nid, "handling", on=date(2026, 6, 1), by="", actor="t", today=TODAY)
    assert exc.value.errors == {
        "handling_on": "办理日期（2026-06-01）早于收集日期（2026-06-02）",
        "handling_by": "请填写办理人",
    }
    with office_db.write() as s:
        needs.advance_need(
            s, nid, "handling", on=date(2026, 6, 3), by="李明", note="与林场协调场地", actor="t", today=TODAY
        )
        needs.advance_need(s, nid, "revisited", on=date(2026, 6, 9), by="王芳", note="职工满意", actor="t", today=TODAY)
        assert needs.set_need_archived(s, nid, archived=True, actor="t")
    with office_db.read() as s:
        assert needs.list_needs(s) == []
        (row,) = needs.list_needs(s, archived=True)
        assert (row.status_label, row.name, row.handling_by, row.revisited_on, row.survey) == (
            "回访",
            "张丽",
            "李明",
            date(2026, 6, 9),
            "2026年女职工需求问卷",
        )
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "survey_need").order_by(AuditEntry.id))
        )
    assert actions == ["create", "advance", "advance", "archive"]


def test_viewer_reads_but_may_not_write(office_db: Database, people: dict[str, int]) -> None:
    sid, _, _ = _survey(office_db)
    sign_in_as(office_db, "viewer")
    with office_db.read() as s:
        assert [r.title for r in surveys.list_surveys(s)] == ["2026年女职工需求问卷"]
    with pytest.raises(PermissionDenied), office_db.write() as s:
        needs.add_need(s, needs.NeedDraft("心理疏导", "mental", date(2026, 6, 2), "王芳"), actor="t", today=TODAY)
    with pytest.raises(PermissionDenied), office_db.write() as s:
        surveys.set_survey_archived(s, sid, archived=True, actor="t")


def test_import_refuses_a_damaged_file_and_a_sheet_without_questions(
    office_db: Database, people: dict[str, int], tmp_path: Path
) -> None:
    sid, _, _ = _survey(office_db)
    broken = tmp_path / "答卷.xlsx"
    broken.write_bytes(b"not a workbook")
    report = answers.import_answers(office_db, sid, broken)
    assert not report.ok and "答卷.xlsx" in report.problems[0]
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "备注"])
    wb.active.append(["李红", "150785199803040012", "无"])
    wb.save(tmp_path / "no-questions.xlsx")
    report = answers.import_answers(office_db, sid, tmp_path / "no-questions.xlsx")
    assert report.problems == ["表头中没有任何题目列：请用题目原文或“第N题”作列名"]
    assert "一行也不写入" in report.text()


def test_correcting_a_need_keeps_its_later_steps_in_order(office_db: Database, people: dict[str, int]) -> None:
    with office_db.write() as s:
        nid = needs.add_need(
            s, needs.NeedDraft("希望开设瑜珈班", "culture", date(2026, 6, 2), "王芳"), actor="t", today=TODAY
        ).id
        needs.advance_need(s, nid, "handling", on=date(2026, 6, 4), by="李明", actor="t", today=TODAY)
    fixed = needs.NeedDraft("希望开设瑜伽班", "health", date(2026, 6, 5), "王芳", worker_id=people["张丽"])
    with pytest.raises(FieldErrors) as exc, office_db.write() as s:
        needs.update_need(s, nid, fixed, actor="t", today=TODAY)
    assert exc.value.errors == {"collected_on": "办理日期（2026-06-04）早于收集日期（2026-06-05）"}
    with office_db.write() as s:
        needs.update_need(s, nid, replace(fixed, collected_on=date(2026, 6, 3)), actor="t", today=TODAY)
    with office_db.read() as s:
        (row,) = needs.list_needs(s)
        last = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "survey_need").order_by(AuditEntry.id.desc())
        ).first()
    assert (row.need, row.category_label, row.name, row.status_label, row.handling_by) == (
        "希望开设瑜伽班",
        "身体健康",
        "张丽",
        "办理",
        "李明",
    )
    assert last is not None and last.action == "update" and "瑜珈" in (last.before or "")
