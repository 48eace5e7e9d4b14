"""Demo condolence data: a year of visits, festival batches and hardship files, all through the services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models_condolences import CondolenceBatch, CondolenceVisit, HardshipFile
from desktop.services.condolences import ledger as condolence_ledger
from desktop.services.condolences import visits as condolence_visits
from desktop.services.condolences.demo import add_demo_condolences
from desktop.services.database import Database
from desktop.services.demo import create_demo

ON = date(2026, 11, 20)


def test_demo_has_batches_files_and_only_authorised_overrides(db: Database) -> None:
    create_demo(db, workers=400, seed=3, today=ON)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(CondolenceBatch)) == 3
        assert 1 <= (s.scalar(select(func.count()).select_from(HardshipFile)) or 0) <= 6
        visits = list(s.scalars(select(CondolenceVisit)))
        assert len(visits) > 300 and all(v.visit_date <= ON for v in visits)
        overrides = [v for v in visits if v.override_reason]
        assert len(overrides) == 1 and "同一疾病" in overrides[0].override_rules
        # Every other visit passes the standard of its day against the member's other visits (the
        # overridden member's first hospital visit is left out: the override itself repeats its illness).
        for v in visits:
            if v.worker_id != overrides[0].worker_id:
                draft = condolence_visits.get_draft(s, v.id)
                assert condolence_visits.evaluate(s, v.worker_id, draft, exclude_id=v.id) == [], (v.id, v.occasion)
        statuses = {v.status for v in visits}
        assert statuses == {"registered", "approved", "paid"}
        assert condolence_ledger.totals(s, condolence_ledger.VisitFilter(year=2026), "occasion")[0].count > 0
    assert add_demo_condolences(db, seed=3, on=ON) == 0  # once per data file
