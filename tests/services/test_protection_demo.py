"""Demo protection histories: every story present, all through the services, the same for the same seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from test_protection_cases import ON, id_number, unit

from db.models import ProtectionCase
from desktop.core.worker import WorkerDraft
from desktop.services.database import Database
from desktop.services.protections import conflicts as protection_conflicts
from desktop.services.protections import ledger as protection_ledger
from desktop.services.protections.demo import add_demo_protections
from desktop.services.reminders import collect_reminders
from desktop.services.roster import workers
from tests.conftest import open_signed

_POSTS = [
    ("营林工", "cold_water:2,physical:3"),
    ("油锯手", "noise:3,vibration"),
    ("检尺员", "night_shift"),
    ("会计", ""),
    ("技术员", ""),
    ("育苗工", "bending,cold_water:1"),
    ("资料员", ""),
]


def _roster(db: Database, women: int = 80) -> None:
    farm = unit(db, "甘河林场")
    with db.write() as s:
        for i in range(women):
            born = date(1984 + i % 24, 1 + i % 12, 1 + i % 27)  # ages 18–42 on the demo day
            post, hz = _POSTS[i % len(_POSTS)]
            name = f"女工{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{'子丑寅卯辰巳午未申酉'[i // 10]}"
            workers.add_worker(
                s,
                WorkerDraft(name=name, id_number=id_number(born, i), unit_id=farm, post=post, hazards=hz),
                actor="demo",
                today=ON,
            )
        workers.add_worker(
            s,
            WorkerDraft(
                name="王建国", id_number=id_number(date(1990, 7, 7), 1, female=False), unit_id=farm, post="油锯手"
            ),
            actor="demo",
            today=ON,
        )


def _facts(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        cases = s.scalars(select(ProtectionCase).order_by(ProtectionCase.id))
        return [
            (
                c.worker_id,
                c.lmp,
                c.due_date,
                c.delivery_date,
                c.babies,
                c.dystocia,
                c.miscarriage_date,
                c.return_to_work,
                c.lactation_stopped,
                c.reassigned_to_post,
                c.reassigned_on,
            )
            for c in cases
        ]


def test_demo_covers_every_story(office_db: Database) -> None:
    _roster(office_db)
    added = add_demo_protections(office_db, seed=7, on=ON)
    assert added >= 15
    with office_db.read() as s:
        rows = protection_ledger.current_cases(s, ON)
        cases = list(s.scalars(select(ProtectionCase)))
        conflicts = protection_conflicts.conflicts(s, ON)
        reminders = collect_reminders(s, ON, 30)
        ages = {c.worker.birth_date for c in cases}
    states = {r.state_code for r in rows}
    assert {"pregnant", "pregnant_7m", "maternity_leave", "lactation", "miscarriage_leave"} <= states
    assert "invalid" not in states
    assert any(c.babies == 2 for c in cases) and any(c.dystocia for c in cases)
    assert any(c.miscarriage_date for c in cases) and any(c.lactation_stopped for c in cases)
    assert any(c.reassigned_on for c in cases)
    assert {r.weeks for r in rows if r.state_code == "pregnant"} != {None}
    assert all(c.worker.sex == "F" for c in cases)
    assert all(date(1985, 11, 24) <= b <= date(2006, 11, 23) for b in ages)  # aged 20–40
    assert any(c.kind == "prohibited" for c in conflicts)  # the unresolved one
    assert {"孕满7个月", "产假开始", "哺乳期结束"} <= {r.kind_label for r in reminders}


def test_demo_is_deterministic_and_runs_once(office_db: Database, tmp_path: Path) -> None:
    _roster(office_db)
    add_demo_protections(office_db, seed=3, on=ON)
    first = _facts(office_db)
    assert add_demo_protections(office_db, seed=3, on=ON) == 0
    assert _facts(office_db) == first

    import shutil

    # A second file with the same roster gets the same stories for the same seed.
    other_path = tmp_path / "other.sqlite"
    office_db.close()
    shutil.copyfile(office_db.path, other_path)
    other = open_signed(other_path)
    try:
        with other.write() as s:
            s.query(ProtectionCase).delete()
        add_demo_protections(other, seed=3, on=ON)
        assert _facts(other) == first
        with other.write() as s:
            s.query(ProtectionCase).delete()
        add_demo_protections(other, seed=4, on=ON)
        assert _facts(other) != first
    finally:
        other.close()
