"""Condolence and hardship rules: caps, frequency limits, money exact to the fen, per-capita income."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.core import condolences as condolence_rules
from desktop.core import hardship as hardship_rules
from desktop.core.errors import DomainError, FieldErrors

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("500", 50000),
        ("1,200.5", 120050),
        ("¥80.00", 8000),
        ("300元", 30000),
        ("", 0),
        (None, 0),
        (19.99, 1999),
        (Decimal("0.01"), 1),
        (2500, 250000),
        (" 0.10 ", 10),
    ],
)
def test_parse_yuan_is_exact(text: object, fen: int) -> None:
    assert condolence_rules.parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["abc", "1.234", "-5", "1e3", "5..0"])
def test_parse_yuan_refuses_what_is_not_money(text: str) -> None:
    with pytest.raises(DomainError):
        condolence_rules.parse_yuan(text)


def test_yuan_shows_two_decimals() -> None:
    assert condolence_rules.yuan(250000) == "2,500.00"
    assert condolence_rules.yuan(1999) == "19.99"
    assert condolence_rules.yuan(5) == "0.05"
    assert condolence_rules.yuan(123456789, grouping=False) == "1234567.89"


def test_festival_cap_is_2500_from_2023_and_2000_before() -> None:
    assert condolence_rules.default_standard("festival", date(2023, 1, 1)).yearly_cap_fen == 250000
    assert condolence_rules.default_standard("festival", date(2022, 12, 31)).yearly_cap_fen == 200000


def test_yearly_festival_cap_crossing_names_rule_and_numbers() -> None:
    std = condolence_rules.default_standard("festival", date(2026, 9, 1))
    prior = [condolence_rules.PriorVisit("festival", date(2026, m, 1), 60000) for m in (1, 4, 5, 6)]  # 2,400 yuan
    ok = condolence_rules.check_visit(std, visit_date=date(2026, 9, 10), cash_fen=0, goods_fen=10000, prior=prior)
    assert ok == []  # exactly 2,500.00 is within the cap
    broken = condolence_rules.check_visit(std, visit_date=date(2026, 9, 10), cash_fen=0, goods_fen=10001, prior=prior)
    assert [v.rule for v in broken] == ["yearly_cap"]
    msg = broken[0].message
    assert "2,500.00" in msg and "2,400.00" in msg and "100.01" in msg and "0.01" in msg and "2023-01-01" in msg
    # Last year's goods do not count against this year.
    old = [condolence_rules.PriorVisit("festival", date(2025, 12, 30), 250000)]
    assert condolence_rules.check_visit(std, visit_date=date(2026, 1, 1), cash_fen=0, goods_fen=30000, prior=old) == []


def test_festival_goods_are_never_cash() -> None:
    std = condolence_rules.default_standard("festival", date(2026, 1, 1))
    broken = condolence_rules.check_visit(std, visit_date=date(2026, 1, 20), cash_fen=20000, goods_fen=0)
    assert broken[0].rule == "mode" and "不能发放现金" in broken[0].message


def test_same_illness_once_a_year_and_hospital_twice() -> None:
    std = condolence_rules.default_standard("sick", date(2026, 1, 1))
    first = [condolence_rules.PriorVisit("sick", date(2026, 3, 2), 50000, "肺炎")]
    broken = condolence_rules.check_visit(
        std, visit_date=date(2026, 6, 1), cash_fen=50000, goods_fen=0, cause="肺 炎", prior=first
    )
    assert [v.rule for v in broken] == ["once_per_cause"]
    assert "2026-03-02" in broken[0].message
    assert (
        condolence_rules.check_visit(
            std, visit_date=date(2026, 6, 1), cash_fen=50000, goods_fen=0, cause="骨折", prior=first
        )
        == []
    )
    two = first + [condolence_rules.PriorVisit("sick", date(2026, 6, 1), 50000, "骨折")]
    third = condolence_rules.check_visit(
        std, visit_date=date(2026, 9, 1), cash_fen=50000, goods_fen=0, cause="胆结石", prior=two
    )
    assert [v.rule for v in third] == ["per_year"]
    assert "最多慰问2次" in third[0].message and "2026-03-02、2026-06-01" in third[0].message
    next_year = condolence_rules.check_visit(
        std, visit_date=date(2027, 1, 5), cash_fen=50000, goods_fen=0, cause="肺炎", prior=two
    )
    assert next_year == []


def test_per_occasion_cap() -> None:
    std = condolence_rules.default_standard("sick", date(2026, 1, 1))
    broken = condolence_rules.check_visit(std, visit_date=date(2026, 2, 1), cash_fen=100001, goods_fen=0, cause="x")
    assert broken[0].rule == "cap" and "1,000.00" in broken[0].message and "0.01" in broken[0].message


def test_status_flow() -> None:
    assert condolence_rules.next_status("registered") == "approved"
    assert condolence_rules.next_status("approved") == "paid"
    with pytest.raises(DomainError):
        condolence_rules.next_status("paid")


def test_standard_check() -> None:
    std = condolence_rules.default_standard("sick", date(2026, 1, 1))
    from dataclasses import replace

    with pytest.raises(FieldErrors) as e:
        condolence_rules.check_standard(replace(std, default_fen=200000))
    assert "default_fen" in e.value.errors


@pytest.mark.parametrize(
    ("income", "size", "expected"),
    [
        (3600000, 3, 1200000),
        (100, 3, 33),
        (200, 3, 67),
        (1, 2, 1),
        (0, 4, 0),
        (1000001, 2, 500001),
    ],
)
def test_per_capita_income_rounds_half_up_to_the_fen(income: int, size: int, expected: int) -> None:
    assert hardship_rules.per_capita_fen(income, size) == expected


def test_household_numbers_must_agree() -> None:
    members = [
        hardship_rules.Member("李明", "子女", income_fen=0),
        hardship_rules.Member("王芳", "配偶", income_fen=1200000),
    ]
    hardship_rules.check_household(
        own_income_fen=3000000, household_income_fen=4200000, household_size=3, members=members
    )
    with pytest.raises(FieldErrors) as e:
        hardship_rules.check_household(
            own_income_fen=3000000, household_income_fen=4000000, household_size=2, members=members
        )
    assert set(e.value.errors) == {"household_size", "household_income_fen"}


def test_members_checked_by_row() -> None:
    with pytest.raises(FieldErrors) as e:
        hardship_rules.check_members([hardship_rules.Member("李明", "子女", "150785198503120023")])
    assert "李明" in e.value.errors["members"]
    ok = hardship_rules.check_members([hardship_rules.Member(" 李 明 ", "子女", "15078519920815008x")])
    assert ok[0].name == "李明" and ok[0].id_number == "15078519920815008X"


def test_status_transitions_need_date_and_reason() -> None:
    hardship_rules.check_transition("active", "out", on=date(2026, 5, 1), reason="子女就业，收入提高")
    with pytest.raises(FieldErrors) as e:
        hardship_rules.check_transition("active", "withdrawn", on=None, reason="")
    assert set(e.value.errors) == {"status_on", "status_reason"}
    with pytest.raises(DomainError):
        hardship_rules.check_transition("out", "withdrawn", on=date(2026, 5, 1), reason="退休")
    hardship_rules.check_transition("out", "active", on=date(2026, 5, 1), reason="再次因病致困")


def test_review_due_is_a_year_after_the_last_review() -> None:
    assert hardship_rules.review_due(date(2024, 2, 29), None) == date(2025, 3, 1)
    assert hardship_rules.review_due(date(2024, 1, 10), date(2025, 12, 1)) == date(2026, 12, 1)


def test_an_override_covers_only_the_rules_and_numbers_it_was_given_for() -> None:
    cap = condolence_rules.Violation("cap", "“生病住院”每次最多1,000.00元，本次1,200.00元，超出200.00元")
    once = condolence_rules.Violation("once_per_cause", "同一疾病每年只慰问一次：“肺炎”已于2026-03-02慰问")
    given = condolence_rules.describe([once])
    assert condolence_rules.uncovered([once], given) == []
    assert condolence_rules.uncovered([once, cap], given) == [cap]
    bigger = condolence_rules.Violation("cap", "“生病住院”每次最多1,000.00元，本次1,500.00元，超出500.00元")
    assert condolence_rules.uncovered([bigger], condolence_rules.describe([cap])) == [bigger]
    assert condolence_rules.uncovered([cap], "") == [cap]


# --- #18 item 1: marriage and childbirth are goods by the national rule --------------------------------------


@pytest.mark.parametrize("occasion", ["marriage", "childbirth"])
def test_marriage_and_childbirth_default_to_goods(occasion: str) -> None:
    # Audit case: a 500-yuan cash gift on a marriage was accepted because the default was "either".
    std = condolence_rules.default_standard(occasion, date(2026, 5, 1))
    assert std.mode == "goods"
    broken = condolence_rules.check_visit(std, visit_date=date(2026, 5, 1), cash_fen=50000, goods_fen=0)
    assert [v.rule for v in broken] == ["mode"] and "只能发放慰问品" in broken[0].message
    assert condolence_rules.check_visit(std, visit_date=date(2026, 5, 1), cash_fen=0, goods_fen=50000) == []


@pytest.mark.parametrize("occasion", ["sick", "death_member", "death_relative"])
def test_cash_stays_allowed_for_hospital_and_death(occasion: str) -> None:
    assert condolence_rules.default_standard(occasion, date(2026, 5, 1)).mode == "cash"


def test_allowing_cash_where_the_national_rule_gives_goods_needs_a_reason() -> None:
    from dataclasses import replace

    std = replace(condolence_rules.default_standard("marriage", date(2026, 1, 1)), mode="either")
    message = condolence_rules.departure_from_national(std)
    assert "总工办发〔2017〕32号" in message and "结婚" in message
    assert (
        condolence_rules.departure_from_national(condolence_rules.default_standard("marriage", date(2026, 1, 1))) == ""
    )
    assert condolence_rules.departure_from_national(condolence_rules.default_standard("sick", date(2026, 1, 1))) == ""
    with pytest.raises(FieldErrors) as e:
        condolence_rules.check_departure(std, note="  ")
    assert "依据" in e.value.errors["note"]
    condolence_rules.check_departure(std, note="工会委员会2026年第3次会议决定：结婚慰问可发现金")


# --- #18 items 2 and 3: the closed festival list ---------------------------------------------------------------

SEBIN = condolence_rules.EthnicFestival("瑟宾节", "鄂温克族", date(2020, 1, 1), True, "自治区批准")


def test_statutory_festivals_follow_the_2017_rule() -> None:
    # 总工办发〔2017〕32号: 新年、春节、清明节、劳动节、端午节、中秋节、国庆节 — 清明 in, 三八 out.
    assert list(condolence_rules.STATUTORY_FESTIVALS.values()) == [
        "元旦",
        "春节",
        "清明",
        "五一",
        "端午",
        "中秋",
        "国庆",
    ]
    assert (
        condolence_rules.FESTIVALS["womens_day"] == "三八"
    )  # still shown on visits entered before the list was closed
    for name in ("圣诞节", "情人节", "womens_day", "ethnic", ""):
        with pytest.raises(FieldErrors) as e:
            condolence_rules.check_festival(name, date(2026, 12, 24), [SEBIN])
        assert "总工办发〔2017〕32号" in e.value.errors["festival"]
    condolence_rules.check_festival("qingming", date(2026, 4, 5), [])
    condolence_rules.check_festival("瑟宾节", date(2026, 6, 18), [SEBIN])


def test_ethnic_festival_rows_are_dated_and_can_be_withdrawn() -> None:
    stop = condolence_rules.EthnicFestival("瑟宾节", "", date(2027, 1, 1), False, "停发")
    assert condolence_rules.ethnic_festival_on("瑟宾节", date(2019, 12, 31), [SEBIN, stop]) is None
    assert condolence_rules.ethnic_festival_on("瑟宾节", date(2026, 6, 18), [SEBIN, stop]) == SEBIN
    assert condolence_rules.ethnic_festival_on("瑟宾节", date(2027, 6, 18), [SEBIN, stop]) is None
    assert dict(condolence_rules.festivals_on(date(2026, 6, 18), [SEBIN, stop]))["瑟宾节"] == "瑟宾节（鄂温克族）"


def test_ethnic_festival_goods_for_another_ethnicity_are_a_named_breach() -> None:
    assert condolence_rules.ethnicity_violation("瑟宾节", date(2026, 6, 18), [SEBIN], "鄂温克族") is None
    assert condolence_rules.ethnicity_violation("spring", date(2026, 2, 1), [SEBIN], "汉族") is None
    wrong = condolence_rules.ethnicity_violation("瑟宾节", date(2026, 6, 18), [SEBIN], "汉族", "张丽")
    assert wrong is not None and wrong.rule == "ethnicity"
    assert "只发给鄂温克族会员" in wrong.message and "张丽的民族为“汉族”" in wrong.message
    blank = condolence_rules.ethnicity_violation("瑟宾节", date(2026, 6, 18), [SEBIN], " ")
    assert blank is not None and "未填写" in blank.message


def test_documents_to_check_before_approval() -> None:
    """#17 item 2 (docs/decisions.md): the standard's 须查验 documents not ticked, in the standard's order."""
    required = ("住院证明或出院小结", "医疗费票据复印件")
    assert condolence_rules.missing_documents(required, "") == required
    assert condolence_rules.missing_documents(required, "医疗费票据复印件\n病历") == ("住院证明或出院小结",)
    assert condolence_rules.missing_documents(required, " 住院证明或出院小结 \n医疗费票据复印件") == ()
    assert condolence_rules.documents_text("", required) == "未查验（须查验：住院证明或出院小结、医疗费票据复印件）"
    assert (
        condolence_rules.documents_text("医疗费票据复印件", required) == "医疗费票据复印件；未查验：住院证明或出院小结"
    )
    assert (
        condolence_rules.documents_text("医疗费票据复印件\n住院证明或出院小结", required)
        == "医疗费票据复印件、住院证明或出院小结"
    )
    assert condolence_rules.documents_text("", ()) == "本项无须查验材料"


# --- the visit draft (moved from the service, #20) ---------------------------------------------------


def _draft(**kw: object) -> condolence_rules.VisitDraft:
    base: dict[str, object] = {"occasion": "sick", "visit_date": date(2026, 3, 2), "cause": "肺炎", "cash_fen": 50000}
    base.update(kw)
    return condolence_rules.VisitDraft(**base)  # type: ignore[arg-type]


def test_a_draft_is_cleaned() -> None:
    clean = condolence_rules.check_draft(
        _draft(cause=" 肺  炎 ", visitors="刘刚  王芳", documents="\n 出院小结 \n\n"), today=TODAY
    )
    assert (clean.cause, clean.visitors, clean.documents) == ("肺 炎", "刘刚 王芳", "出院小结")


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"occasion": "bonus"}, "occasion", "请选择慰问事由"),
        ({"visit_date": None}, "visit_date", "请填写慰问日期"),
        ({"visit_date": date(2028, 1, 1)}, "visit_date", "太远"),
        ({"event_date": date(2026, 3, 3)}, "event_date", "晚于慰问日期"),
        ({"cause": " "}, "cause", "同一疾病每年只慰问一次"),
        ({"occasion": "festival", "festival": ""}, "festival", "节日"),
        ({"occasion": "death_relative", "relative_relation": "配偶"}, "relative_name", "姓名"),
        (
            {"occasion": "death_relative", "relative_name": "张三", "relative_relation": "表哥"},
            "relative_relation",
            "配偶",
        ),
        ({"cash_fen": -1}, "cash_fen", "不合理"),
        ({"cash_fen": 0}, "cash_fen", "至少一项"),
        ({"goods_fen": 3000}, "goods", "米、面、油"),
    ],
)
def test_a_draft_names_each_wrong_field(kw: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(FieldErrors) as e:
        condolence_rules.check_draft(_draft(**kw), today=TODAY)
    assert words in e.value.errors[field]


def test_no_amount_is_asked_for_only_once_the_rest_reads() -> None:
    with pytest.raises(FieldErrors) as e:
        condolence_rules.check_draft(_draft(cash_fen=0, visit_date=None), today=TODAY)
    assert set(e.value.errors) == {"visit_date"}


def test_the_same_cause_is_the_illness_or_the_relative() -> None:
    assert condolence_rules.cause_key(_draft(cause="肺炎")) == "肺炎"
    assert (
        condolence_rules.cause_key(_draft(occasion="death_relative", relative_relation="父亲", relative_name="张三"))
        == "父亲张三"
    )


# --- the one override rule (#18 item 5, #20): add, edit, restore and approve --------------------------

SAME_ILLNESS = condolence_rules.Violation("once_per_cause", "同一疾病每年只慰问一次：“肺炎”已于2026-03-02慰问")
OVER_CAP = condolence_rules.Violation("cap", "“生病住院”每次最多1,000.00元，本次1,200.00元，超出200.00元")
CHAIR = condolence_rules.Override(SAME_ILLNESS.message, "经工会主席批准：肺炎复发", "chair")


def test_nothing_broken_records_no_override_and_an_old_one_lapses() -> None:
    assert condolence_rules.settle_override([], stored=CHAIR, given="", actor="clerk") == condolence_rules.Override()
    assert (
        condolence_rules.settle_override([], stored=CHAIR, given="经主席批准：照发", actor="clerk")
        == condolence_rules.Override()
    )


def test_the_stored_override_stands_for_the_breaches_it_names() -> None:
    assert condolence_rules.settle_override([SAME_ILLNESS], stored=CHAIR, given="", actor="clerk") == CHAIR


def test_a_new_breach_needs_a_new_reason() -> None:
    assert condolence_rules.settle_override([SAME_ILLNESS, OVER_CAP], stored=CHAIR, given="", actor="clerk") is None
    assert (
        condolence_rules.settle_override([OVER_CAP], stored=condolence_rules.Override(), given="", actor="clerk")
        is None
    )


def test_a_written_reason_covers_every_breach_as_the_actor_s() -> None:
    settled = condolence_rules.settle_override(
        [SAME_ILLNESS, OVER_CAP], stored=CHAIR, given=" 经主席再次批准： 病重 ", actor="clerk2"
    )
    assert settled == condolence_rules.Override(
        condolence_rules.describe([SAME_ILLNESS, OVER_CAP]), "经主席再次批准： 病重", "clerk2"
    )


def test_a_stored_override_is_narrowed_to_the_breaches_left() -> None:
    both = condolence_rules.Override(condolence_rules.describe([SAME_ILLNESS, OVER_CAP]), "经主席批准：重症", "chair")
    assert condolence_rules.settle_override(
        [OVER_CAP], stored=both, given="", actor="clerk"
    ) == condolence_rules.Override(OVER_CAP.message, "经主席批准：重症", "chair")


def test_changed_numbers_are_a_new_breach() -> None:
    more = condolence_rules.Violation(
        "cap", OVER_CAP.message.replace("200.00", "300.00").replace("1,200.00", "1,300.00")
    )
    stored = condolence_rules.Override(OVER_CAP.message, "经主席批准：重症", "chair")
    assert condolence_rules.settle_override([more], stored=stored, given="", actor="clerk") is None


def test_a_reason_too_short_to_name_who_and_why_is_refused() -> None:
    with pytest.raises(FieldErrors) as e:
        condolence_rules.settle_override([OVER_CAP], stored=condolence_rules.Override(), given="同意", actor="clerk")
    assert "过短" in e.value.errors["override_reason"]
