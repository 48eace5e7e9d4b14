"""专项集体合同 services: writes audited and archived (never deleted), the signed file inside the data file, the
yearly figures on a small known dataset, and the clause values tightening the exam interval."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry
from db.models_contracts import SpecialContract
from db.models_exams import ExamAppointment, ExamPlan
from desktop.core.errors import FieldErrors, PermissionDenied
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.services.protections import cases as protections
from desktop.services.roster import workers
from tests.conftest import sign_in_as

TITLE = "阿里河森工公司女职工权益保护专项集体合同"


def _id(birth: date, seq: int, female: bool = True) -> str:
    first17 = f"150785{birth:%Y%m%d}{seq % 100:02d}{2 if female else 1}"
    return first17 + check_char(first17)


def _contract(db: Database, **kw: object) -> int:
    draft = contract_service.ContractDraft(
        **{
            "title": TITLE,
            "status": "signed",
            "term_start": date(2025, 1, 1),
            "term_end": date(2027, 12, 31),
            "signed_on": date(2024, 12, 20),
            "union_party": "阿里河森工公司工会委员会",
            "union_rep": "王芳",
            "company_party": "阿里河森工公司",
            "company_rep": "李明",
            **kw,
        }
    )  # type: ignore[arg-type]
    with db.write() as s:
        return contract_service.add_contract(s, draft, actor="test").id


def test_contract_and_clauses_are_audited_and_archived_not_deleted(office_db: Database) -> None:
    cid = _contract(office_db)
    with office_db.write() as s:
        clause = contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("screening", 2, article="第八条", target_percent=85), actor="t"
        )
        contract_service.update_clause(
            s, clause.id, contract_service.ClauseDraft("screening", 1, article="第八条"), actor="t"
        )
        contract_service.set_clause_archived(s, clause.id, archived=True, actor="t")
        contract_service.set_archived(s, cid, archived=True, actor="t")
    with office_db.read() as s:
        assert s.scalar(select(func.count()).select_from(SpecialContract)) == 1
        assert contract_service.list_contracts(s) == [] and [
            r.id for r in contract_service.list_contracts(s, archived=True)
        ] == [cid]
        assert (
            contract_service.clauses(s, cid) == []
            and contract_service.clauses(s, cid, include_archived=True)[0].value == 1
        )
        actions = [
            (e.entity, e.action)
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.entity.like("special_contract%")).order_by(AuditEntry.id)
            )
        ]
    assert actions == [
        ("special_contract", "create"),
        ("special_contract_clause", "create"),
        ("special_contract_clause", "update"),
        ("special_contract_clause", "archive"),
        ("special_contract", "archive"),
    ]


def test_bad_clause_names_the_field(office_db: Database) -> None:
    cid = _contract(office_db)
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        contract_service.add_clause(s, cid, contract_service.ClauseDraft("menstrual_leave", 12), actor="t")
    assert err.value.errors["value"] == "经期假条款的每月经期假应在1到10天之间，现为12天"


def test_viewer_may_not_write(office_db: Database) -> None:
    sign_in_as(office_db, "viewer")
    with pytest.raises(PermissionDenied), office_db.write() as s:
        contract_service.add_contract(
            s,
            contract_service.ContractDraft(title="x", term_start=date(2026, 1, 1), term_end=date(2026, 12, 31)),
            actor="v",
        )


def test_signed_file_is_kept_inside_the_data_file(office_db: Database, tmp_path) -> None:
    cid = _contract(office_db)
    with office_db.write() as s:
        contract_service.attach_signed_file(s, cid, file_name="合同扫描.pdf", data=b"%PDF-1.4 first", actor="t")
        contract_service.attach_signed_file(
            s, cid, file_name="合同扫描（盖章）.pdf", data=b"%PDF-1.4 stamped", actor="t"
        )
    with office_db.read() as s:
        name, data = contract_service.signed_file_bytes(s, cid)
        out = contract_service.save_signed_copy(s, cid, tmp_path / "copy.pdf")
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "attach").order_by(AuditEntry.id.desc())
        ).first()
    assert (name, data) == ("合同扫描（盖章）.pdf", b"%PDF-1.4 stamped") and out.read_bytes() == data
    assert entry is not None and "合同扫描.pdf" in (entry.before or "")


def _women(db: Database) -> dict[str, int]:
    """Six women and one man: four of 35–64 at the end of 2026, one 30, one 66 (not on the screening list)."""
    people = {
        "a": date(1980, 1, 1),
        "b": date(1985, 6, 1),
        "c": date(1970, 3, 3),
        "d": date(1991, 12, 31),
        "young": date(1996, 5, 5),
        "old": date(1960, 1, 1),
    }
    out: dict[str, int] = {}
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        for i, (key, born) in enumerate(people.items()):
            hz = "physical:3" if key == "a" else ""
            out[key] = workers.add_worker(
                s,
                WorkerDraft(name=f"女工{key}", id_number=_id(born, i + 1), unit_id=unit, hazards=hz),
                actor="t",
                today=date(2026, 11, 1),
            ).id
        out["man"] = workers.add_worker(
            s,
            WorkerDraft(name="男工", id_number=_id(date(1980, 1, 1), 9, False), unit_id=unit),
            actor="t",
            today=date(2026, 11, 1),
        ).id
    return out


def _exam(db: Database, exam_type: str, year: int, done: dict[int, date]) -> None:
    with db.write() as s:
        plan = ExamPlan(
            uid=f"P{exam_type}{year}",
            exam_type=exam_type,
            name=f"{year}{exam_type}",
            year=year,
            start_date=date(year, 5, 1),
            end_date=date(year, 5, 30),
            daily_capacity=50,
        )
        s.add(plan)
        s.flush()
        for wid, day in done.items():
            s.add(
                ExamAppointment(
                    uid=f"A{plan.id}-{wid}",
                    plan_id=plan.id,
                    worker_id=wid,
                    scheduled_date=day,
                    status="done",
                    actual_date=day,
                )
            )


def test_screening_and_exam_figures_on_a_known_dataset(office_db: Database) -> None:
    w = _women(office_db)
    # 两癌: a in 2025, b in 2026, c in 2023 (outside a 2-year window), old in 2026 (outside the age band).
    _exam(office_db, "two_cancer", 2025, {w["a"]: date(2025, 5, 3)})
    _exam(office_db, "two_cancer", 2026, {w["b"]: date(2026, 5, 4), w["old"]: date(2026, 5, 4)})
    _exam(office_db, "two_cancer", 2023, {w["c"]: date(2023, 5, 5)})
    # 年度体检 2026: a, young and the man.
    _exam(
        office_db, "annual", 2026, {w["a"]: date(2026, 5, 6), w["young"]: date(2026, 5, 6), w["man"]: date(2026, 5, 6)}
    )
    with office_db.read() as s:
        two = contract_service.exam_figures(s, "screening", 2026, 2)
        one = contract_service.exam_figures(s, "screening", 2026, 1)
        four = contract_service.exam_figures(s, "screening", 2026, 4)
        exam = contract_service.exam_figures(s, "exam", 2026, 1)
    assert (two.done, two.of) == (2, 4)  # a, b of a, b, c, d
    assert (one.done, one.of) == (1, 4)  # only b in 2026
    assert (four.done, four.of) == (3, 4)  # c's 2023 screening counts within 2023–2026
    assert (exam.done, exam.of) == (2, 6)  # six women; the man is not counted


def test_protection_figures_count_moves_within_the_clause_days(office_db: Database) -> None:
    w = _women(office_db)
    with office_db.write() as s:
        on_time = protections.register_pregnancy(
            s, w["a"], due_date=date(2027, 1, 10), actor="t", today=date(2026, 6, 1)
        )
        on_time.created_at = datetime(2026, 6, 1, 9)
        protections.record_reassignment(
            s,
            on_time.id,
            to_post="资料员",
            to_hazards="",
            reassigned_on=date(2026, 6, 10),
            actor="t",
            today=date(2026, 6, 10),
        )
        late = protections.register_pregnancy(s, w["b"], due_date=date(2027, 2, 1), actor="t", today=date(2026, 7, 1))
        late.created_at = datetime(2026, 7, 1, 9)
        protections.record_reassignment(
            s,
            late.id,
            to_post="资料员",
            to_hazards="",
            reassigned_on=date(2026, 8, 1),
            actor="t",
            today=date(2026, 8, 1),
        )
        safe = protections.register_pregnancy(s, w["d"], due_date=date(2027, 3, 1), actor="t", today=date(2026, 8, 1))
        safe.created_at = datetime(2026, 8, 1, 9)  # her post has no forbidden work: not counted
    with office_db.read() as s:
        f = contract_service.protection_figures(s, 2026, 15)
    assert (f.done, f.of) == (1, 2)


def test_yearly_check_uses_the_contract_of_the_year(office_db: Database) -> None:
    w = _women(office_db)
    _exam(office_db, "two_cancer", 2026, {w["a"]: date(2026, 5, 4), w["b"]: date(2026, 5, 4), w["c"]: date(2026, 5, 4)})
    cid = _contract(office_db)
    with office_db.write() as s:
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("screening", 2, article="第八条", target_percent=75), actor="t"
        )
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("insurance", 90, article="第十二条"), actor="t"
        )
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("menstrual_leave", 2, article="第十条"), actor="t"
        )
    with office_db.read() as s:
        result = contract_service.yearly_check(s, 2026)
        with pytest.raises(Exception, match="2030年没有生效的专项集体合同"):
            contract_service.yearly_check(s, 2030)
    rows = result.check.rows
    assert result.contract.id == cid
    assert [(r.kind, r.verdict) for r in rows] == [
        ("screening", "met"),
        ("insurance", "no_data"),
        ("menstrual_leave", "manual"),
    ]
    assert rows[0].actual == "75.0%（3/4）" and rows[0].explanation.startswith(f"依《{TITLE}》第八条")
    assert rows[1].actual == "无数据（未登记特种病保险）"
    assert "程序按每月2天提示" in rows[2].explanation


def test_clause_values_tighten_the_rules_while_in_force(office_db: Database) -> None:
    cid = _contract(office_db)
    with office_db.write() as s:
        contract_service.add_clause(s, cid, contract_service.ClauseDraft("screening", 1, article="第八条"), actor="t")
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("menstrual_leave", 2, article="第十条"), actor="t"
        )
    with office_db.read() as s:
        inside = contract_service.exam_interval(s, "two_cancer", 2, date(2026, 5, 1))
        after = contract_service.exam_interval(s, "two_cancer", 2, date(2028, 5, 1))
        annual = contract_service.exam_interval(s, "annual", 1, date(2026, 5, 1))
        leave = contract_service.menstrual_leave_on(s, date(2026, 3, 1))
    assert (inside.value, inside.reason) == (1, f"按《{TITLE}》第八条每1年一次（严于计划的每2年）")
    assert (after.value, after.by_contract) == (2, False)  # the contract ended
    assert (annual.value, annual.by_contract) == (1, False)
    assert (leave.value, leave.reason) == (2, f"按《{TITLE}》第十条每月2天（现行法规无经期假）")


def test_contract_interval_feeds_the_exam_rules_and_is_named(office_db: Database) -> None:
    """Screened in May 2025, a 2-year plan of 2026 leaves her out; a contract promising yearly screening while in
    force on the plan's first day brings her in, and the rule's description and the overdue list name it."""
    from desktop.services.exams import coverage as exam_coverage
    from desktop.services.exams import plans as exam_plans
    from desktop.services.exams import scheduling as exam_scheduling

    w = _women(office_db)
    _exam(office_db, "two_cancer", 2025, {w["a"]: date(2025, 5, 3)})
    with office_db.write() as s:
        plan_id = exam_plans.create_plan(s, exam_plans.default_draft("two_cancer", date(2026, 5, 4)), actor="t").id
    with office_db.read() as s:
        plan = exam_plans.get_plan(s, plan_id)
        before = {c.facts.worker_id for c in exam_scheduling.candidates(s, plan)}
        assert "按《" not in exam_plans.describe_rule(s, plan)
    assert w["a"] not in before and w["b"] in before
    cid = _contract(office_db)
    with office_db.write() as s:
        contract_service.add_clause(s, cid, contract_service.ClauseDraft("screening", 1, article="第八条"), actor="t")
    with office_db.read() as s:
        plan = exam_plans.get_plan(s, plan_id)
        after = {c.facts.worker_id for c in exam_scheduling.candidates(s, plan)}
        units = {wid for wid, _ in exam_scheduling.eligible_units(s, plan)}
        text = exam_plans.describe_rule(s, plan)
        late = exam_coverage.overdue(s, plan_id, on=date(2027, 1, 10))
    assert w["a"] in after and w["a"] in units
    assert text.endswith(f"1年内未检；按《{TITLE}》第八条每1年一次（严于计划的每2年）")
    row = next(r for r in late if r.worker_id == w["a"])
    assert row.detail == f"上次2025-05-03，应每1年一次（依《{TITLE}》第八条）"


def test_menstrual_leave_clause_shows_in_a_womans_profile(office_db: Database) -> None:
    from desktop.services.contracts.profile import contract_section
    from desktop.services.roster.profile import providers

    assert contract_section in providers()
    w = _women(office_db)
    on = date(2026, 3, 1)
    with office_db.read() as s:
        assert contract_section(s, w["a"], on) == []  # 0 days and no contract: nothing to say
    cid = _contract(office_db)
    with office_db.write() as s:
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("menstrual_leave", 2, article="第十条"), actor="t"
        )
    with office_db.read() as s:
        section = contract_section(s, w["a"], on)[0]
        assert contract_section(s, w["man"], on) == []
    line = section.lines[0]
    assert (section.title, line.label, line.value) == ("专项集体合同", "经期假", "每月2天")
    assert line.reason == f"按《{TITLE}》第十条每月2天（现行法规无经期假）"


def test_reminders_before_expiry_and_for_the_yearly_check(office_db: Database) -> None:
    from desktop.services.contracts.reminders import contract_reminders
    from desktop.services.reminders import collect_reminders

    cid = _contract(office_db)  # 2025-01-01 … 2027-12-31
    with office_db.read() as s:
        autumn = [
            (r.day, r.kind_label, r.overdue)
            for r in collect_reminders(s, date(2027, 9, 1), 120)
            if r.area == "专项集体合同"
        ]
        late = [(r.day, r.kind_label, r.overdue) for r in contract_reminders(s, date(2027, 11, 10), date(2027, 11, 20))]
        y2026 = [(r.day, r.kind_label) for r in contract_reminders(s, date(2026, 1, 1), date(2026, 12, 31))]
    assert autumn == [
        (date(2027, 10, 2), "合同到期前90天", False),
        (date(2027, 12, 1), "合同到期前30天", False),
        (date(2027, 12, 1), "年度履行检查", False),
    ]
    assert late == [(date(2027, 11, 10), "合同到期前90天", True)]  # passed, not yet the 30-day one: not lost
    assert y2026 == [(date(2026, 12, 1), "年度履行检查")]
    with office_db.read() as s:
        december = [
            (r.day, r.kind_label, r.overdue) for r in contract_reminders(s, date(2026, 12, 4), date(2027, 1, 2))
        ]
        january = [r.kind_label for r in contract_reminders(s, date(2027, 1, 2), date(2027, 1, 31))]
    assert december == [(date(2026, 12, 4), "年度履行检查", True)] and january == []  # kept through December
    # A renewal in force from the day after the end: no expiry reminders any more.
    _contract(
        office_db,
        title="续签合同",
        term_start=date(2028, 1, 1),
        term_end=date(2030, 12, 31),
        signed_on=date(2027, 11, 1),
    )
    with office_db.read() as s:
        kinds = {r.kind_label for r in contract_reminders(s, date(2027, 9, 1), date(2027, 12, 31)) if r.ref_id == cid}
    assert kinds == {"年度履行检查"}
