from datetime import date

from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.protections import cases as protections
from desktop.services.protections.profile import protection_section
from desktop.services.roster import workers
from desktop.services.roster.profile import worker_profile


def test_profile_lists_her_cases_with_state(office_db: Database) -> None:
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "营林科")
        w = workers.add_worker(s, WorkerDraft(name="张丽", id_number="150785198503120022", unit_id=unit), actor="t")
        case = protections.register_pregnancy(s, w.id, due_date=date(2026, 12, 20), actor="t", today=date(2026, 11, 23))
        man = workers.add_worker(s, WorkerDraft(name="王建国", id_number="150782199007071132", unit_id=unit), actor="t")
    with office_db.read() as s:
        sections = protection_section(s, w.id, on=date(2026, 11, 23))
        assert sections[0].title == "四期保护"
        line = sections[0].lines[0]
        assert line.label == "预产期 2026-12-20" and line.value == "孕7月以上"
        # Planned leave from due − 15 days: 2026-12-05 + 157 days = 2027-05-11.
        assert line.reason == "产假 2026-12-05 至 2027-05-11"
        assert case.id and worker_profile(s, man.id) == []
