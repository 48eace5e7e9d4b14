"""Demo 维权诉求: a dozen requests of this year and last across the categories, at every stage, most closed with
an outcome and her satisfaction, so the tab, the summary and the exports have something real to show. Entered
through the service like a clerk's (the administrator's account)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from db.models import Worker
from db.models_rights import RightsRequest
from desktop.services.database import Database
from desktop.services.rights import requests as rights_requests

CASES: tuple[tuple[str, str], ...] = (
    ("pay", "加班费未按规定计发"),
    ("pay", "夜班津贴被扣发"),
    ("leave", "年休假未安排"),
    ("leave", "哺乳假被要求提前返岗"),
    ("protection", "孕期仍安排夜班"),
    ("protection", "经期被安排冷水作业"),
    ("contract", "劳动合同到期未续签也未通知"),
    ("contract", "调岗未协商一致"),
    ("safety", "防护用品未按时发放"),
    ("safety", "作业点缺少饮用水"),
    ("other", "子女入托困难求助"),
    ("pay", "绩效工资核算有异议"),
)


def add_demo_rights(db: Database, *, seed: int = 1, on: date | None = None) -> int:
    """Add the requests (once); returns how many were added (0 when any exists already)."""
    today = on or date.today()
    rng = random.Random(seed * 104729 + 4)
    with db.write() as s:
        if s.scalar(select(RightsRequest.id).limit(1)) is not None:
            return 0
        people = list(
            s.scalars(
                select(Worker.id).where(Worker.archived_at.is_(None), Worker.status == "on_roll").order_by(Worker.id)
            )
        )
        if not people:
            return 0
        first = date(today.year - 1, 1, 1)
        span = max((today - first).days - 120, 1)
        for n, (category, summary) in enumerate(CASES):
            received = first + timedelta(days=rng.randrange(span))
            step = n % 4  # 0 预防, 1 调解, 2 仲裁, 3 诉讼
            mediation = received + timedelta(days=10) if step in (1, 3) else None
            arbitration = received + timedelta(days=30) if step >= 2 else None
            litigation = received + timedelta(days=75) if step == 3 else None
            aid = received + timedelta(days=20) if step >= 2 and n % 3 == 0 else None
            closed = received + timedelta(days=100) if n % 5 != 4 else None
            rights_requests.add_request(
                s,
                rights_requests.RequestDraft(
                    worker_id=rng.choice(people),
                    category=category,
                    summary=summary,
                    received_on=received,
                    mediation_on=mediation,
                    arbitration_on=arbitration,
                    litigation_on=litigation,
                    legal_aid_on=aid,
                    closed_on=closed,
                    outcome=("resolved", "resolved", "partly", "unresolved")[n % 4] if closed else "",
                    satisfaction=("satisfied", "basically", "satisfied", "unreachable", "unsatisfied")[n % 5]
                    if closed
                    else "",
                ),
                actor=db.actor,
                today=today,
            )
        return len(CASES)
