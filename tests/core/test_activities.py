"""Pure rules of branded activities: checks name the field; reach rates are exact and roll up the unit tree."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from desktop.core.activities import (
    ActivityFacts,
    Person,
    check_activity,
    check_honour,
    check_participation,
    format_rate,
    parse_hours,
    rate,
    reach_by_unit,
)
from desktop.core.errors import FieldErrors


def test_rate_is_exact_and_rounds_half_up() -> None:
    assert rate(2, 3) == Decimal("66.7")
    assert rate(1, 8) == Decimal("12.5")
    assert rate(1, 16) == Decimal("6.3")  # 6.25 → 6.3, not banker's 6.2
    assert rate(0, 5) == Decimal("0.0")
    assert rate(0, 0) is None and format_rate(None) == "—"
    assert format_rate(rate(3, 4)) == "75.0%"


def test_activity_check_names_every_wrong_field() -> None:
    with pytest.raises(FieldErrors) as err:
        check_activity(
            ActivityFacts(None, " ", "party", datetime(2026, 3, 8, 9), datetime(2026, 3, 8, 8), budget_fen=-1)
        )
    assert set(err.value.errors) == {"brand_id", "title", "kind", "ends_at", "budget_fen"}
    assert "早于" in err.value.errors["ends_at"]
    check_activity(ActivityFacts(1, "读书分享会", "reading", datetime(2026, 3, 8, 9), None))


def test_award_needs_sign_in_and_hours_are_plausible() -> None:
    with pytest.raises(FieldErrors) as err:
        check_participation(status="registered", role="participant", hours=Decimal(-1), award_name="一等奖")
    assert set(err.value.errors) == {"hours", "award_name"}
    check_participation(status="signed", role="volunteer", hours=Decimal("2.5"), award_name="一等奖", award_rank="一等")
    assert parse_hours("1.25") == Decimal("1.3") and parse_hours("") is None
    with pytest.raises(FieldErrors):
        parse_hours("两小时")


def test_honour_needs_worker_year_and_level() -> None:
    with pytest.raises(FieldErrors) as err:
        check_honour(title="", year=2099, level="city", worker_id=None, family_name="", this_year=2026)
    assert set(err.value.errors) == {"title", "year", "level", "worker_id"}


def test_reach_rolls_up_to_parent_units() -> None:
    # company 1 → farm 2 → team 4; section 3
    parents = {1: None, 2: 1, 3: 1, 4: 2}
    people = [
        Person(10, 4, "F"),
        Person(11, 2, "F"),
        Person(12, 2, "M"),
        Person(13, 3, "F"),
        Person(14, 3, "F"),
        Person(15, 3, "F"),
    ]
    rows = {r.unit_id: r for r in reach_by_unit(people, {10, 12, 13}, parents, [1, 2, 4, 3])}
    assert (rows[1].women, rows[1].women_took_part, rows[1].women_rate) == (5, 2, Decimal("40.0"))
    assert (rows[2].women, rows[2].women_took_part, rows[2].people_took_part) == (2, 1, 2)
    assert rows[4].women_rate == Decimal("100.0") and rows[4].depth == 2
    assert rows[3].women_rate == Decimal("33.3")


def test_family_members_are_listed_and_counted() -> None:
    from desktop.core.activities import family_size, split_family_members

    assert split_family_members("李强（丈夫）、李小明（儿子）\n王芳，") == ["李强（丈夫）", "李小明（儿子）", "王芳"]
    assert family_size("李强（丈夫）、李小明（儿子）", 0) == 3  # the listed members and the worker herself
    assert family_size("", 4) == 4 and family_size("", 0) == 0
    with pytest.raises(FieldErrors) as err:
        check_participation(
            status="signed",
            role="participant",
            hours=None,
            family_members=2,
            family_member_names="李强（丈夫）、李小明（儿子）",
        )
    assert "少于列出的成员 2 人" in err.value.errors["family_members"]
