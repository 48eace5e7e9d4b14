"""A planned maternity-leave start and a birth that comes first (domain.md §3: she delivers before starting
leave, so her leave starts on the delivery date). The delivery dialog shows no leave-start field, so
recording the birth must not fail on it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop.core.errors import FieldErrors
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases
from tests.services.test_protection_cases import woman

DUE = date(2026, 12, 27)
TODAY = date(2026, 12, 3)


def _planned(db: Database, planned: date) -> int:
    wid = woman(db, "张丽")
    with db.write() as s:
        cid = protection_cases.register_pregnancy(s, wid, due_date=DUE, actor="clerk", today=date(2026, 6, 1)).id
        protection_cases.record_leave_start(
            s, cid, leave_start=planned, actor="clerk", today=TODAY
        )  # in the future: a plan
    return cid


def _dates(db: Database, cid: int, on: date = TODAY) -> tuple[date, date]:
    with db.read() as s:
        t, _ = protection_cases.case_timeline(s, cid, on)
    assert t.leave_start is not None and t.leave_end is not None
    return t.leave_start.day, t.leave_end.day


def test_birth_before_the_planned_start_starts_the_leave_on_the_birth(office_db: Database) -> None:
    cid = _planned(office_db, DUE - timedelta(days=5))
    born = TODAY  # 24 days before the due date, 19 days before the planned start
    with office_db.write() as s:
        case = protection_cases.record_delivery(s, cid, delivery_date=born, actor="clerk", today=TODAY)
        assert case.leave_start == born
    start, end = _dates(office_db, cid)
    assert (start, end) == (born, born + timedelta(days=157))  # 158 days from the birth
    with office_db.read() as s:
        entry = protection_cases.case_history(s, cid)[0]
    assert entry.action == "delivery"
    assert json.loads(entry.before)["leave_start"] == "2026-12-22"
    assert json.loads(entry.after) == {"delivery_date": "2026-12-03", "leave_start": "2026-12-03"}


def test_birth_after_the_default_start_but_before_the_plan_does_not_invent_prenatal_days(office_db: Database) -> None:
    # Born between due − 15 and the planned start: emptying the leave start would give due − 15, i.e. leave
    # days before a birth she worked up to. The leave must start on the birth itself.
    cid = _planned(office_db, DUE - timedelta(days=3))
    born = DUE - timedelta(days=10)
    with office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=born, actor="clerk", today=born)
    assert _dates(office_db, cid, born) == (born, born + timedelta(days=157))


def test_planned_start_on_or_before_the_birth_is_kept(office_db: Database) -> None:
    planned = DUE - timedelta(days=10)
    cid = _planned(office_db, planned)
    born = DUE - timedelta(days=2)
    with office_db.write() as s:
        case = protection_cases.record_delivery(s, cid, delivery_date=born, actor="clerk", today=born)
        assert case.leave_start == planned
    # 8 prenatal days taken; end = start + 158 − 1 (the later of the two ends of domain.md §3)
    assert _dates(office_db, cid, born) == (planned, planned + timedelta(days=157))


def test_leave_start_that_meant_from_the_birth_follows_a_corrected_birth(office_db: Database) -> None:
    cid = _planned(office_db, DUE - timedelta(days=5))
    with office_db.write() as s:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 11, 30), actor="clerk", today=TODAY)
        case = protection_cases.record_delivery(s, cid, delivery_date=date(2026, 12, 2), actor="clerk", today=TODAY)
        assert case.leave_start == date(2026, 12, 2)  # not two prenatal days she never took


def test_contradictions_are_still_refused(office_db: Database) -> None:
    cid = _planned(office_db, DUE - timedelta(days=5))
    later = date(2027, 1, 10)
    with office_db.write() as s:  # a return to work recorded before the birth is a typing slip
        protection_cases.record_return(s, cid, return_to_work=date(2026, 12, 23), actor="clerk", today=later)
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 12, 25), actor="clerk", today=later)
    assert "返岗日期 2026-12-23 早于" in err.value.errors["return_to_work"]
    with office_db.write() as s:
        protection_cases.record_return(s, cid, return_to_work=None, actor="clerk", today=TODAY)
    # The birth itself is still checked: not in the future, not before the LMP.
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        protection_cases.record_delivery(s, cid, delivery_date=TODAY + timedelta(days=1), actor="clerk", today=TODAY)
    assert "晚于今天" in err.value.errors["delivery_date"]
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        protection_cases.record_delivery(s, cid, delivery_date=date(2026, 1, 1), actor="clerk", today=TODAY)
    assert "早于" in err.value.errors["delivery_date"]
    with office_db.read() as s:
        draft = protection_cases.get_draft(s, cid)
    assert draft.delivery_date is None and draft.leave_start == DUE - timedelta(days=5)


def test_the_edit_dialog_still_refuses_a_leave_start_after_the_birth(office_db: Database) -> None:
    # There the clerk sees both fields, so a leave start after the birth is her typing, not an old plan.
    cid = _planned(office_db, DUE - timedelta(days=5))
    with office_db.read() as s:
        draft = protection_cases.get_draft(s, cid)
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        protection_cases.update_case(s, cid, replace(draft, delivery_date=TODAY), actor="clerk", today=TODAY)
    assert "晚于分娩日期" in err.value.errors["leave_start"]


def test_delivery_note_tells_what_moved() -> None:
    before = protection_cases.CaseDraft(due_date=DUE, leave_start=date(2026, 12, 22))
    after = protection_cases.with_delivery(before, delivery_date=TODAY)
    assert after.leave_start == TODAY
    assert protection_cases.delivery_note(before, after) == (
        "已登记的产假开始日期 2026-12-22 将改为分娩日 2026-12-03（分娩早于产假开始时，产假从分娩当天开始）"
    )
    kept = protection_cases.with_delivery(
        protection_cases.CaseDraft(due_date=DUE, leave_start=date(2026, 12, 20)), delivery_date=DUE
    )
    assert kept.leave_start == date(2026, 12, 20) and protection_cases.delivery_note(before, before) == ""
    assert (
        protection_cases.with_delivery(protection_cases.CaseDraft(due_date=DUE), delivery_date=TODAY).leave_start
        is None
    )
