"""Protection cases: register, deliver, miscarry, return, reassign — validation, the one-pregnancy rule, audit.

The helpers at the top (``woman``, ``unit``) are shared by the other test_protection_* files.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import audit, office
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from desktop.services.roster import workers

ON = date(2026, 11, 23)


def unit(db: Database, name: str) -> int:
    with db.read() as s:
        return next(n.id for n in office.unit_tree(s) if n.name == name)


def id_number(birth: date, seq: int, *, female: bool = True) -> str:
    first17 = f"150785{birth:%Y%m%d}{seq % 100:02d}{2 if female else 1}"
    return first17 + check_char(first17)


def woman(
    db: Database,
    name: str,
    *,
    unit_name: str = "甘河林场",
    born: date = date(1993, 4, 12),
    seq: int = 1,
    post: str = "营林工",
    hazards: str = "",
    female: bool = True,
    **kw: object,
) -> int:
    with db.write() as s:
        w = workers.add_worker(
            s,
            WorkerDraft(
                name=name,
                id_number=id_number(born, seq, female=female),
                unit_id=unit(db, unit_name),
                post=post,
                hazards=hazards,
                **kw,
            ),  # type: ignore[arg-type]
            actor="clerk",
            today=ON,
        )
        return w.id


def populate(db: Database) -> dict[str, int]:
    """The worked ledger of 2026-11-23 used by the ledger, conflict and reminder tests; case id by name."""
    ids: dict[str, int] = {}

    def case(
        name: str, unit_name: str, seq: int, *, post: str = "营林工", hazards: str = "", today: date = ON, **kw: object
    ) -> int:
        wid = woman(db, name, unit_name=unit_name, seq=seq, post=post, hazards=hazards)
        with db.write() as s:
            ids[name] = protection_cases.register_pregnancy(s, wid, actor="clerk", today=today, **kw).id  # type: ignore[arg-type]
        return ids[name]

    case("张丽", "一班", 1, post="油锯手", hazards="noise:3,vibration", lmp=date(2026, 8, 3))
    case("李娜", "甘河林场", 2, post="营林工", hazards="overtime", due_date=date(2027, 1, 5))
    c = case("王芳", "营林科", 3, post="技术员", due_date=date(2026, 11, 1), today=date(2026, 5, 1))
    d = case("赵敏", "财务科", 4, post="会计", due_date=date(2026, 9, 20), today=date(2026, 5, 1))
    e = case(
        "刘洋", "贮木场", 5, post="检尺员", hazards="night_shift", due_date=date(2025, 12, 15), today=date(2025, 6, 1)
    )
    f = case("陈静", "吉文林场", 6, lmp=date(2026, 9, 1))
    case("孙悦", "吉文林场", 7, lmp=date(2026, 5, 10))
    h = case("周红", "营林科", 8, due_date=date(2024, 5, 3), today=date(2023, 12, 1))
    j = case("郑雪", "甘河林场", 9, due_date=date(2027, 2, 1))
    woman(db, "吴霞", unit_name="甘河林场", seq=10, post="育苗工", hazards="cold_water:2")
    with db.write() as s:
        protection_cases.record_delivery(s, c, delivery_date=date(2026, 10, 28), actor="clerk", today=ON)
        protection_cases.record_delivery(
            s, d, delivery_date=date(2026, 9, 10), babies=2, dystocia=True, actor="clerk", today=ON
        )
        protection_cases.record_delivery(s, e, delivery_date=date(2025, 12, 10), actor="clerk", today=ON)
        protection_cases.record_return(s, e, return_to_work=date(2026, 5, 12), actor="clerk", today=ON)
        protection_cases.record_miscarriage(s, f, miscarriage_date=date(2026, 11, 15), actor="clerk", today=ON)
        protection_cases.record_delivery(s, h, delivery_date=date(2024, 5, 1), actor="clerk", today=ON)
        protection_cases.archive_case(s, j, actor="clerk")
    return ids


def test_register_derives_dates_and_audits(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with office_db.write() as s:
        case = protection_cases.register_pregnancy(
            s,
            wid,
            due_date=date(2027, 1, 5),
            doctor_certificate=True,
            reduced_workload="不安排搬运",
            actor="clerk",
            today=ON,
        )
        cid = case.id
    with office_db.read() as s:
        case = protection_cases.get_case(s, cid)
        assert case.uid.startswith("ALH-") and case.worker_id == wid
        timeline, state = protection_cases.case_timeline(s, cid, ON)
        assert timeline.lmp is not None and timeline.lmp.day == date(2026, 3, 31)
        assert "预产期 2027-01-05 − 280天" in timeline.lmp.reason
        assert state is not None and state.code == "pregnant_7m" and state.weeks == 33
        [entry] = protection_cases.case_history(s, cid)
        assert (entry.actor, entry.action, entry.entity) == ("test", "create", "protection_case")
        assert json.loads(entry.after or "{}")["due_date"] == "2027-01-05"


def test_lmp_or_due_required_and_future_lmp_refused(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, actor="clerk", today=ON)
    assert "末次月经或预产期" in err.value.errors["lmp"]
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, lmp=date(2026, 12, 1), actor="clerk", today=ON)
    assert "晚于今天" in err.value.errors["lmp"]


def test_contradictory_dates_name_the_field(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.register_pregnancy(
            s, wid, lmp=date(2026, 8, 1), due_date=date(2026, 7, 1), actor="clerk", today=ON
        )
    assert "预产期" in err.value.errors["due_date"]
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, lmp=date(2026, 8, 1), actor="clerk", today=ON).id
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 7, 20), actor="clerk", today=ON)
    assert "早于末次月经" in err.value.errors["delivery_date"]
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 11, 1), babies=0, actor="clerk", today=ON)
    assert "婴儿数" in err.value.errors["babies"]


def test_men_are_refused(office_db: Database) -> None:
    wid = woman(office_db, "王建国", born=date(1990, 7, 7), seq=3, female=False)
    with pytest.raises(DomainError, match="男职工"), office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, due_date=date(2027, 3, 1), actor="clerk", today=ON)


def test_archived_or_transferred_women_are_refused(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    other = woman(office_db, "李娜", seq=2, status="transferred")
    with office_db.write() as s:
        workers.set_archived(s, [wid], archived=True, actor="clerk")
    with pytest.raises(DomainError, match="已归档"), office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, due_date=date(2027, 3, 1), actor="clerk", today=ON)
    with pytest.raises(DomainError, match="调出"), office_db.write() as s:
        protection_cases.register_pregnancy(s, other, due_date=date(2027, 3, 1), actor="clerk", today=ON)


def test_second_open_case_refused_until_the_first_ends(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with office_db.write() as s:
        first = protection_cases.register_pregnancy(s, wid, due_date=date(2027, 1, 5), actor="clerk", today=ON).id
    with pytest.raises(DomainError, match="尚未结束的妊娠登记"), office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, due_date=date(2027, 1, 9), actor="clerk", today=ON)
    # Once the first pregnancy ended, a later one may be registered (she may still be breastfeeding).
    with office_db.write() as s:
        protection_cases.record_delivery(s, first, delivery_date=date(2026, 11, 20), actor="clerk", today=ON)
    with pytest.raises(DomainError, match="时间重叠"), office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, lmp=date(2026, 11, 1), actor="clerk", today=ON)
    later = date(2027, 9, 1)
    with office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, lmp=later, actor="clerk", today=later)
    # Archiving takes a case off her list, and an archived case cannot be edited until restored.
    with office_db.write() as s:
        ids = protection_cases.worker_case_ids(s, wid)
        assert len(ids) == 2
        protection_cases.archive_case(s, ids[0], actor="clerk")
        assert protection_cases.worker_case_ids(s, wid) == [first]
    with pytest.raises(DomainError, match="已归档"), office_db.write() as s:
        protection_cases.record_return(s, ids[0], return_to_work=date(2028, 1, 1), actor="clerk", today=later)


def test_delivery_flow_twins_dystocia(office_db: Database) -> None:
    wid = woman(office_db, "赵敏")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(
            s, wid, due_date=date(2026, 9, 20), actor="clerk", today=date(2026, 5, 1)
        ).id
        protection_cases.record_delivery(
            s, cid, delivery_date=date(2026, 9, 10), babies=2, dystocia=True, actor="clerk", today=ON
        )
    with office_db.read() as s:
        t, state = protection_cases.case_timeline(s, cid, ON)
        assert t.leave_days is not None and t.leave_days.value == 98 + 15 + 15 + 60
        assert t.leave_start is not None and t.leave_start.day == date(2026, 9, 5)
        assert t.leave_end is not None and t.leave_end.day == date(2027, 3, 11)
        assert t.breastfeeding_hours is not None and t.breastfeeding_hours.value == 2
        assert t.lactation_end is not None and t.lactation_end.day == date(2027, 9, 9)
        assert state is not None and state.code == "maternity_leave"
        actions = [e.action for e in protection_cases.case_history(s, cid)]
        assert actions == ["delivery", "create"]
        delivery = protection_cases.case_history(s, cid)[0]
        assert json.loads(delivery.before or "{}") == {"delivery_date": None, "dystocia": False, "babies": 1}


def test_delivery_in_the_future_is_refused(office_db: Database) -> None:
    wid = woman(office_db, "赵敏")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, due_date=date(2026, 12, 20), actor="clerk", today=ON).id
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 12, 1), actor="clerk", today=ON)
    assert "晚于今天" in err.value.errors["delivery_date"]


def test_miscarriage_flow(office_db: Database) -> None:
    wid = woman(office_db, "陈静")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, lmp=date(2026, 9, 1), actor="clerk", today=ON).id
        protection_cases.record_miscarriage(s, cid, miscarriage_date=date(2026, 11, 15), actor="clerk", today=ON)
    with office_db.read() as s:
        t, state = protection_cases.case_timeline(s, cid, ON)
        assert t.miscarriage_leave_days is not None and t.miscarriage_leave_days.value == 15
        assert t.miscarriage_leave_end is not None and t.miscarriage_leave_end.day == date(2026, 11, 29)
        assert state is not None and state.code == "miscarriage_leave"
        assert protection_cases.case_history(s, cid)[0].action == "miscarriage"
    with pytest.raises(FieldErrors, match="已记录流产"), office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 11, 20), actor="clerk", today=ON)
    # After the miscarriage she may register a new pregnancy.
    with office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, lmp=date(2027, 2, 1), actor="clerk", today=date(2027, 3, 1))


def test_return_stop_lactation_and_leave_start(office_db: Database) -> None:
    wid = woman(office_db, "刘洋")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(
            s, wid, due_date=date(2025, 12, 15), actor="clerk", today=date(2025, 6, 1)
        ).id
        protection_cases.record_leave_start(
            s, cid, leave_start=date(2025, 12, 5), actor="clerk", today=date(2025, 12, 5)
        )
        protection_cases.record_delivery(s, cid, delivery_date=date(2025, 12, 10), actor="clerk", today=ON)
        protection_cases.record_return(s, cid, return_to_work=date(2026, 5, 12), actor="clerk", today=ON)
    with office_db.read() as s:
        t, state = protection_cases.case_timeline(s, cid, ON)
        assert t.leave_start is not None and t.leave_start.day == date(2025, 12, 5)
        assert t.leave_end is not None and t.leave_end.day == date(2026, 5, 11)
        assert state is not None and state.code == "lactation"
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_leave_start(s, cid, leave_start=date(2025, 11, 1), actor="clerk", today=ON)
    assert "产前假最多15天" in err.value.errors["leave_start"]
    with office_db.write() as s:
        protection_cases.stop_lactation(s, cid, last_day=date(2026, 10, 31), actor="clerk", today=ON)
    with office_db.read() as s:
        assert protection_cases.case_timeline(s, cid, ON)[1] is None
        assert [e.action for e in protection_cases.case_history(s, cid)][:2] == ["stop_lactation", "return"]


def test_reassignment_validation_and_default_from_post(office_db: Database) -> None:
    wid = woman(office_db, "张丽", post="油锯手", hazards="vibration,noise:3")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, lmp=date(2026, 8, 3), actor="clerk", today=ON).id
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_reassignment(
            s, cid, to_post="", to_hazards="", reassigned_on=date(2026, 11, 1), actor="clerk", today=ON
        )
    assert "调整后的岗位" in err.value.errors["reassigned_to_post"]
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_reassignment(
            s, cid, to_post="资料员", to_hazards="radiation", reassigned_on=date(2026, 11, 1), actor="clerk", today=ON
        )
    assert "未知的岗位危害条件" in err.value.errors["reassigned_to_hazards"]
    with pytest.raises(FieldErrors) as err, office_db.write() as s:
        protection_cases.record_reassignment(
            s, cid, to_post="资料员", to_hazards="", reassigned_on=date(2026, 7, 1), actor="clerk", today=ON
        )
    assert "早于末次月经" in err.value.errors["reassigned_on"]
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, cid, to_post="资料员", to_hazards="low_temp:II", reassigned_on=date(2026, 11, 1), actor="clerk", today=ON
        )
    with office_db.read() as s:
        draft = protection_cases.get_draft(s, cid)
        assert (draft.reassigned_from_post, draft.reassigned_to_post) == ("油锯手", "资料员")
        assert draft.reassigned_to_hazards == "low_temp:2"  # stored in the canonical encoding
        assert protection_cases.case_history(s, cid)[0].action == "reassign"


def test_update_case_edits_all_fields_at_once(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with office_db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, lmp=date(2026, 8, 3), actor="clerk", today=ON).id
    with office_db.write() as s:
        draft = protection_cases.get_draft(s, cid)
        from dataclasses import replace

        protection_cases.update_case(
            s, cid, replace(draft, due_date=date(2027, 5, 12), notes="  产检 在 林业医院 "), actor="clerk2", today=ON
        )
    with office_db.read() as s:
        case = protection_cases.get_case(s, cid)
        assert case.due_date == date(2027, 5, 12) and case.notes == "产检 在 林业医院"
        assert case.updated_by == "clerk2"
        entry = audit.history(s, "protection_case", cid)[0]
        assert entry.action == "update" and set(json.loads(entry.after or "{}")) == {"due_date", "notes"}


def test_restore_refused_when_it_would_overlap(office_db: Database) -> None:
    wid = woman(office_db, "张丽")
    with office_db.write() as s:
        mistaken = protection_cases.register_pregnancy(s, wid, due_date=date(2027, 1, 5), actor="clerk", today=ON).id
        protection_cases.archive_case(s, mistaken, actor="clerk")
        protection_cases.register_pregnancy(s, wid, due_date=date(2027, 1, 9), actor="clerk", today=ON)
    with pytest.raises(DomainError, match="尚未结束的妊娠登记"), office_db.write() as s:
        protection_cases.archive_case(s, mistaken, actor="clerk", archived=False)
    with office_db.read() as s:
        assert [e.action for e in protection_cases.case_history(s, mistaken)] == ["archive", "create"]
