"""Condolence visits, batches and hardship files through the services, on a real migrated data file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Worker
from db.models_condolences import CondolenceBatch, CondolenceVisit
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.hardship import Member
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import ledger as condolence_ledger
from desktop.services.condolences import standards as condolence_standards
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

# Entering and approving in one test: see tests/conftest.py (the real role split is in test_accounts.py).
pytestmark = pytest.mark.usefixtures("admin_may_approve")

TODAY = date(2026, 11, 20)
PEOPLE = (
    ("张丽", "150785198503120022", "甘河林场", "汉族"),
    ("王建国", "150782199007071132", "营林科", "蒙古族"),
    ("李娜", "150784199211050040", "一班", "汉族"),
)


@pytest.fixture
def ids(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        for name, number, unit, eth in PEOPLE:
            draft = WorkerDraft(name=name, id_number=number, unit_id=units[unit], ethnicity=eth)
            out[name] = workers.add_worker(s, draft, actor="test").id
    return out


def festival(day: date, goods_fen: int, fest: str = "spring") -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(
        occasion="festival", festival=fest, visit_date=day, goods="米面油", goods_fen=goods_fen
    )


def sick(day: date, cause: str, cash_fen: int = 50000) -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(
        occasion="sick",
        cause=cause,
        visit_date=day,
        event_date=day,
        cash_fen=cash_fen,
        visitors="工会主席 刘刚",
        documents="住院证明或出院小结\n医疗费票据复印件",
    )


def test_visit_is_recorded_with_audit_and_uid(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        v = condolence_visits.add_visit(
            s, ids["张丽"], sick(date(2026, 3, 2), "肺炎", 50050), actor="clerk", today=TODAY
        )
        vid, uid = v.id, v.uid
    assert uid.startswith("ALH-")
    with office_db.read() as s:
        row = condolence_ledger.fetch_visit_rows(s, [vid])[0]
        assert row.cash_fen == 50050 and row.status == "registered" and row.occasion_text == "生病住院（肺炎）"
        entry = condolence_visits.visit_history(s, vid)[0]
        assert entry.actor == "test" and json.loads(entry.after)["cash_fen"] == 50050


def test_same_illness_twice_is_refused_then_override_recorded(office_db: Database, ids: dict[str, int]) -> None:
    wid = ids["张丽"]
    with office_db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 3, 2), "肺炎"), actor="clerk", today=TODAY)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 8, 1), "肺炎"), actor="clerk", today=TODAY)
    assert "同一疾病每年只慰问一次" in e.value.message and "2026-03-02" in e.value.message
    with pytest.raises(FieldErrors), office_db.write() as s:
        condolence_visits.add_visit(
            s, wid, sick(date(2026, 8, 1), "肺炎"), actor="clerk", override_reason="同意", today=TODAY
        )
    with office_db.write() as s:
        v = condolence_visits.add_visit(
            s,
            wid,
            sick(date(2026, 8, 1), "肺炎"),
            actor="clerk",
            override_reason="经工会主席批准：肺炎复发再次住院",
            today=TODAY,
        )
        vid = v.id
    with office_db.read() as s:
        row = condolence_ledger.fetch_visit_rows(s, [vid])[0]
        assert row.override_reason.startswith("经工会主席批准") and "同一疾病" in row.override_rules
        assert condolence_ledger.visit_ids(s, condolence_ledger.VisitFilter(overrides_only=True)) == [vid]


def test_hospital_third_visit_is_refused(office_db: Database, ids: dict[str, int]) -> None:
    wid = ids["李娜"]
    with office_db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 2, 1), "阑尾炎"), actor="c", today=TODAY)
        condolence_visits.add_visit(s, wid, sick(date(2026, 5, 1), "骨折"), actor="c", today=TODAY)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 9, 1), "胆结石"), actor="c", today=TODAY)
    assert "最多慰问2次" in e.value.message
    # Archiving one frees the slot (archived visits are not counted).
    with office_db.write() as s:
        first = condolence_ledger.visit_ids(s, condolence_ledger.VisitFilter(worker_id=wid), descending=False)[0]
        condolence_visits.archive_visit(s, first, actor="c")
        condolence_visits.add_visit(s, wid, sick(date(2026, 9, 1), "胆结石"), actor="c", today=TODAY)


def test_yearly_festival_cap_crossing(office_db: Database, ids: dict[str, int]) -> None:
    wid = ids["张丽"]
    with office_db.write() as s:
        for m, fest in ((1, "new_year"), (2, "spring"), (5, "labour_day")):
            condolence_visits.add_visit(s, wid, festival(date(2026, m, 10), 80000, fest), actor="c", today=TODAY)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.add_visit(s, wid, festival(date(2026, 9, 10), 10001, "mid_autumn"), actor="c", today=TODAY)
    assert "2,500.00" in e.value.message and "2,400.00" in e.value.message and "超出0.01元" in e.value.message
    with office_db.write() as s:
        condolence_visits.add_visit(s, wid, festival(date(2026, 9, 10), 10000, "mid_autumn"), actor="c", today=TODAY)
    with office_db.read() as s:
        totals = condolence_ledger.member_year_totals(s, 2026)
        mine = next(t for t in totals if t.worker_id == wid)
        assert mine.value_fen == 250000 and mine.remaining_fen == 0


def test_standard_change_is_dated(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        std = condolence_standards.standard_on(s, "sick", date(2026, 1, 1))
        condolence_standards.set_standard(
            s, replace(std, cap_fen=80000, default_fen=50000, effective_from=date(2026, 7, 1)), actor="chair"
        )
    with office_db.read() as s:
        assert condolence_standards.standard_on(s, "sick", date(2026, 6, 30)).cap_fen == 100000
        assert condolence_standards.standard_on(s, "sick", date(2026, 7, 1)).cap_fen == 80000
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["张丽"], sick(date(2026, 6, 1), "感冒", 90000), actor="c", today=TODAY)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.add_visit(s, ids["李娜"], sick(date(2026, 7, 1), "感冒", 90000), actor="c", today=TODAY)
    assert "800.00" in e.value.message


def test_status_flow_and_paid_is_locked(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(s, ids["张丽"], sick(date(2026, 3, 2), "肺炎"), actor="c", today=TODAY).id
    with office_db.write() as s:  # no name typed: the approving account's person is named (#15)
        assert (
            condolence_visits.advance(s, vid, actor="c", approver="", on=date(2026, 3, 3)).approved_by == "测试管理员"
        )
        condolence_visits.get_visit(s, vid).approved_by = "刘刚"  # as if 刘刚 had typed his name when approving
        v = condolence_visits.advance(s, vid, actor="c", on=date(2026, 3, 4))
        assert (v.status, v.approved_by, v.paid_on) == ("paid", "刘刚", date(2026, 3, 4))
    with pytest.raises(DomainError), office_db.write() as s:
        condolence_visits.update_visit(s, vid, sick(date(2026, 3, 2), "肺炎", 1), actor="c", today=TODAY)
    with pytest.raises(DomainError), office_db.write() as s:
        condolence_visits.advance(s, vid, actor="c")


def test_relative_death_needs_relation(office_db: Database, ids: dict[str, int]) -> None:
    draft = condolence_visits.VisitDraft(
        occasion="death_relative",
        visit_date=date(2026, 4, 1),
        cash_fen=100000,
        relative_name="张大山",
        relative_relation="舅舅",
    )
    with pytest.raises(FieldErrors) as e:
        condolence_visits.check_draft(draft, today=TODAY)
    assert "relative_relation" in e.value.errors
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["张丽"], replace(draft, relative_relation="父亲"), actor="c", today=TODAY)
    with pytest.raises(condolence_visits.RuleBroken), office_db.write() as s:
        condolence_visits.add_visit(
            s,
            ids["张丽"],
            replace(draft, relative_relation="父亲", visit_date=date(2026, 4, 3)),
            actor="c",
            today=TODAY,
        )


def spec(group: str = "all", goods_fen: int = 30000, **kw: object) -> condolence_batches.BatchSpec:
    return condolence_batches.BatchSpec(
        title="2026年中秋慰问", draft=festival(date(2026, 9, 20), goods_fen, "mid_autumn"), group=group, **kw
    )  # type: ignore[arg-type]


def test_batch_preview_and_all_or_nothing(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["李娜"], festival(date(2026, 2, 1), 240000), actor="c", today=TODAY)
    with office_db.read() as s:
        preview = condolence_batches.preview_batch(s, spec(), today=TODAY)
    assert [line.name for line in preview.lines] == ["李娜", "张丽", "王建国"] or len(preview.lines) == 3
    assert [line.name for line in preview.over] == ["李娜"] and preview.total_fen == 90000
    with pytest.raises(DomainError) as e, office_db.write() as s:
        condolence_batches.create_batch(s, spec(), actor="c", today=TODAY)
    assert "李娜" in e.value.message
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(CondolenceBatch)) == 0
        assert s.scalar(select(func.count()).select_from(CondolenceVisit)) == 1
    with office_db.write() as s:
        batch, made, skipped = condolence_batches.create_batch(s, spec(), actor="c", skip_over=True, today=TODAY)
        assert batch.uid.startswith("ALH-")
    assert (made, skipped) == (2, 1)
    with office_db.read() as s:
        rows = condolence_batches.list_batches(s, 2026)
        assert rows[0].count == 2 and rows[0].total_fen == 60000


def test_batch_rolls_back_when_a_visit_fails(
    office_db: Database, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real = condolence_batches.audit.record

    def flaky(*a: object, **k: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise DomainError("磁盘已满")
        real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(condolence_batches.audit, "record", flaky)
    with pytest.raises(DomainError), office_db.write() as s:
        condolence_batches.create_batch(s, spec(), actor="c", today=TODAY)
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(CondolenceVisit)) == 0
        assert s.scalar(select(func.count()).select_from(CondolenceBatch)) == 0


def test_batch_cancel_saves_nothing(office_db: Database, ids: dict[str, int]) -> None:
    from desktop.core.progress import Cancelled, Job

    job = Job()
    job.cancel()
    with pytest.raises(Cancelled), office_db.write() as s:
        condolence_batches.create_batch(s, spec(), actor="c", today=TODAY, job=job)
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(CondolenceBatch)) == 0


def test_batch_override_is_recorded_on_the_capped_member(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["李娜"], festival(date(2026, 2, 1), 240000), actor="c", today=TODAY)
        batch, made, skipped = condolence_batches.create_batch(
            s, spec(), actor="c", override_reason="经工会主席批准：中秋统一发放", today=TODAY
        )
        assert (made, skipped) == (3, 0)
    with office_db.read() as s:
        rows = condolence_ledger.visit_rows(s, condolence_ledger.VisitFilter(batch_id=batch.id, overrides_only=True))
        assert [r.name for r in rows] == ["李娜"] and "2,500.00" in rows[0].override_rules
        entries = condolence_visits.visit_history(s, rows[0].id)
        assert entries[0].action == "create" and json.loads(entries[0].after)["batch_id"] == batch.id


def test_batch_groups(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.read() as s:
        assert {line.name for line in condolence_batches.preview_batch(s, spec("women"), today=TODAY).lines} == {
            "张丽",
            "李娜",
        }
        eth = condolence_batches.preview_batch(s, spec("ethnicity", ethnicity="蒙古族"), today=TODAY)
        assert [line.name for line in eth.lines] == ["王建国"]
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        assert {
            line.name
            for line in condolence_batches.preview_batch(s, spec("units", unit_ids=(unit,)), today=TODAY).lines
        } == {
            "张丽",
            "李娜",
        }
        assert condolence_batches.preview_batch(s, spec("hardship"), today=TODAY).lines == []


def file_draft(**kw: object) -> hardship_files.FileDraft:
    base = dict(
        grade="deep",
        main_cause="因病",
        opened_on=date(2025, 12, 1),
        own_income_fen=2400000,
        household_income_fen=3600000,
        household_size=3,
        bank_name="农业银行",
        bank_account="6228480012345678",
        members=(
            Member("刘强", "配偶", "150782199007071132", "慢性病", 1200000, "待业"),
            Member("刘小丽", "子女", "", "健康", 0, "阿里河中学"),
        ),
    )
    base.update(kw)
    return hardship_files.FileDraft(**base)  # type: ignore[arg-type]


def test_hardship_file_one_per_household(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        f = hardship_files.open_file(s, ids["张丽"], file_draft(), actor="c", today=TODAY)
        fid = f.id
    with pytest.raises(FieldErrors) as e, office_db.write() as s:
        hardship_files.open_file(s, ids["张丽"], file_draft(members=()), actor="c", today=TODAY)
    assert "一户只建一档" in e.value.errors["worker_id"]
    # 王建国 is listed as 张丽's husband: his own file would be the same household.
    with pytest.raises(FieldErrors) as e, office_db.write() as s:
        hardship_files.open_file(
            s,
            ids["王建国"],
            file_draft(members=(), household_income_fen=2400000, household_size=1),
            actor="c",
            today=TODAY,
        )
    assert "同一家庭" in e.value.errors["worker_id"]
    with pytest.raises(FieldErrors) as e, office_db.write() as s:
        hardship_files.open_file(
            s,
            ids["李娜"],
            file_draft(members=(Member("刘强", "配偶", "150782199007071132"),), household_income_fen=2400000),
            actor="c",
            today=TODAY,
        )
    assert "已在“张丽”的档案中" in e.value.errors["members"]
    with office_db.read() as s:
        row = hardship_files.file_rows(s)[0]
        assert row.id == fid and row.per_capita_fen == 1200000
        history = hardship_files.file_history(s, fid)
        assert "6228480012345678" not in (history[0].after or "")


def test_hardship_status_flow_and_review(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        fid = hardship_files.open_file(s, ids["张丽"], file_draft(), actor="c", today=TODAY).id
    with office_db.read() as s:
        assert [r.id for r in hardship_files.file_rows(s, hardship_files.FileFilter(due_by=date(2026, 12, 1)))] == [fid]
    with office_db.write() as s:
        hardship_files.record_review(s, fid, on=date(2026, 11, 1), actor="c")
    with office_db.read() as s:
        assert hardship_files.file_rows(s, hardship_files.FileFilter(due_by=date(2026, 12, 1))) == []
    with pytest.raises(FieldErrors), office_db.write() as s:
        hardship_files.change_status(s, fid, "out", on=date(2026, 11, 5), reason="", actor="c")
    with office_db.write() as s:
        hardship_files.change_status(
            s, fid, "out", on=date(2026, 11, 5), reason="配偶就业，人均收入已超标准", actor="c"
        )
    with office_db.read() as s:
        assert (
            hardship_files.file_rows(s) == []
            and hardship_files.file_rows(s, hardship_files.FileFilter(status="out"))[0].status == "out"
        )
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "hardship_file"))]
        assert actions == ["create", "review", "status"]


def test_assistance_history_and_never_visited(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        hardship_files.open_file(s, ids["张丽"], file_draft(), actor="c", today=TODAY)
    with office_db.read() as s:
        assert condolence_ledger.hardship_not_visited(s, 2026)[0][1] == "张丽"
    with office_db.write() as s:
        condolence_visits.add_visit(
            s,
            ids["张丽"],
            condolence_visits.VisitDraft(
                occasion="hardship", visit_date=date(2026, 1, 15), cash_fen=100000, cause="春节前困难帮扶"
            ),
            actor="c",
            today=TODAY,
        )
        condolence_visits.add_visit(s, ids["张丽"], festival(date(2025, 1, 20), 30000), actor="c", today=TODAY)
    with office_db.read() as s:
        assert condolence_ledger.hardship_not_visited(s, 2026) == []
        assert hardship_files.assistance_by_year(s, ids["张丽"]) == {2026: (1, 100000), 2025: (1, 30000)}
        by_occ = condolence_ledger.totals(s, condolence_ledger.VisitFilter(), "occasion")
        assert [(t.label, t.value_fen) for t in by_occ] == [("节日慰问", 30000), ("困难帮扶", 100000)]
        by_month = condolence_ledger.totals(s, condolence_ledger.VisitFilter(year=2026), "month")
        assert [(t.label, t.cash_fen) for t in by_month] == [("2026-01", 100000)]


def test_saved_group_combines_units_and_women(office_db: Database, ids: dict[str, int]) -> None:
    from desktop.services.condolences import groups as condolence_groups

    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        with pytest.raises(FieldErrors) as err:
            condolence_groups.save_group(s, "", spec("units", unit_ids=(unit,)), actor="clerk")
        assert "名字" in err.value.errors["name"]
        with pytest.raises(FieldErrors):
            condolence_groups.save_group(s, "空单位", spec("units"), actor="clerk")  # the same checks as a batch
        saved = condolence_groups.save_group(
            s, "甘河林场女会员", replace(spec("units", unit_ids=(unit,)), women_only=True), actor="clerk"
        )
        again = condolence_groups.save_group(
            s, "甘河林场女会员", replace(spec("units", unit_ids=(unit,)), women_only=True), actor="clerk"
        )
        assert again.id == saved.id  # the same name replaces, never duplicates
    with office_db.read() as s:
        [group] = condolence_groups.saved_groups(s)
        batch = group.spec("端午节慰问", festival(date(2026, 6, 19), 10000, "dragon_boat"))
        assert {line.name for line in condolence_batches.preview_batch(s, batch, today=TODAY).lines} == {"张丽", "李娜"}
        assert condolence_batches.describe_group(s, batch) == "甘河林场（含下级单位）的女会员"
    with office_db.write() as s:
        condolence_groups.retire_group(s, group.id, actor="clerk")
    with office_db.read() as s:
        assert condolence_groups.saved_groups(s) == []


def test_office_may_allow_cash_for_marriage_only_with_a_dated_reason(office_db: Database, ids: dict[str, int]) -> None:
    """#18 item 1: the default is goods; cash needs a dated standard with its reason."""
    wedding = condolence_visits.VisitDraft(
        occasion="marriage", visit_date=date(2026, 5, 1), cash_fen=50000, documents="结婚证复印件"
    )
    with office_db.write() as s:
        with pytest.raises(condolence_visits.RuleBroken) as err:
            condolence_visits.add_visit(s, ids["张丽"], wedding, actor="c", today=TODAY)
        assert "只能发放慰问品" in err.value.message
        std = condolence_standards.standard_on(s, "marriage", date(2026, 1, 1))
        with pytest.raises(FieldErrors) as fe:
            condolence_standards.set_standard(
                s, replace(std, mode="either", effective_from=date(2026, 4, 1)), actor="c"
            )
        assert "note" in fe.value.errors
        condolence_standards.set_standard(
            s,
            replace(std, mode="either", effective_from=date(2026, 4, 1)),
            note="工会委员会2026年第3次会议决定",
            actor="c",
        )
        condolence_visits.add_visit(s, ids["张丽"], wedding, actor="c", today=TODAY)
        assert (
            condolence_standards.standard_on(s, "marriage", date(2026, 4, 1)).source == "工会委员会2026年第3次会议决定"
        )
        # Before the office's decision the national default still holds.
        assert condolence_standards.standard_on(s, "marriage", date(2026, 3, 31)).mode == "goods"


# --- #18 items 2 and 3: a closed list of festivals; ethnic festivals for their ethnicity ---------------------


@pytest.mark.parametrize("name", ["圣诞节", "情人节", "womens_day", "ethnic"])
def test_festival_goods_only_on_a_festival_of_the_closed_list(
    office_db: Database, ids: dict[str, int], name: str
) -> None:
    """Audit case: "圣诞节" and "情人节" saved as the festival of a single visit."""
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        condolence_visits.add_visit(s, ids["张丽"], festival(date(2026, 12, 24), 20000, name), actor="c", today=TODAY)
    message = err.value.errors["festival"]
    assert "总工办发〔2017〕32号" in message and "不是法定节日" in message


def test_qingming_is_a_statutory_festival(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        condolence_visits.add_visit(
            s, ids["张丽"], festival(date(2026, 4, 3), 20000, "qingming"), actor="c", today=TODAY
        )


def _approve_sebin(db: Database, since: date = date(2020, 1, 1)) -> None:
    from desktop.services.condolences import festivals as condolence_festivals

    with db.write() as s:
        condolence_festivals.set_festival(
            s, "瑟宾节", "鄂温克族", since, actor="c", note="内蒙古自治区批准；工会委员会2020年第1次会议决定"
        )


def test_ethnic_festival_is_dated_rule_data(office_db: Database, ids: dict[str, int]) -> None:
    from desktop.services.condolences import festivals as condolence_festivals

    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        condolence_festivals.set_festival(s, "那达慕", "蒙古族", date(2026, 1, 1), actor="c", note="")
    assert "依据" in err.value.errors["note"]
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        condolence_festivals.set_festival(s, "春节", "蒙古族", date(2026, 1, 1), actor="c", note="x")
    assert "内置" in err.value.errors["name"]
    _approve_sebin(office_db, date(2026, 6, 1))
    with office_db.write() as s:
        condolence_festivals.set_festival(
            s, "瑟宾节", "", date(2027, 1, 1), approved=False, actor="c", note="工会委员会决定停发"
        )
    wang = ids["王建国"]
    with office_db.write() as s, pytest.raises(FieldErrors) as err:  # before its approval
        condolence_visits.add_visit(s, wang, festival(date(2026, 5, 18), 20000, "瑟宾节"), actor="c", today=TODAY)
    assert "2026-06-01起才列为" in err.value.errors["festival"]
    with office_db.write() as s, pytest.raises(FieldErrors) as err:  # after it was withdrawn
        condolence_visits.add_visit(s, wang, festival(date(2027, 6, 18), 20000, "瑟宾节"), actor="c", today=TODAY)
    assert "2027-01-01起已不在" in err.value.errors["festival"]
    with office_db.read() as s:
        [info] = condolence_festivals.list_festivals(s, date(2026, 6, 18))
        assert info.current is not None and info.current.ethnicity == "鄂温克族" and len(info.history) == 2
        book = condolence_standards.load_standards(s)
        from desktop.core import condolences as condolence_rules

        assert ("瑟宾节", "瑟宾节（鄂温克族）") in condolence_rules.festivals_on(date(2026, 6, 18), book.festivals)
        assert "瑟宾节" not in dict(condolence_rules.festivals_on(date(2027, 6, 18), book.festivals))
        assert "womens_day" not in dict(condolence_rules.festivals_on(date(2026, 3, 8), book.festivals))


def test_ethnic_festival_goods_to_another_ethnicity_need_an_override(office_db: Database, ids: dict[str, int]) -> None:
    """Audit case: 瑟宾节 goods to a 汉族 member were accepted on a single visit."""
    _approve_sebin(office_db)
    with office_db.write() as s:
        worker = s.get(Worker, ids["王建国"])
        worker.ethnicity = "鄂温克族"
    visit = festival(date(2026, 6, 18), 20000, "瑟宾节")
    with office_db.write() as s:
        condolence_visits.add_visit(s, ids["王建国"], visit, actor="c", today=TODAY)  # her own festival
        with pytest.raises(condolence_visits.RuleBroken) as err:
            condolence_visits.add_visit(s, ids["张丽"], visit, actor="c", today=TODAY)
        assert [v.rule for v in err.value.violations] == ["ethnicity"]
        assert "鄂温克族" in err.value.message and "张丽的民族为“汉族”" in err.value.message
        v = condolence_visits.add_visit(
            s, ids["张丽"], visit, actor="c", override_reason="经工会主席批准：配偶为鄂温克族，随家庭过节", today=TODAY
        )
        assert "鄂温克族" in v.override_rules
    # A batch for every member flags those of another ethnicity; the ethnicity group needs no override.
    with office_db.read() as s:
        every = condolence_batches.preview_batch(
            s, condolence_batches.BatchSpec("瑟宾节慰问", festival(date(2026, 6, 19), 10000, "瑟宾节")), today=TODAY
        )
        assert {line.name for line in every.over} == {"张丽", "李娜"}
        own = condolence_batches.preview_batch(
            s,
            condolence_batches.BatchSpec(
                "瑟宾节慰问", festival(date(2026, 6, 19), 10000, "瑟宾节"), group="ethnicity", ethnicity="鄂温克族"
            ),
            today=TODAY,
        )
        assert [line.name for line in own.lines] == ["王建国"] and own.over == []


def test_a_visit_entered_before_the_list_was_closed_can_still_be_corrected(
    office_db: Database, ids: dict[str, int]
) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(
            s, ids["张丽"], festival(date(2026, 3, 8), 20000, "spring"), actor="c", today=TODAY
        ).id
        s.get(CondolenceVisit, vid).festival = "womens_day"  # as saved by an earlier version
    with office_db.write() as s:
        condolence_visits.update_visit(
            s, vid, replace(condolence_visits.get_draft(s, vid), visitors="女工委主任 赵丽华"), actor="c", today=TODAY
        )
        with pytest.raises(FieldErrors):  # choosing another festival goes through the list again
            condolence_visits.update_visit(
                s, vid, replace(condolence_visits.get_draft(s, vid), festival="圣诞节"), actor="c", today=TODAY
            )


def test_approval_needs_the_standards_documents_checked(office_db: Database, ids: dict[str, int]) -> None:
    """#17 item 2: a draft may be saved with nothing ticked; approval names what is still to be checked."""
    draft = replace(sick(date(2026, 3, 2), "肺炎"), documents="")
    with office_db.write() as s:
        vid = condolence_visits.add_visit(s, ids["张丽"], draft, actor="c", today=TODAY).id
    with pytest.raises(FieldErrors) as refused, office_db.write() as s:
        condolence_visits.advance(s, vid, actor="c", on=date(2026, 3, 3))
    message = refused.value.errors["documents"]
    assert "住院证明或出院小结、医疗费票据复印件" in message and "查验" in message
    with office_db.write() as s:
        assert condolence_visits.get_visit(s, vid).status == "registered"
        condolence_visits.update_visit(s, vid, replace(draft, documents="住院证明或出院小结"), actor="c", today=TODAY)
    with pytest.raises(FieldErrors, match="须查验：医疗费票据复印件。"), office_db.write() as s:
        condolence_visits.advance(s, vid, actor="c", on=date(2026, 3, 3))
    with office_db.write() as s:
        condolence_visits.update_visit(
            s, vid, replace(draft, documents="住院证明或出院小结\n医疗费票据复印件"), actor="c", today=TODAY
        )
        assert condolence_visits.advance(s, vid, actor="c", on=date(2026, 3, 3)).status == "approved"
