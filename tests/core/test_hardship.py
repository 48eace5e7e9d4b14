"""The hardship file a clerk enters (一户一档): cleaned, or each wrong field named (moved to core, #20)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core import hardship as hardship_rules
from desktop.core.errors import FieldErrors

TODAY = date(2026, 11, 20)
DRAFT = hardship_rules.FileDraft(
    main_cause="因病",
    own_income_fen=600000,
    household_income_fen=1200000,
    household_size=3,
    opened_on=date(2026, 3, 1),
    members=(
        hardship_rules.Member("王强", "配偶", income_fen=600000),
        hardship_rules.Member("王小明", "子女", school_or_work="林区二中"),
    ),
)


def test_a_file_is_cleaned() -> None:
    clean = hardship_rules.check_file(
        replace(DRAFT, main_cause=" 因病  致困 ", bank_account="6222 0210 0123 4567", notes=" 复核时补材料 "),
        today=TODAY,
    )
    assert (clean.main_cause, clean.bank_account, clean.notes) == ("因病 致困", "6222021001234567", "复核时补材料")
    assert [m.name for m in clean.members] == ["王强", "王小明"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"grade": "poor"}, "grade", "深度困难"),
        ({"main_cause": " "}, "main_cause", "主要致困原因"),
        ({"opened_on": None}, "opened_on", "建档日期"),
        ({"opened_on": date(2026, 12, 1)}, "opened_on", "晚于今天"),
        ({"last_reviewed_on": date(2026, 2, 1)}, "last_reviewed_on", "早于建档日期"),
        ({"bank_account": "12ab"}, "bank_account", "8到30位数字"),
        ({"household_size": 2}, "household_size", "少于本人加已登记的2位家庭成员"),
        ({"household_income_fen": 1000000}, "household_income_fen", "少于本人与家庭成员收入之和"),
        ({"members": (hardship_rules.Member("", "子女"),)}, "members", "第1位家庭成员：请填写姓名"),
    ],
)
def test_a_file_names_each_wrong_field(change: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(FieldErrors) as e:
        hardship_rules.check_file(replace(DRAFT, **change), today=TODAY)  # type: ignore[arg-type]
    assert words in e.value.errors[field]
