"""Editing a visit: an old override covers only its own rules; approved money goes back to 登记; members only."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from desktop.core.errors import DomainError, FieldErrors
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

# Entering and approving in one test: see tests/conftest.py (the real role split is in test_accounts.py).
pytestmark = pytest.mark.usefixtures("admin_may_approve")

TODAY = date(2026, 11, 20)


PAPERS = "住院证明或出院小结\n医疗费票据复印件"  # approval waits for both (#17 item 2)


@pytest.fixture
def ids(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        for name, number, member in (
            ("张丽", "150785198503120022", True),
            ("李娜", "150784199211050040", True),
            ("王建国", "150782199007071132", False),
        ):
            draft = WorkerDraft(name=name, id_number=number, unit_id=units["甘河林场"], union_member=member)
            out[name] = workers.add_worker(s, draft, actor="test").id
    return out


def sick(day: date, cause: str, cash_fen: int = 50000, notes: str = "") -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(
        occasion="sick", cause=cause, visit_date=day, event_date=day, cash_fen=cash_fen, notes=notes, documents=PAPERS
    )


def _overridden_second_visit(db: Database, wid: int) -> int:
    """张丽's second 肺炎 visit of the year, saved under the chairman's override (同一疾病每年一次)."""
    with db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 3, 2), "肺炎"), actor="clerk", today=TODAY)
        return condolence_visits.add_visit(
            s,
            wid,
            sick(date(2026, 8, 1), "肺炎"),
            actor="chair",
            override_reason="经工会主席批准：肺炎复发再次住院",
            today=TODAY,
        ).id


def test_old_override_does_not_cover_a_new_breach(office_db: Database, ids: dict[str, int]) -> None:
    vid = _overridden_second_visit(office_db, ids["张丽"])
    # 1,200 yuan now also breaks the 1,000-yuan cap, which the chairman never approved.
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.update_visit(s, vid, sick(date(2026, 8, 1), "肺炎", 120000), actor="clerk", today=TODAY)
    msg = e.value.message
    assert "每次最多1,000.00元" in msg and "超出200.00元" in msg and "肺炎复发再次住院" in msg
    assert e.value.field == "override_reason"
    with office_db.read() as s:
        assert condolence_visits.get_visit(s, vid).cash_fen == 50000  # nothing saved
    # A new, written reason for the new breach saves it, recorded as the current clerk's override.
    with office_db.write() as s:
        v = condolence_visits.update_visit(
            s,
            vid,
            sick(date(2026, 8, 1), "肺炎", 120000),
            actor="clerk2",
            override_reason="经工会主席再次批准：病情加重增发",
            today=TODAY,
        )
        assert v.override_by == "clerk2" and v.override_reason == "经工会主席再次批准：病情加重增发"
        assert "同一疾病" in v.override_rules and "超出200.00元" in v.override_rules


def test_changed_numbers_of_the_same_rule_need_a_new_reason(office_db: Database, ids: dict[str, int]) -> None:
    wid = ids["张丽"]
    with office_db.write() as s:
        vid = condolence_visits.add_visit(
            s,
            wid,
            sick(date(2026, 3, 2), "肺炎", 110000),
            actor="chair",
            override_reason="经工会主席批准：重症",
            today=TODAY,
        ).id
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.update_visit(s, vid, sick(date(2026, 3, 2), "肺炎", 150000), actor="clerk", today=TODAY)
    assert "超出500.00元" in e.value.message


def test_unrelated_edit_keeps_the_override_that_still_covers(office_db: Database, ids: dict[str, int]) -> None:
    vid = _overridden_second_visit(office_db, ids["张丽"])
    with office_db.write() as s:
        v = condolence_visits.update_visit(
            s, vid, sick(date(2026, 8, 1), "肺炎", notes="补记"), actor="clerk", today=TODAY
        )
        assert (v.notes, v.override_reason, v.override_by) == ("补记", "经工会主席批准：肺炎复发再次住院", "chair")
        assert "同一疾病" in v.override_rules
    # Edited back within the standard: nothing is recorded as an override any more.
    with office_db.write() as s:
        v = condolence_visits.update_visit(s, vid, sick(date(2026, 8, 1), "骨折"), actor="clerk", today=TODAY)
        assert (v.override_rules, v.override_reason, v.override_by) == ("", "", "")


def test_changing_an_approved_visit_sends_it_back(office_db: Database, ids: dict[str, int]) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(s, ids["张丽"], sick(date(2026, 3, 2), "肺炎"), actor="c", today=TODAY).id
        condolence_visits.advance(s, vid, actor="c", approver="刘刚", on=date(2026, 3, 3))
    # Notes only: the approval stands.
    with office_db.write() as s:
        v = condolence_visits.update_visit(
            s, vid, sick(date(2026, 3, 2), "肺炎", notes="家属代领"), actor="c", today=TODAY
        )
        assert (v.status, v.approved_by) == ("approved", "刘刚")
    for changed in (
        sick(date(2026, 3, 2), "肺炎", 60000),
        replace(sick(date(2026, 3, 2), "肺炎"), occasion="other", documents="事由说明"),
    ):
        with office_db.write() as s:
            if condolence_visits.get_visit(s, vid).status == "registered":
                condolence_visits.advance(s, vid, actor="c", approver="刘刚", on=date(2026, 3, 3))
            assert condolence_visits.needs_reapproval(condolence_visits.get_visit(s, vid), changed)
            v = condolence_visits.update_visit(s, vid, changed, actor="c", today=TODAY)
            assert (v.status, v.approved_by, v.approved_on) == ("registered", "", None)
        with office_db.read() as s:
            entry = condolence_visits.visit_history(s, vid)[0]
            before, after = json.loads(entry.before), json.loads(entry.after)
            assert (before["status"], after["status"]) == ("approved", "registered")
            assert before["approved_by"] == "刘刚" and after["approved_by"] == ""
    # Paid stays locked.
    with office_db.write() as s:
        condolence_visits.advance(s, vid, actor="c", approver="刘刚", on=date(2026, 3, 3))
        condolence_visits.advance(s, vid, actor="c", on=date(2026, 3, 4))
    with pytest.raises(DomainError), office_db.write() as s:
        condolence_visits.update_visit(s, vid, sick(date(2026, 3, 2), "肺炎", 1), actor="c", today=TODAY)


def test_a_non_member_cannot_be_visited(office_db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(FieldErrors) as e, office_db.write() as s:
        condolence_visits.add_visit(s, ids["王建国"], sick(date(2026, 3, 2), "肺炎"), actor="c", today=TODAY)
    assert "王建国" in e.value.errors["worker_id"] and "不是工会会员" in e.value.errors["worker_id"]
    with office_db.read() as s:
        assert set(condolence_visits.member_ids(s)) == {ids["张丽"], ids["李娜"]}
        assert condolence_visits.member_ids(s, "王建国") == []
        assert condolence_visits.member_ids(s, "张丽") == [ids["张丽"]]
