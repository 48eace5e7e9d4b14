"""特种病保险 services: audited writes, archive not delete, role checks, the claim tied to the enrolment covering
its diagnosis, the renewal and screening reminders, the enrolment share in the 专项集体合同 check, and the ledger
PDF and workbook read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from db.models import AuditEntry
from db.models_exams import ExamAppointment, ExamPlan
from db.models_insurance import InsuranceClaim, InsuranceEnrolment
from desktop.core.errors import DomainError, FieldErrors, PermissionDenied
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.insurance.outputs import export_insurance
from desktop.services.insurance.reminders import insurance_reminders
from desktop.services.printing import FORMS
from desktop.services.roster import workers
from tests.conftest import sign_in_as

TODAY = date(2026, 11, 20)


def _id(birth: date, seq: int, female: bool = True) -> str:
    first17 = f"150785{birth:%Y%m%d}{seq % 100:02d}{2 if female else 1}"
    return first17 + check_char(first17)


def _people(db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        for i, key in enumerate(("李红", "赵敏", "孙丽", "周芳")):
            out[key] = workers.add_worker(
                s,
                WorkerDraft(name=key, id_number=_id(date(1980 + i, 3, 4), i + 1), unit_id=unit),
                actor="t",
                today=TODAY,
            ).id
        out["王强"] = workers.add_worker(
            s, WorkerDraft(name="王强", id_number=_id(date(1980, 1, 1), 9, False), unit_id=unit), actor="t", today=TODAY
        ).id
    return out


def _enrol(db: Database, wid: int, year: int = 2026, **kw: object) -> int:
    draft = insurance_enrolments.EnrolmentDraft(
        **{
            "worker_id": wid,
            "coverage_start": date(year, 1, 1),
            "coverage_end": date(year, 12, 31),
            "premium_fen": 2500,
            "payer": "union",
            **kw,
        }
    )  # type: ignore[arg-type]
    with db.write() as s:
        return insurance_enrolments.add_enrolment(s, draft, actor="t").id


def _claim(**kw: object) -> insurance_enrolments.ClaimDraft:
    return insurance_enrolments.ClaimDraft(
        **{"diagnosis": "breast", "diagnosis_date": date(2026, 5, 6), "claimed_fen": 1_000_000, **kw}
    )  # type: ignore[arg-type]


def test_enrolment_and_claim_are_audited_and_archived_not_deleted(office_db: Database) -> None:
    p = _people(office_db)
    eid = _enrol(office_db, p["李红"])
    with office_db.write() as s:
        cid = insurance_enrolments.add_claim(s, _claim(worker_id=p["李红"]), actor="t", today=TODAY).id
        assert s.get(InsuranceClaim, cid).enrolment_id == eid  # type: ignore[union-attr]
        insurance_enrolments.update_claim(
            s,
            cid,
            _claim(
                worker_id=p["李红"],
                status="paid",
                paid_fen=800_000,
                decided_on=date(2026, 7, 1),
                documents=frozenset({"diagnosis", "pathology"}),
            ),
            actor="t",
            today=TODAY,
        )
        with pytest.raises(DomainError, match="还有1件互助金申请"):
            insurance_enrolments.set_enrolment_archived(s, eid, archived=True, actor="t")
        assert insurance_enrolments.set_claim_archived(s, cid, archived=True, actor="t")
        assert insurance_enrolments.set_enrolment_archived(s, eid, archived=True, actor="t")
    with office_db.read() as s:
        assert insurance_enrolments.list_enrolments(s) == [] and [
            r.id for r in insurance_enrolments.list_enrolments(s, archived=True)
        ] == [eid]
        assert [r.paid_fen for r in insurance_enrolments.list_claims(s, archived=True)] == [800_000]
        assert s.scalar(select(func.count()).select_from(InsuranceEnrolment)) == 1
        actions = [
            (a.entity, a.action)
            for a in s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity.in_(("insurance_enrolment", "insurance_claim")))
                .order_by(AuditEntry.id)
            )
        ]
    assert actions == [
        ("insurance_enrolment", "create"),
        ("insurance_claim", "create"),
        ("insurance_claim", "update"),
        ("insurance_claim", "archive"),
        ("insurance_enrolment", "archive"),
    ]


def test_a_claim_needs_an_enrolment_covering_the_diagnosis(office_db: Database) -> None:
    p = _people(office_db)
    _enrol(office_db, p["李红"], 2025)
    with office_db.write() as s, pytest.raises(FieldErrors) as exc:
        insurance_enrolments.add_claim(s, _claim(worker_id=p["李红"]), actor="t", today=TODAY)
    assert exc.value.errors == {
        "diagnosis_date": "确诊日期2026-05-06不在她的任何保障期内（已登记：2025-01-01 至 2025-12-31），不能申请互助金"
    }
    with office_db.write() as s, pytest.raises(FieldErrors) as exc:
        insurance_enrolments.add_enrolment(
            s,
            insurance_enrolments.EnrolmentDraft(
                worker_id=p["王强"], coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
            ),
            actor="t",
        )
    assert exc.value.errors == {"worker_id": "王强不是女职工，不能参加女职工特殊疾病互助保障"}
    # A second enrolment in the same plan overlapping the first is refused; renewing for 2026 is not.
    with office_db.write() as s, pytest.raises(FieldErrors, match="保障期（2025-01-01 至 2025-12-31）重叠"):
        insurance_enrolments.add_enrolment(
            s,
            insurance_enrolments.EnrolmentDraft(
                worker_id=p["李红"], coverage_start=date(2025, 7, 1), coverage_end=date(2026, 6, 30), premium_fen=2500
            ),
            actor="t",
        )
    eid = _enrol(office_db, p["李红"], 2026)
    with office_db.write() as s:
        cid = insurance_enrolments.add_claim(s, _claim(worker_id=p["李红"]), actor="t", today=TODAY).id
        # Shortening the period past the diagnosis would orphan the claim.
        with pytest.raises(FieldErrors, match="保障期须包含该日期"):
            insurance_enrolments.update_enrolment(
                s,
                eid,
                insurance_enrolments.EnrolmentDraft(
                    worker_id=p["李红"],
                    coverage_start=date(2026, 6, 1),
                    coverage_end=date(2026, 12, 31),
                    premium_fen=2500,
                ),
                actor="t",
            )
    with office_db.read() as s:
        assert insurance_enrolments.claim_row(s, cid).coverage_text == "2026-01-01 至 2026-12-31"


def test_only_accounts_that_may_enter_data_write(office_db: Database) -> None:
    p = _people(office_db)
    admin = office_db.account
    sign_in_as(office_db, "clerk")
    office_db.account = admin
    sign_in_as(office_db, "viewer")
    with pytest.raises(PermissionDenied), office_db.write() as s:
        insurance_enrolments.add_enrolment(
            s,
            insurance_enrolments.EnrolmentDraft(
                worker_id=p["李红"], coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
            ),
            actor="v",
        )
    office_db.account = admin
    sign_in_as(office_db, "clerk")
    _enrol(office_db, p["李红"])


def test_enrolment_share_feeds_the_contract_check(office_db: Database) -> None:
    p = _people(office_db)
    with office_db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title="专项集体合同",
                status="signed",
                term_start=date(2026, 1, 1),
                term_end=date(2028, 12, 31),
                signed_on=date(2025, 12, 20),
                union_party="工会",
                company_party="公司",
            ),
            actor="t",
        ).id
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("insurance", 75, article="第十二条"), actor="t"
        )
    with office_db.read() as s:
        assert contract_service.yearly_check(s, 2026).check.rows[0].verdict == "no_data"
    for name in ("李红", "赵敏", "孙丽"):
        _enrol(office_db, p[name])
    _enrol(office_db, p["周芳"], 2027)  # another year's enrolment does not count for 2026
    with office_db.read() as s:
        row = contract_service.yearly_check(s, 2026).check.rows[0]
        assert insurance_enrolments.enrolment_figures(s, 2026) == (3, 4)
    assert (row.verdict, row.actual) == ("met", "75.0%（3/4）")
    assert row.explanation == "依《专项集体合同》第十二条：4名女职工中3人参保"


def _positive_screening(db: Database, wid: int, day: date, result: str = "recheck") -> None:
    with db.write() as s:
        plan = ExamPlan(
            uid="P-two",
            exam_type="two_cancer",
            name="2026年两癌筛查",
            year=day.year,
            start_date=day,
            end_date=day,
            daily_capacity=50,
        )
        s.add(plan)
        s.flush()
        s.add(
            ExamAppointment(
                uid="A-two",
                plan_id=plan.id,
                worker_id=wid,
                scheduled_date=day,
                status="done",
                actual_date=day,
                result=result,
                follow_up_due=date(2026, 12, 1),
            )
        )


def test_reminders_for_renewal_and_after_a_positive_screening(office_db: Database) -> None:
    p = _people(office_db)
    eid = _enrol(office_db, p["李红"])
    _enrol(office_db, p["赵敏"])
    _enrol(office_db, p["赵敏"], 2027)  # renewed: no reminder for her
    _positive_screening(office_db, p["李红"], date(2026, 11, 10))
    with office_db.read() as s:
        found = insurance_reminders(s, TODAY, date(2026, 12, 19))
    assert [(r.day, r.kind_label, r.name, r.ref_id) for r in found] == [
        (date(2026, 12, 1), "保障期将满", "李红", eid),
        (TODAY, "筛查阳性", "李红", eid),
    ]
    assert found[1].detail.startswith("筛查阳性，可提示申请互助保障：2026年两癌筛查2026-11-10结果为“异常需复查”")
    # Once a claim is entered for a diagnosis after the screening, the hint goes.
    with office_db.write() as s:
        insurance_enrolments.add_claim(
            s, _claim(worker_id=p["李红"], diagnosis_date=date(2026, 11, 18)), actor="t", today=TODAY
        )
    with office_db.read() as s:
        assert [r.kind_label for r in insurance_reminders(s, TODAY, date(2026, 12, 19))] == ["保障期将满"]
    # Two women of the same plan and period: one line for the union's collective renewal.
    _enrol(office_db, p["孙丽"])
    with office_db.read() as s:
        [line] = insurance_reminders(s, TODAY, date(2026, 12, 19))
    assert (line.name, line.unit, line.worker_id) == ("2人", "在职女职工特殊疾病互助保障计划", None)
    assert line.detail.endswith("请收缴下一期互助金（李红等2人）")


def test_ledger_pdf_and_workbook_mask_ids_and_carry_the_claims(office_db: Database, tmp_path: Path) -> None:
    p = _people(office_db)
    _enrol(office_db, p["李红"])
    _enrol(office_db, p["赵敏"], payer="worker", premium_fen=3000)
    with office_db.write() as s:
        insurance_enrolments.add_claim(
            s,
            _claim(
                worker_id=p["李红"],
                status="paid",
                paid_fen=800_000,
                decided_on=date(2026, 7, 1),
                documents=frozenset({"diagnosis", "pathology"}),
            ),
            actor="t",
            today=TODAY,
        )
    pdf = tmp_path / "ledger.pdf"
    assert FORMS["insurance-ledger"](office_db, pdf, year=2026) == 1
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    full = _id(date(1980, 3, 4), 1)
    assert "女职工特殊疾病互助保障台账" in text and full not in text and full[:6] + "*" * 11 + full[-1] in text
    assert "2026-05-06乳腺癌：申请10,000.00，给付8,000.00（已给付）" in text
    assert "2026年参保2人（在册女职工4人，参保率50.0%），保费合计55.00元（工会缴纳25.00元，个人缴纳30.00元" in text
    xlsx = tmp_path / "ins.xlsx"
    assert export_insurance(office_db, xlsx, year=2026) == 3
    wb = load_workbook(xlsx)
    enrolled = list(wb["参保登记"].iter_rows(values_only=True))
    claims = list(wb["互助金申请"].iter_rows(values_only=True))
    assert enrolled[0][:4] == ("姓名", "单位", "身份证号", "保障计划") and len(enrolled) == 3
    assert {r[2] for r in enrolled[1:]} <= {
        _id(date(1980, 3, 4), 1)[:6] + "*" * 11 + _id(date(1980, 3, 4), 1)[-1],
        _id(date(1981, 3, 4), 2)[:6] + "*" * 11 + _id(date(1981, 3, 4), 2)[-1],
    }
    assert claims[1][5:9] == ("乳腺癌", claims[1][6], 10000, 8000)
    with pytest.raises(DomainError, match="须写明用途"):
        export_insurance(office_db, xlsx, year=2026, full_ids=True)


def test_the_roster_profile_says_whether_she_is_covered(office_db: Database) -> None:
    from desktop.services.insurance.profile import insurance_section

    p = _people(office_db)
    _enrol(office_db, p["李红"])
    with office_db.read() as s:
        [section] = insurance_section(s, p["李红"], TODAY)
        assert [(ln.label, ln.value, ln.reason) for ln in section.lines] == [
            ("参保", "在职女职工特殊疾病互助保障计划（2026-01-01 至 2026-12-31）", "保障期满前30天提醒续保")
        ]
        assert insurance_section(s, p["赵敏"], TODAY)[0].lines[0].value == "未登记参保"
        assert insurance_section(s, p["王强"], TODAY) == []
        assert insurance_section(s, p["李红"], date(2027, 2, 1))[0].lines[0].value == "今天不在保障期内"
