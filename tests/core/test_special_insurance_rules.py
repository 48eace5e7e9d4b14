"""特种病保险 rules, worked examples: a claim needs an enrolment covering the diagnosis date and a covered
disease; paid ≤ claimed; papers before 报送; enrolments one year at most, without overlap; renewal reminders."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core import special_insurance as insurance_rules
from desktop.core.errors import FieldErrors

TODAY = date(2026, 11, 20)
Y2026 = insurance_rules.EnrolmentFacts(1, 7, "在职女职工特殊疾病互助保障计划", date(2026, 1, 1), date(2026, 12, 31))
Y2025 = insurance_rules.EnrolmentFacts(2, 7, "在职女职工特殊疾病互助保障计划", date(2025, 1, 1), date(2025, 12, 31))


def _claim(**kw: object) -> insurance_rules.ClaimFacts:
    base = {
        "diagnosis": "breast",
        "diagnosis_date": date(2026, 5, 6),
        "claimed_fen": 1_000_000,
        "paid_fen": None,
        "status": "received",
        "documents": frozenset(),
        "decided_on": None,
    }
    return insurance_rules.ClaimFacts(**{**base, **kw})  # type: ignore[arg-type]


def _errors(claim: insurance_rules.ClaimFacts, enrolments: list[insurance_rules.EnrolmentFacts]) -> dict[str, str]:
    with pytest.raises(FieldErrors) as exc:
        insurance_rules.check_claim(claim, enrolments, today=TODAY)
    return exc.value.errors


def test_the_list_is_the_eight_classes_of_the_plan() -> None:
    assert len(insurance_rules.DIAGNOSES) == 8
    assert {"乳腺癌", "子宫颈癌", "原发性卵巢癌", "子宫内膜癌"} <= set(insurance_rules.DIAGNOSES.values())


def test_a_claim_inside_the_coverage_is_tied_to_that_enrolment() -> None:
    # Diagnosed 2026-05-06; covered 2026-01-01 to 2026-12-31 → the 2026 enrolment, not 2025's.
    assert insurance_rules.check_claim(_claim(), [Y2025, Y2026], today=TODAY) == Y2026
    # The first and the last day of the period are covered.
    assert (
        insurance_rules.check_claim(_claim(diagnosis_date=date(2026, 12, 31)), [Y2026], today=date(2027, 1, 5)) == Y2026
    )
    assert insurance_rules.check_claim(_claim(diagnosis_date=date(2025, 1, 1)), [Y2025, Y2026], today=TODAY) == Y2025


def test_a_diagnosis_outside_every_period_is_refused_naming_the_periods() -> None:
    errors = _errors(_claim(diagnosis_date=date(2024, 12, 31)), [Y2025, Y2026])
    assert errors == {
        "diagnosis_date": "确诊日期2024-12-31不在她的任何保障期内（已登记：2025-01-01 至 2025-12-31、"
        "2026-01-01 至 2026-12-31），不能申请互助金"
    }
    assert "她没有参保登记" in _errors(_claim(), [])["diagnosis_date"]
    archived = insurance_rules.EnrolmentFacts(1, 7, "计划", date(2026, 1, 1), date(2026, 12, 31), archived=True)
    assert "她没有参保登记" in _errors(_claim(), [archived])["diagnosis_date"]


def test_a_disease_outside_the_list_is_not_covered() -> None:
    errors = _errors(_claim(diagnosis="thyroid"), [Y2026])
    assert errors["diagnosis"].startswith("诊断类别不在保障范围内；本计划保障：子宫颈癌、输卵管恶性肿瘤")
    assert _errors(_claim(diagnosis=""), [Y2026])["diagnosis"] == "请选择诊断类别"


def test_paid_never_above_claimed_and_only_when_paid() -> None:
    # Claimed 10,000.00 元, paid 12,000.00 元: refused naming both amounts.
    errors = _errors(
        _claim(
            status="paid",
            paid_fen=1_200_000,
            decided_on=date(2026, 7, 1),
            documents=frozenset({"diagnosis", "pathology"}),
        ),
        [Y2026],
    )
    assert errors == {"paid_fen": "给付金额（12000.00元）超过申请金额（10000.00元）"}
    # Paid 8,000.00 of 10,000.00: fine.
    ok = _claim(
        status="paid", paid_fen=800_000, decided_on=date(2026, 7, 1), documents=frozenset({"diagnosis", "pathology"})
    )
    assert insurance_rules.check_claim(ok, [Y2026], today=TODAY) == Y2026
    assert _errors(_claim(paid_fen=500_000), [Y2026]) == {"paid_fen": "状态为“已受理”时不应填写给付金额"}
    errors = _errors(_claim(status="paid", documents=frozenset({"diagnosis", "pathology"})), [Y2026])
    assert errors == {"paid_fen": "状态为已给付时请填写给付金额", "decided_on": "状态为已给付时请填写给付日期"}
    assert _errors(_claim(claimed_fen=0), [Y2026]) == {"claimed_fen": "申请金额应大于0元"}


def test_papers_before_submission_and_dates_in_order() -> None:
    errors = _errors(_claim(status="submitted", documents=frozenset({"diagnosis"})), [Y2026])
    assert errors == {"documents": "报送前须收齐病理检查报告"}
    errors = _errors(_claim(status="rejected", decided_on=date(2026, 5, 1)), [Y2026])
    assert errors == {"decided_on": "给付/答复日期（2026-05-01）早于确诊日期"}
    assert _errors(_claim(diagnosis_date=date(2026, 11, 21)), [Y2026]) == {
        "diagnosis_date": "确诊日期（2026-11-21）晚于今天"
    }


def test_enrolment_fields_period_and_overlap() -> None:
    insurance_rules.check_enrolment("计划", date(2026, 1, 1), date(2026, 12, 31), 2500, "union")
    with pytest.raises(FieldErrors) as exc:
        insurance_rules.check_enrolment("", date(2026, 1, 1), date(2027, 12, 31), 0, "boss")
    assert set(exc.value.errors) == {"plan_name", "coverage_end", "premium_fen", "payer"}
    assert "一次参保最长一年" in exc.value.errors["coverage_end"]
    with pytest.raises(FieldErrors) as exc:
        insurance_rules.check_enrolment(Y2026.plan_name, date(2026, 7, 1), date(2027, 6, 30), 2500, "worker", [Y2026])
    assert exc.value.errors == {
        "coverage_start": "与她已登记的“在职女职工特殊疾病互助保障计划”保障期（2026-01-01 至 2026-12-31）重叠"
    }
    # Another plan may run beside it; an archived one never blocks.
    insurance_rules.check_enrolment("安康保险", date(2026, 7, 1), date(2027, 6, 30), 2500, "worker", [Y2026])
    with pytest.raises(FieldErrors) as exc:
        insurance_rules.check_enrolment("计划", date(2026, 1, 1), date(2026, 12, 31), 250_000, "union")
    assert exc.value.errors == {"premium_fen": "缴费金额2500.00元超过1000元，请核对（单位是元）"}


def test_renewal_thirty_days_before_the_end_unless_renewed() -> None:
    # Coverage ends 2026-12-31 → reminder on 2026-12-01.
    assert insurance_rules.renewals([Y2026], date(2026, 11, 20), date(2026, 12, 19)) == [
        insurance_rules.Renewal(1, 7, date(2026, 12, 1), date(2026, 12, 31))
    ]
    assert insurance_rules.renewals([Y2026], date(2026, 11, 1), date(2026, 11, 30)) == []
    # Looked at on 12-10: the day has passed while she is still covered → shown on the first day of the window.
    assert insurance_rules.renewals([Y2026], date(2026, 12, 10), date(2027, 1, 8))[0].due == date(2026, 12, 10)
    # Renewed for 2027: nothing to remind of 2026.
    y2027 = insurance_rules.EnrolmentFacts(3, 7, Y2026.plan_name, date(2027, 1, 1), date(2027, 12, 31))
    assert [
        r.enrolment_id for r in insurance_rules.renewals([Y2026, y2027], date(2026, 11, 20), date(2026, 12, 19))
    ] == []


def test_documents_round_trip_in_list_order() -> None:
    stored = insurance_rules.store_documents({"pathology", "diagnosis"})
    assert stored == "diagnosis,pathology"
    assert insurance_rules.documents_text(insurance_rules.parse_documents(stored)) == "医院诊断证明、病理检查报告"
    assert insurance_rules.parse_documents("") == frozenset()
