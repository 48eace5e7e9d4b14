"""需求调研 rules with worked examples: answers against their question, the need's steps 收集 → 办理 → 回访, age
bands, groups and the breakdown counts."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core import surveys as survey_rules
from desktop.core.errors import DomainError, FieldErrors

Q = survey_rules.Question("您最希望工会提供哪类服务？", "choice", ("技能培训", "心理疏导", "子女托管"), required=True)
ON = date(2026, 6, 1)


def test_options_one_a_line_blanks_and_repeats_dropped() -> None:
    assert survey_rules.options_of(" 技能培训\n\n心理疏导\n技能培训\n") == ["技能培训", "心理疏导"]


def test_answer_must_be_an_option_and_required_ones_answered() -> None:
    assert survey_rules.check_answer(Q, " 心理疏导 ") == "心理疏导"
    with pytest.raises(DomainError, match="没有“读书会”这个选项（可选：技能培训、心理疏导、子女托管）"):
        survey_rules.check_answer(Q, "读书会")
    with pytest.raises(DomainError, match="必须回答"):
        survey_rules.check_answer(Q, "  ")
    optional = survey_rules.Question("其他建议", "text")
    assert survey_rules.check_answer(optional, "") == ""
    assert survey_rules.check_answer(optional, "希望开设瑜伽班") == "希望开设瑜伽班"


def test_question_shapes() -> None:
    with pytest.raises(FieldErrors) as exc:
        survey_rules.check_question(survey_rules.Question("单选", "choice", ("只有一个",)))
    assert exc.value.errors == {"options": "单选题至少要有两个选项，每行一个"}
    with pytest.raises(FieldErrors) as exc:
        survey_rules.check_question(survey_rules.Question("", "text", ("多余",)))
    assert set(exc.value.errors) == {"text", "options"}


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (date(1996, 6, 2), "30岁以下"),  # 29 the day before her 30th birthday
        (date(1996, 6, 1), "30—39岁"),  # 30 on the survey day itself
        (date(1986, 6, 1), "40—49岁"),  # 40 on the day
        (date(1976, 6, 2), "40—49岁"),  # 49
        (date(1976, 6, 1), "50岁及以上"),
    ],
)
def test_age_bands_on_the_survey_date(birth: date, band: str) -> None:
    assert survey_rules.age_band(birth, ON) == band


def _r(
    sex: str = "F",
    birth: date = date(1990, 1, 1),
    post: str = "营林工",
    unit: str = "甘河林场",
    hired: date | None = None,
    single: bool = False,
) -> survey_rules.Respondent:
    return survey_rules.Respondent(sex, birth, post, unit, hired, single)


def test_groups() -> None:
    assert survey_rules.groups_of(_r(birth=date(1976, 6, 1)), ON) == ["older_women"]
    assert survey_rules.groups_of(_r(sex="M", birth=date(1960, 1, 1)), ON) == []  # older men are not in the group
    assert survey_rules.groups_of(_r(hired=date(2025, 6, 2)), ON) == ["new_hires"]  # 364 days
    assert survey_rules.groups_of(_r(hired=date(2025, 6, 1)), ON) == []  # a full year
    assert survey_rules.groups_of(_r(hired=None), ON) == []  # no hire date: not counted
    assert survey_rules.groups_of(_r(single=True, birth=date(1970, 1, 1), hired=date(2026, 1, 5)), ON) == [
        "single_parent",
        "older_women",
        "new_hires",
    ]


def test_breakdown_by_age_and_group_with_totals() -> None:
    answers = [
        (_r(birth=date(2000, 1, 1), hired=date(2026, 3, 1)), "技能培训"),
        (_r(birth=date(1998, 1, 1)), "技能培训"),
        (_r(birth=date(1970, 1, 1), single=True), "心理疏导"),
        (_r(birth=date(1985, 1, 1)), ""),  # did not answer this question
    ]
    by_age = survey_rules.breakdown(Q.options, answers, "age", ON)
    assert [(r.key, r.respondents, dict(r.counts)) for r in by_age] == [
        ("30岁以下", 2, {"技能培训": 2, "心理疏导": 0, "子女托管": 0}),
        ("30—39岁", 0, {"技能培训": 0, "心理疏导": 0, "子女托管": 0}),
        ("40—49岁", 1, {"技能培训": 0, "心理疏导": 0, "子女托管": 0}),
        ("50岁及以上", 1, {"技能培训": 0, "心理疏导": 1, "子女托管": 0}),
        ("合计", 4, {"技能培训": 2, "心理疏导": 1, "子女托管": 0}),
    ]
    assert by_age[0].share("技能培训") == "100.0%" and by_age[1].share("技能培训") == "—"
    by_group = {
        r.key: (r.respondents, r.counts["技能培训"], r.counts["心理疏导"])
        for r in survey_rules.breakdown(Q.options, answers, "group", ON)
    }
    assert by_group == {
        "单亲职工": (1, 0, 1),
        "50岁及以上女职工": (1, 0, 1),
        "入职不满一年": (1, 1, 0),
        "合计": (4, 2, 1),
    }


def test_breakdown_by_post_sorted_by_name_unfilled_last() -> None:
    answers = [(_r(post="护林员"), "子女托管"), (_r(post=""), "技能培训"), (_r(post="护林员"), "子女托管")]
    rows = survey_rules.breakdown(Q.options, answers, "post", ON)
    assert [(r.key, r.respondents, r.counts["子女托管"]) for r in rows] == [
        ("护林员", 2, 2),
        ("（未填岗位）", 1, 0),
        ("合计", 3, 2),
    ]


def test_steps_forward_only_dated_in_order_with_who() -> None:
    ok = survey_rules.NeedSteps(date(2026, 3, 1), "王芳", date(2026, 3, 5), "李明", date(2026, 4, 1), "王芳")
    survey_rules.check_steps(ok, today=ON)
    assert survey_rules.status_of(ok) == "revisited"
    with pytest.raises(FieldErrors) as exc:
        survey_rules.check_steps(survey_rules.NeedSteps(date(2026, 3, 1), "王芳", date(2026, 2, 28), ""), today=ON)
    assert exc.value.errors == {
        "handling_on": "办理日期（2026-02-28）早于收集日期（2026-03-01）",
        "handling_by": "请填写办理人",
    }
    with pytest.raises(FieldErrors) as exc:
        survey_rules.check_steps(
            survey_rules.NeedSteps(date(2026, 3, 1), "王芳", None, "", date(2026, 4, 1), "王芳"), today=ON
        )
    assert exc.value.errors == {"revisited_on": "须先办理，才能回访"}
    with pytest.raises(FieldErrors) as exc:
        survey_rules.check_steps(survey_rules.NeedSteps(date(2026, 6, 2), "王芳"), today=ON)
    assert exc.value.errors == {"collected_on": "收集日期（2026-06-02）晚于今天"}


def test_status_moves_one_step_forward() -> None:
    survey_rules.check_advance("collected", "handling")
    survey_rules.check_advance("handling", "revisited")
    with pytest.raises(DomainError, match="只能依次向前"):
        survey_rules.check_advance("handling", "collected")
    with pytest.raises(DomainError, match="不能改为“回访”"):
        survey_rules.check_advance("collected", "revisited")
