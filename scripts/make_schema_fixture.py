"""Write tests/fixtures/schema-<head>.sqlite: a small real data file of the current schema.

Run once when a schema is released (a migration added), and commit the file; never regenerate an
old one — the upgrade test relies on each file being exactly what that release wrote.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from db.migrate import head_revision
from desktop.core.worker import WorkerDraft
from desktop.services import office, workers
from desktop.services.database import open_data_file

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def main() -> int:
    target = FIXTURES / f"schema-{head_revision()}.sqlite"
    if target.exists():
        print(f"{target} exists; old fixtures are never regenerated")
        return 1
    db = open_data_file(target)
    with db.write() as s:
        office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="fixture")
        top = office.add_unit(s, name="阿里河森工公司", parent_id=None, kind="company", actor="fixture")
        farm = office.add_unit(s, name="甘河林场", parent_id=top.id, kind="farm", actor="fixture")
        team = office.add_unit(s, name="一班", parent_id=farm.id, kind="team", actor="fixture")
        sec = office.add_unit(s, name="营林科", parent_id=top.id, kind="section", actor="fixture")
        people = [
            ("张丽", "150785198503120022", team.id, "营林工", "cold_water:2,physical:3"),
            ("王建国", "150782199007071132", farm.id, "油锯手", "noise:3,physical:3,vibration"),
            ("阿拉坦·其其格", "15078519920815008X", sec.id, "技术员", ""),
        ]
        ids = []
        for name, idn, unit, post, hz in people:
            w = workers.add_worker(s, WorkerDraft(name=name, id_number=idn, unit_id=unit, post=post, hazards=hz,
                                                  phone="0470-3521234", hire_date=date(2010, 3, 1)),
                                   actor="fixture")
            ids.append(w.id)
        workers.set_archived(s, [ids[1]], archived=True, actor="fixture")
    db.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the repository
    conn.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
