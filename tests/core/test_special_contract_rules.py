"""专项集体合同 rules: clause values, the contract in force, stricter-wins and the yearly verdict (worked examples)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core import special_contracts as contract_rules
from desktop.core.errors import FieldErrors


def _contract(
    id_: int, start: date, end: date, status: str = "signed", signed: date | None = None, archived: bool = False
) -> contract_rules.ContractFacts:
    return contract_rules.ContractFacts(id_, f"合同{id_}", status, start, end, signed or start, archived)


def test_clause_values_are_checked_per_kind() -> None:
    assert contract_rules.check_clause(contract_rules.ClauseFacts("screening", 2)).value == 2
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_clause(contract_rules.ClauseFacts("screening", 0))
    assert err.value.errors["value"] == "两癌筛查条款的筛查间隔应在1到5年之间，现为0年"
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_clause(contract_rules.ClauseFacts("menstrual_leave", None))
    assert err.value.errors["value"] == "经期假条款须填写每月经期假（1–10天）"
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_clause(contract_rules.ClauseFacts("other", None, text="  "))
    assert "须写明条款内容" in err.value.errors["text"]
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_clause(contract_rules.ClauseFacts("insurance", 80, target_percent=90))
    assert err.value.errors["target_percent"] == "特种病保险条款不设达标比例"
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_clause(contract_rules.ClauseFacts("flowers", 1))
    assert "未知的条款类别“flowers”" in err.value.errors["kind"]
    assert contract_rules.unit_of("screening", "月") == "年" and contract_rules.unit_of("other", " 次 ") == "次"


def test_describe_clause() -> None:
    assert contract_rules.describe_clause(contract_rules.ClauseFacts("screening", 2)) == "两癌筛查每2年一次"
    assert (
        contract_rules.describe_clause(contract_rules.ClauseFacts("exam", 1, target_percent=95))
        == "健康体检每1年一次（覆盖率不低于95%）"
    )
    assert contract_rules.describe_clause(contract_rules.ClauseFacts("menstrual_leave", 2)) == "经期假每月2天"
    assert (
        contract_rules.describe_clause(contract_rules.ClauseFacts("other", 3, text="每年开展女职工维权培训", unit="次"))
        == "每年开展女职工维权培训（3次）"
    )


def test_contract_needs_term_signing_day_and_parties_once_signed() -> None:
    contract_rules.check_contract("草稿", "draft", date(2026, 1, 1), date(2028, 12, 31), None, "", "")
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_contract("合同", "signed", date(2026, 1, 1), date(2025, 12, 31), None, "", "公司")
    assert err.value.errors == {
        "term_end": "终止日 2025-12-31 早于起始日 2026-01-01",
        "signed_on": "状态为“已签订”的合同须填写签订日期",
        "union_party": "请填写工会一方（如“××林业公司工会委员会”）",
    }


def test_a_term_of_more_than_five_years_is_a_likely_slip() -> None:
    contract_rules.check_contract("合同", "draft", date(2026, 1, 1), date(2030, 12, 31), None, "", "")  # five years
    with pytest.raises(FieldErrors) as err:
        contract_rules.check_contract("合同", "draft", date(2026, 1, 1), date(2031, 1, 1), None, "", "")
    assert err.value.errors == {"term_end": "合同期限超过5年，请核对（集体合同期限一般为1至3年）"}


def test_in_force_on_a_day() -> None:
    old = _contract(1, date(2023, 1, 1), date(2025, 12, 31))
    new = _contract(2, date(2025, 10, 1), date(2028, 9, 30), signed=date(2025, 9, 20))
    draft = _contract(3, date(2026, 1, 1), date(2029, 12, 31), status="draft")
    gone = _contract(4, date(2026, 1, 1), date(2029, 12, 31), archived=True)
    assert contract_rules.in_force_on([old, new, draft, gone], date(2024, 6, 1)) == old
    # Overlap of a renewal with the old contract's last months: the later start binds.
    assert contract_rules.in_force_on([old, new], date(2025, 11, 1)) == new
    assert contract_rules.in_force_on([old, new, draft, gone], date(2028, 10, 1)) is None
    assert contract_rules.in_force_on([old], date(2025, 12, 31)) == old  # the last day is inside the term


def test_contract_for_a_year() -> None:
    ended = _contract(1, date(2024, 1, 1), date(2026, 6, 30))
    assert contract_rules.contract_for_year([ended], 2026) == ended  # ended mid-year: still checked for that year
    assert contract_rules.contract_for_year([ended], 2027) is None
    renewal = _contract(2, date(2026, 7, 1), date(2029, 6, 30))
    assert contract_rules.contract_for_year([ended, renewal], 2026) == renewal


def test_stricter_interval_wins_and_names_the_contract() -> None:
    t = contract_rules.stricter_interval(2, 1, "阿里河森工公司女职工权益保护专项集体合同", "第八条")
    assert (t.value, t.by_contract) == (1, True)
    assert t.reason == "按《阿里河森工公司女职工权益保护专项集体合同》第八条每1年一次（严于计划的每2年）"
    assert contract_rules.stricter_interval(1, 2, "合同").value == 1  # the plan is already stricter
    assert contract_rules.stricter_interval(0, 1, "合同") == contract_rules.Tightened(
        0, False, ""
    )  # 0 = no interval check at all
    assert contract_rules.stricter_interval(2, None) == contract_rules.Tightened(2, False, "")


def test_stricter_leave_days() -> None:
    t = contract_rules.stricter_leave_days(0, 2, "专项合同", "第十条")
    assert (t.value, t.reason) == (2, "按《专项合同》第十条每月2天（现行法规无经期假）")
    assert contract_rules.stricter_leave_days(3, 2, "专项合同").value == 3


def test_screening_compliance_worked_example() -> None:
    """120 women of 35–64 at the end of 2026, 103 screened in 2025–2026; clause: every 2 years, at least 85 %."""
    clause = contract_rules.ClauseFacts("screening", 2, article="第八条", target_percent=85)
    row = contract_rules.check_clause_compliance(clause, contract_rules.Figures(103, 120), 2026, "专项合同")
    assert row.verdict == "met" and row.actual == "85.8%（103/120）"
    assert row.explanation.startswith("依《专项合同》第八条：120名应筛查女职工中103人在2025—2026年完成两癌筛查")
    short = contract_rules.check_clause_compliance(clause, contract_rules.Figures(101, 120), 2026, "专项合同")
    # 85 % of 120 is 102: one more woman would have reached it.
    assert short.verdict == "not_met" and "还差1人" in short.explanation


def test_target_share_is_exact() -> None:
    clause = contract_rules.ClauseFacts("exam", 1, target_percent=90)
    assert contract_rules.check_clause_compliance(clause, contract_rules.Figures(9, 10), 2026, "合同").verdict == "met"
    strict = contract_rules.check_clause_compliance(
        contract_rules.ClauseFacts("exam", 1), contract_rules.Figures(9, 10), 2026, "合同"
    )
    assert strict.verdict == "not_met"
    assert strict.explanation == "依《合同》：10名女职工中9人在2026年参加健康体检，达标线100%，距目标100%还差1人"


def test_no_one_to_count_is_no_data_and_insurance_has_none() -> None:
    assert (
        contract_rules.check_clause_compliance(
            contract_rules.ClauseFacts("protection", 15), contract_rules.Figures(0, 0), 2026, "合同"
        ).verdict
        == "no_data"
    )
    row = contract_rules.check_clause_compliance(
        contract_rules.ClauseFacts("insurance", 90),
        contract_rules.Figures(None, None, "未登记特种病保险"),
        2026,
        "合同",
    )
    assert (row.verdict, row.actual) == ("no_data", "无数据（未登记特种病保险）")
    other = contract_rules.check_clause_compliance(
        contract_rules.ClauseFacts("other", None, text="设立母婴室"), contract_rules.Figures(), 2026, "合同"
    )
    assert other.verdict == "manual"


def test_year_check_summary() -> None:
    clauses = [
        contract_rules.ClauseFacts("screening", 2),
        contract_rules.ClauseFacts("insurance", 90),
        contract_rules.ClauseFacts("exam", 1),
    ]
    check = contract_rules.year_check(
        2026, "合同", clauses, [contract_rules.Figures(10, 10), contract_rules.Figures(), contract_rules.Figures(5, 10)]
    )
    assert check.counts == {"met": 1, "not_met": 1, "no_data": 1, "manual": 0}
    assert check.summary() == "2026年度共3项条款：已履行1项，未达到1项，无数据1项"
