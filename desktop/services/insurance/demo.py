"""Demo 特种病保险: last year's and this year's enrolments of most women on the roll (the union pays for nine in
ten, the rest pay themselves), and a few claims in different states, so the tab, the ledger, the reminders and the
contract's enrolment clause have something real to show. Enrolments go in with one bulk insert (a 20,000-worker
file has about 8,000 women) and one audit row; the claims go through the service like a clerk's."""

from __future__ import annotations

import random
import uuid
from datetime import date

from sqlalchemy import insert, select

from db.models import Worker, utcnow
from db.models_insurance import InsuranceEnrolment
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.office import office_code

PLAN = "在职女职工特殊疾病互助保障计划"
PREMIUM_FEN = 2500  # 25 元 a year, as the plans the union joins charge (docs/decisions.md, 特种病保险)


def add_demo_insurance(db: Database, *, seed: int = 1, on: date | None = None) -> int:
    """Enrol the demo women (once); returns the enrolments added (0 when any exists already)."""
    today = on or date.today()
    rng = random.Random(seed * 7919 + 19)
    with db.write() as s:
        if s.scalar(select(InsuranceEnrolment.id).limit(1)) is not None:
            return 0
        code = office_code(s)
        women = list(
            s.execute(
                select(Worker.id, Worker.hire_date)
                .where(Worker.sex == "F", Worker.archived_at.is_(None), Worker.status == "on_roll")
                .order_by(Worker.id)
            )
        )
        now = utcnow()
        rows: list[dict[str, object]] = []
        enrolled_now: list[int] = []
        for wid, hired in women:
            for year in (today.year - 1, today.year):
                if hired is not None and hired > date(year, 12, 31):
                    continue
                if rng.random() > (0.86 if year == today.year else 0.9):
                    continue
                rows.append(
                    {
                        "uid": f"{code}-{uuid.uuid4()}",
                        "worker_id": wid,
                        "plan_name": PLAN,
                        "coverage_start": date(year, 1, 1),
                        "coverage_end": date(year, 12, 31),
                        "premium_fen": PREMIUM_FEN,
                        "payer": "union" if rng.random() < 0.9 else "worker",
                        "notes": "",
                        "created_at": now,
                        "created_by": db.actor,
                        "updated_at": now,
                        "updated_by": db.actor,
                    }
                )
                if year == today.year:
                    enrolled_now.append(wid)
        if rows:
            s.execute(insert(InsuranceEnrolment), rows)
        audit.record(
            s,
            actor=db.actor,
            action="demo",
            entity="insurance_enrolment",
            entity_id=None,
            after={"enrolments": len(rows)},
        )
    # A handful of claims this year, diagnosed before today: one paid, one sent, one just received.
    day = date(today.year, 1, 1)
    span = max((today - day).days, 1)
    states = (("breast", "paid"), ("cervical", "submitted"), ("ovarian", "received"))
    picks = rng.sample(enrolled_now, min(len(states), len(enrolled_now)))
    with db.write() as s:
        for wid, (diagnosis, status) in zip(picks, states, strict=False):
            diagnosed = date.fromordinal(day.toordinal() + rng.randrange(span))
            docs = frozenset({"diagnosis", "pathology", "id_copy"} if status != "received" else {"diagnosis"})
            insurance_enrolments.add_claim(
                s,
                insurance_enrolments.ClaimDraft(
                    worker_id=wid,
                    diagnosis=diagnosis,
                    diagnosis_date=diagnosed,
                    claimed_fen=1_000_000,
                    paid_fen=1_000_000 if status == "paid" else None,
                    documents=docs,
                    received_on=diagnosed,
                    status=status,
                    decided_on=today if status == "paid" else None,
                ),
                actor=db.actor,
                today=today,
            )
    return len(rows)
