"""Post conflicts on a fixed day: prohibited work, night shifts/overtime, menstruation rotation list."""

from __future__ import annotations

from datetime import date

import pytest
from test_protection_cases import ON, populate, unit, woman

from desktop.core.errors import DomainError
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.protections import conflicts as protection_conflicts


def _kinds(conflicts: list[protection_conflicts.Conflict]) -> dict[tuple[str, str], protection_conflicts.Conflict]:
    return {(c.name, c.kind): c for c in conflicts}


def test_conflict_list_on_a_fixed_day(office_db: Database) -> None:
    populate(office_db)
    with office_db.read() as s:
        found = protection_conflicts.conflicts(s, ON)
    by = _kinds(found)
    assert sorted(by) == [
        ("刘洋", "night_overtime"),  # lactating, post with night shifts
        ("吴霞", "menstruation"),  # cold-water work grade II, for rotation planning
        ("张丽", "prohibited"),  # pregnant, chainsaw vibration and noise III
        ("李娜", "night_overtime"),  # 7+ months, post with overtime
    ]
    zhang = by[("张丽", "prohibited")]
    assert zhang.reasons == [
        "孕期禁忌：噪声作业Ⅲ级（孕期禁止Ⅲ级及以上的噪声作业，国务院令第619号附录）",
        "孕期禁忌：强烈振动（国务院令第619号附录）",
    ]
    assert (zhang.unit, zhang.post, zhang.conditions, zhang.state_label) == (
        "甘河林场/一班",
        "油锯手",
        "噪声作业Ⅲ级、强烈振动",
        "孕16周",
    )
    assert "夜班" in by[("刘洋", "night_overtime")].reasons[0]
    assert "延长劳动时间" in by[("李娜", "night_overtime")].reasons[0]
    assert by[("吴霞", "menstruation")].reasons == [
        "经期禁忌：冷水作业Ⅱ级（经期禁止Ⅱ级及以上的冷水作业，国务院令第619号附录）"
    ]
    # Ordered by kind: prohibited work first, the rotation list last.
    assert [c.kind for c in found] == ["prohibited", "night_overtime", "night_overtime", "menstruation"]


def test_reassignment_to_a_safe_post_removes_the_conflict(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, ids["张丽"], to_post="资料员", to_hazards="", reassigned_on=date(2026, 11, 20), actor="clerk", today=ON
        )
        protection_cases.record_reassignment(
            s, ids["刘洋"], to_post="检尺员（白班）", to_hazards="", reassigned_on=ON, actor="clerk", today=ON
        )
    with office_db.read() as s:
        assert ("张丽", "prohibited") in _kinds(protection_conflicts.conflicts(s, date(2026, 11, 19)))
        now = _kinds(protection_conflicts.conflicts(s, ON))
    assert ("张丽", "prohibited") not in now and ("刘洋", "night_overtime") not in now
    assert ("李娜", "night_overtime") in now


def test_reassignment_to_another_bad_post_keeps_a_conflict(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s,
            ids["张丽"],
            to_post="育苗工",
            to_hazards="cold_water:1",
            reassigned_on=date(2026, 11, 20),
            actor="clerk",
            today=ON,
        )
    with office_db.read() as s:
        zhang = _kinds(protection_conflicts.conflicts(s, ON))[("张丽", "prohibited")]
    assert zhang.post == "育苗工" and "冷水作业Ⅰ级" in zhang.reasons[0]


def test_night_ban_starts_at_seven_months(office_db: Database) -> None:
    wid = woman(office_db, "孙悦", post="值班员", hazards="night_shift")
    with office_db.write() as s:
        protection_cases.register_pregnancy(
            s, wid, lmp=date(2026, 5, 10), actor="clerk", today=ON
        )  # 7 months on 2026-12-10
    with office_db.read() as s:
        assert protection_conflicts.conflicts(s, date(2026, 12, 9)) == []
        [late] = protection_conflicts.conflicts(s, date(2026, 12, 10))
    assert (late.kind, late.state_label) == ("night_overtime", "孕7月以上")


def test_on_leave_is_listed_with_a_note(office_db: Database) -> None:
    wid = woman(office_db, "王芳", post="油锯手", hazards="vibration,physical:3")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(
            s, wid, due_date=date(2026, 11, 1), actor="clerk", today=date(2026, 5, 1)
        ).id
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 10, 28), actor="clerk", today=ON)
    with office_db.read() as s:
        [item] = protection_conflicts.conflicts(s, ON)
    # After the birth the lactation column applies: physical labour III counts, vibration no longer does.
    assert item.state_label == "产假中"
    assert item.reasons[0].startswith("哺乳期禁忌：体力劳动强度Ⅲ级")
    assert item.reasons[-1] == "目前产假中，返岗前须调整岗位"


def test_filters_by_unit_and_kind(office_db: Database) -> None:
    populate(office_db)
    with office_db.read() as s:
        farm = protection_conflicts.conflicts(s, ON, unit_id=unit(office_db, "甘河林场"))
        assert sorted(c.name for c in farm) == ["吴霞", "张丽", "李娜"]
        assert [c.name for c in protection_conflicts.conflicts(s, ON, kinds={"menstruation"})] == ["吴霞"]
        with pytest.raises(DomainError, match="未知的冲突类别"):
            protection_conflicts.conflicts(s, ON, kinds={"noise"})


def test_men_retired_and_pregnant_women_are_not_on_the_menstruation_list(office_db: Database) -> None:
    woman(office_db, "王建国", born=date(1990, 7, 7), seq=3, female=False, hazards="cold_water:3")
    woman(office_db, "马兰", seq=4, hazards="height:3", employment_type="retired")
    pregnant = woman(office_db, "白雪", seq=5, hazards="height:3")
    woman(office_db, "高原", seq=6, hazards="height:2")  # grade II height is allowed during menstruation
    with office_db.write() as s:
        protection_cases.register_pregnancy(s, pregnant, lmp=date(2026, 8, 3), actor="clerk", today=ON)
    with office_db.read() as s:
        found = _kinds(protection_conflicts.conflicts(s, ON))
    assert sorted(found) == [("白雪", "prohibited")]


def test_general_prohibitions_apply_to_every_woman(office_db: Database) -> None:
    """#18 item 8: decree 619 appendix 一 (underground mining, physical labour grade IV, loads over 20 kg six
    times an hour or over 25 kg at once) is forbidden to every woman, not only in a protected period."""
    woman(office_db, "井下女", seq=3, hazards="underground_mining")
    woman(office_db, "搬运女", seq=4, hazards="heavy_load")
    woman(office_db, "重体力", seq=5, hazards="physical:4")
    woman(office_db, "三级", seq=6, hazards="physical:3")  # grade III: only in menstruation/pregnancy/lactation
    woman(office_db, "王建国", born=date(1990, 7, 7), seq=7, female=False, hazards="underground_mining")
    with office_db.read() as s:
        found = _kinds(protection_conflicts.conflicts(s, ON, kinds={"all_women"}))
    assert sorted(found) == [("井下女", "all_women"), ("搬运女", "all_women"), ("重体力", "all_women")]
    assert found[("井下女", "all_women")].reasons == ["女职工禁忌：矿山井下作业（国务院令第619号附录第一条）"]
    assert found[("重体力", "all_women")].reasons == [
        "女职工禁忌：体力劳动强度Ⅳ级（所有女职工禁止第Ⅳ级的体力劳动强度，国务院令第619号附录第一条）"
    ]
    assert found[("搬运女", "all_women")].conditions == "超限负重"


def test_general_prohibition_follows_a_reassignment(office_db: Database) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s,
            ids["张丽"],
            to_post="装车工",
            to_hazards="heavy_load",
            reassigned_on=date(2026, 11, 20),
            actor="clerk",
            today=ON,
        )
    with office_db.read() as s:
        [item] = protection_conflicts.conflicts(s, ON, kinds={"all_women"})
    assert (item.name, item.post) == ("张丽", "装车工")
