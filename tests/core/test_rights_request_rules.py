"""维权诉求 rules, worked examples: the stage is the furthest dated step; dates in order, litigation only after
arbitration; closing needs an outcome and her satisfaction; the yearly counts carry no names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core import rights_requests as rights_rules
from desktop.core.errors import FieldErrors

TODAY = date(2026, 11, 20)
BASE = rights_rules.RequestFacts("pay", "加班费未按规定计发", date(2026, 3, 2))


def _errors(facts: rights_rules.RequestFacts) -> dict[str, str]:
    with pytest.raises(FieldErrors) as exc:
        rights_rules.check_request(facts, today=TODAY)
    return exc.value.errors


def test_the_stage_is_the_furthest_dated_step() -> None:
    assert rights_rules.stage_of(BASE) == "prevention"
    assert rights_rules.stage_of(replace(BASE, mediation_on=date(2026, 3, 20))) == "mediation"
    # Straight to arbitration without mediation (she did not want to mediate): 仲裁.
    assert rights_rules.stage_of(replace(BASE, arbitration_on=date(2026, 4, 1))) == "arbitration"
    assert (
        rights_rules.stage_of(replace(BASE, arbitration_on=date(2026, 4, 1), litigation_on=date(2026, 6, 1)))
        == "litigation"
    )


def test_dates_go_forward_and_litigation_needs_arbitration() -> None:
    rights_rules.check_request(
        replace(BASE, mediation_on=date(2026, 3, 20), arbitration_on=date(2026, 4, 1)), today=TODAY
    )
    assert _errors(replace(BASE, mediation_on=date(2026, 3, 1))) == {
        "mediation_on": "调解日期（2026-03-01）早于受理日期（2026-03-02）"
    }
    assert _errors(replace(BASE, mediation_on=date(2026, 5, 1), arbitration_on=date(2026, 4, 1))) == {
        "arbitration_on": "仲裁日期（2026-04-01）早于调解日期（2026-05-01）"
    }
    assert _errors(replace(BASE, litigation_on=date(2026, 6, 1))) == {
        "litigation_on": "劳动争议须先经仲裁才能起诉：请先填写仲裁日期"
    }
    assert _errors(replace(BASE, legal_aid_on=date(2026, 3, 1))) == {
        "legal_aid_on": "转介法律援助日期（2026-03-01）早于受理日期"
    }
    assert _errors(replace(BASE, received_on=date(2026, 11, 21))) == {"received_on": "受理日期（2026-11-21）晚于今天"}


def test_closing_needs_outcome_and_satisfaction_and_comes_last() -> None:
    closed = replace(
        BASE, mediation_on=date(2026, 3, 20), closed_on=date(2026, 4, 10), outcome="resolved", satisfaction="satisfied"
    )
    rights_rules.check_request(closed, today=TODAY)
    assert _errors(replace(closed, outcome="", satisfaction="")) == {
        "outcome": "办结时请选择办理结果",
        "satisfaction": "办结时请填写职工满意度（无法联系时选“未能回访”）",
    }
    assert _errors(replace(closed, closed_on=date(2026, 3, 10))) == {
        "closed_on": "办结日期（2026-03-10）早于调解日期（2026-03-20）"
    }
    assert _errors(replace(BASE, satisfaction="satisfied")) == {
        "satisfaction": "满意度在办结回访时填写；请先填写办结日期"
    }
    assert set(_errors(rights_rules.RequestFacts("", " ", None))) == {"category", "summary", "received_on"}


def test_yearly_counts_by_category_and_stage() -> None:
    rows = [
        ("pay", BASE),
        (
            "pay",
            replace(
                BASE,
                mediation_on=date(2026, 3, 20),
                closed_on=date(2026, 4, 10),
                outcome="resolved",
                satisfaction="satisfied",
            ),
        ),
        (
            "pay",
            replace(
                BASE,
                arbitration_on=date(2026, 4, 1),
                legal_aid_on=date(2026, 3, 25),
                closed_on=date(2026, 8, 1),
                outcome="partly",
                satisfaction="unsatisfied",
            ),
        ),
        (
            "protection",
            replace(
                BASE, category="protection", closed_on=date(2026, 3, 5), outcome="resolved", satisfaction="unreachable"
            ),
        ),
    ]
    summary = rights_rules.summarise(rows)
    assert [r.category for r in summary] == [*rights_rules.CATEGORIES.values(), "合计"]
    pay, total = summary[0], summary[-1]
    assert (pay.total, dict(pay.by_stage), pay.legal_aid, pay.closed, pay.resolved) == (
        3,
        {"prevention": 1, "mediation": 1, "arbitration": 1, "litigation": 0},
        1,
        2,
        1,
    )
    assert (pay.satisfied, pay.asked, pay.satisfaction_text) == (1, 2, "50.0%")
    # 未能回访 is left out of the satisfaction rate: 1 of 2 reached, not 1 of 3.
    assert (total.total, total.closed, total.asked, total.satisfaction_text) == (4, 3, 2, "50.0%")
    assert summary[1].satisfaction_text == "—"
