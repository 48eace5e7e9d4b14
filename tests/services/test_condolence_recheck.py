"""#18 item 5, condolences: a cap entered later with an earlier date. One rule — an override covers exactly the
breaches it names — checked on add, edit, restore and approve; the visit stays savable with a new reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.condolences import standards as condolence_standards
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database
from desktop.services.roster import workers

pytestmark = pytest.mark.usefixtures("admin_may_approve")

TODAY = date(2026, 11, 20)


PAPERS = "住院证明或出院小结\n医疗费票据复印件"  # approval waits for both (#17 item 2)


@pytest.fixture
def wid(office_db: Database) -> int:
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        draft = WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=units["甘河林场"])
        return workers.add_worker(s, draft, actor="test").id


def sick(day: date, cause: str, cash_fen: int = 90000, notes: str = "") -> condolence_visits.VisitDraft:
    return condolence_visits.VisitDraft(
        occasion="sick", cause=cause, visit_date=day, event_date=day, cash_fen=cash_fen, notes=notes, documents=PAPERS
    )


def _backdated_cap(db: Database) -> None:
    """The hospital cap cut from 1,000 to 800 yuan from 2026-01-01, entered in November."""
    with db.write() as s:
        std = condolence_standards.standard_on(s, "sick", date(2026, 1, 1))
        condolence_standards.set_standard(
            s,
            replace(std, cap_fen=80000, default_fen=50000, effective_from=date(2026, 1, 1)),
            note="内工发（示例）",
            actor="chair",
        )


def test_approval_rechecks_a_visit_a_backdated_cap_now_breaks(office_db: Database, wid: int) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(s, wid, sick(date(2026, 8, 1), "肺炎"), actor="clerk", today=TODAY).id
    _backdated_cap(office_db)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.advance(s, vid, actor="chair", approver="工会主席", on=TODAY)
    assert "审批前复核不符合慰问标准" in e.value.message and "每次最多800.00元" in e.value.message
    with office_db.read() as s:
        assert condolence_visits.get_visit(s, vid).status == "registered"
    with office_db.write() as s:
        v = condolence_visits.advance(
            s, vid, actor="chair", approver="工会主席", on=TODAY, override_reason="经工会主席批准：按原标准已承诺"
        )
        assert v.status == "approved" and "每次最多800.00元" in v.override_rules


def test_edit_stays_savable_with_a_reason_for_the_new_breach(office_db: Database, wid: int) -> None:
    with office_db.write() as s:
        vid = condolence_visits.add_visit(s, wid, sick(date(2026, 8, 1), "肺炎"), actor="clerk", today=TODAY).id
    _backdated_cap(office_db)
    with pytest.raises(condolence_visits.RuleBroken), office_db.write() as s:
        condolence_visits.update_visit(s, vid, sick(date(2026, 8, 1), "肺炎", notes="补记"), actor="clerk", today=TODAY)
    with office_db.write() as s:
        v = condolence_visits.update_visit(
            s,
            vid,
            sick(date(2026, 8, 1), "肺炎", notes="补记"),
            actor="clerk",
            today=TODAY,
            override_reason="经工会主席批准：登记时标准为1000元",
        )
        assert v.notes == "补记" and "每次最多800.00元" in v.override_rules


def test_restore_accepts_only_the_breaches_the_stored_override_names(office_db: Database, wid: int) -> None:
    with office_db.write() as s:
        condolence_visits.add_visit(s, wid, sick(date(2026, 3, 2), "肺炎", 50000), actor="clerk", today=TODAY)
        vid = condolence_visits.add_visit(
            s,
            wid,
            sick(date(2026, 8, 1), "肺炎"),
            actor="chair",
            today=TODAY,
            override_reason="经工会主席批准：肺炎复发再次住院",
        ).id
        condolence_visits.archive_visit(s, vid, actor="clerk")
    # Still only the breach the chairman named: restore as before.
    with office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="clerk", archived=False)
        condolence_visits.archive_visit(s, vid, actor="clerk")
    _backdated_cap(office_db)
    with pytest.raises(condolence_visits.RuleBroken) as e, office_db.write() as s:
        condolence_visits.archive_visit(s, vid, actor="clerk", archived=False)
    assert "恢复前复核" in e.value.message and "肺炎复发再次住院" in e.value.message
    with office_db.write() as s:
        v = condolence_visits.archive_visit(
            s, vid, actor="clerk", archived=False, override_reason="经工会主席批准：恢复并维持原额"
        )
        assert v.archived_at is None and "每次最多800.00元" in v.override_rules
        assert "同一疾病每年只慰问一次" in v.override_rules


def _first_and_overridden_second(db: Database, wid: int) -> tuple[int, int]:
    """A first 肺炎 visit and a second one saved under the chairman's override (同一疾病每年一次)."""
    with db.write() as s:
        first = condolence_visits.add_visit(
            s, wid, sick(date(2026, 3, 2), "肺炎", 50000), actor="clerk", today=TODAY
        ).id
        second = condolence_visits.add_visit(
            s,
            wid,
            sick(date(2026, 8, 1), "肺炎", 50000),
            actor="chair",
            today=TODAY,
            override_reason="经工会主席批准：肺炎复发再次住院",
        ).id
    return first, second


def test_restore_records_the_override_as_an_edit_would(office_db: Database, wid: int) -> None:
    """#20: restore kept an override for a breach the visit no longer has (the first visit was archived in
    between), while an edit of the same visit drops it — one rule now decides both (core.settle_override)."""
    first, second = _first_and_overridden_second(office_db, wid)
    with office_db.write() as s:
        condolence_visits.archive_visit(s, second, actor="clerk")
        condolence_visits.archive_visit(s, first, actor="clerk")
    with office_db.write() as s:
        restored = condolence_visits.archive_visit(s, second, actor="clerk", archived=False)
        assert (restored.override_rules, restored.override_reason, restored.override_by) == ("", "", "")
    with office_db.write() as s:
        edited = condolence_visits.update_visit(
            s, second, sick(date(2026, 8, 1), "肺炎", 50000, notes="补记"), actor="c", today=TODAY
        )
        assert (edited.override_rules, edited.override_reason, edited.override_by) == ("", "", "")


def test_approval_records_the_override_as_an_edit_would(office_db: Database, wid: int) -> None:
    first, second = _first_and_overridden_second(office_db, wid)
    with office_db.write() as s:
        condolence_visits.archive_visit(s, first, actor="clerk")
    with office_db.write() as s:
        v = condolence_visits.advance(s, second, actor="chair", approver="工会主席", on=TODAY)
        assert v.status == "approved" and (v.override_rules, v.override_reason) == ("", "")


def test_a_reason_given_on_restore_is_recorded_as_on_an_edit(office_db: Database, wid: int) -> None:
    """A written reason given with the step replaces the stored one, whether the step is an edit or a restore."""
    _, second = _first_and_overridden_second(office_db, wid)
    with office_db.write() as s:
        condolence_visits.archive_visit(s, second, actor="clerk")
    with office_db.write() as s:
        v = condolence_visits.archive_visit(
            s, second, actor="chair2", archived=False, override_reason="经工会主席再次批准：复核无误"
        )
        assert (v.override_reason, v.override_by) == ("经工会主席再次批准：复核无误", "chair2")
        assert "同一疾病每年只慰问一次" in v.override_rules
