"""需求调研 outputs read back: the 职工需求清单 PDF (registered as a form, no ID numbers), the 需求清单 workbook
with masked ID numbers, the results workbook by breakdown, and the demo data they are shown with."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from db.models import Worker
from desktop.core.idcard import mask
from desktop.services.database import Database
from desktop.services.printing import FORMS
from desktop.services.surveys import answers, needs, results
from desktop.services.surveys.demo import NEEDS, add_demo_surveys
from desktop.services.surveys.outputs import export_needs, export_results
from desktop.services.surveys.surveys import list_surveys
from tests.services.test_surveys import _survey, _worker

TODAY = date(2026, 6, 10)


def _data(db: Database) -> tuple[int, str]:
    wid = _worker(db, "张丽", "19700304", 2, post="护林员")
    sid, q1, _ = _survey(db)
    with db.write() as s:
        answers.save_response(s, sid, wid, {q1: "子女托管"}, actor="t")
        nid = needs.add_need(
            s,
            needs.NeedDraft(
                "希望开设子女暑期托管班", "children", date(2026, 6, 2), "王芳", worker_id=wid, survey_id=sid
            ),
            actor="t",
            today=TODAY,
        ).id
        needs.advance_need(
            s, nid, "handling", on=date(2026, 6, 3), by="李明", note="与林场协调场地", actor="t", today=TODAY
        )
        needs.add_need(s, needs.NeedDraft("希望开通班车", "other", date(2026, 6, 4), "王芳"), actor="t", today=TODAY)
        number = s.get(Worker, wid).id_number
    return sid, number


def test_needs_pdf_lists_each_step_without_id_numbers(office_db: Database, tmp_path: Path) -> None:
    _, number = _data(office_db)
    out = tmp_path / "needs.pdf"
    assert FORMS["needs-list"](office_db, out) == 1
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)  # cells wrap their lines
    assert "职工需求清单" in text and "希望开设子女暑期托管班" in text and "张丽（甘河林场）" in text
    assert "2026-06-03李明：与林场协调场地" in text and "（集体）" in text
    assert number not in text and mask(number) not in text


def test_needs_workbook_masks_and_results_workbook_counts(office_db: Database, tmp_path: Path) -> None:
    sid, number = _data(office_db)
    assert export_needs(office_db, tmp_path / "needs.xlsx", year=2026) == 2
    ws = load_workbook(tmp_path / "needs.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][:7] == ["需求内容", "类别", "提出人", "单位", "身份证号", "来自调研", "状态"]
    assert rows[1][2] == "张丽" and rows[1][4] == mask(number) and rows[1][6] == "办理"
    assert number not in str(rows)
    export_results(office_db, tmp_path / "results.xlsx", sid)
    wb = load_workbook(tmp_path / "results.xlsx")
    assert wb.sheetnames == ["第1题按年龄段", "第1题按岗位", "第1题按单位", "第1题按群体"]
    group = [[c.value for c in r] for r in wb["第1题按群体"].iter_rows()]
    assert group[0] == ["分组", "答题人数", "技能培训", "心理疏导", "子女托管"]
    assert group[2] == ["50岁及以上女职工", 1, 0, 0, 1] and group[-1] == ["合计", 1, 0, 0, 1]


def test_demo_surveys(office_db: Database) -> None:
    for i, name in enumerate(("刘一", "陈二", "张三", "李四", "王五", "赵六", "孙七", "周八")):
        _worker(office_db, name, f"19{70 + i * 3}0304", 10 + i)
    assert add_demo_surveys(office_db, on=TODAY) == len(NEEDS)
    assert add_demo_surveys(office_db, on=TODAY) == 0  # once
    with office_db.read() as s:
        surveys = list_surveys(s)
        statuses = {n.status_label for n in needs.list_needs(s)}
        questionnaire = next(x for x in surveys if x.kind_label == "问卷")
        (first, *_) = results.results(s, questionnaire.id, "age")
    assert sorted(x.kind_label for x in surveys) == ["座谈", "问卷"]
    assert statuses == {"收集", "办理", "回访"}
    assert first.rows[-1].respondents == 8
