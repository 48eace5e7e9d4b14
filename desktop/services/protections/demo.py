"""Demo protection histories for existing demo women, so the four-period tab has something real to show.

Every state and story the tab must handle appears at least once when there are enough women aged 20–40:
early and mid pregnancy, a woman about to reach 7 months, past 7 months, leave starting soon, on
maternity leave, twins, a difficult birth, lactating mothers back at work, lactation ending soon, a
miscarriage, lactation stopped early, a reassignment to a safe post, an unresolved post conflict and an
old finished case. Everything goes through the ordinary services (validation, audit), with dates
relative to ``on`` and choices from ``random.Random(seed)``, so the same seed gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ProtectionCase, Worker
from desktop.core import hazards
from desktop.core.dates import add_months, add_years
from desktop.core.errors import DomainError
from desktop.services.database import Database
from desktop.services.protections import cases as protection_cases

ACTOR = "demo"

SAFE_POSTS = ("资料员", "统计员", "质检员", "苗圃管护员")

# Share of the women aged 20–40 given a case beyond the fixed stories (a district's yearly births).
_EXTRA_SHARE = 0.05


@dataclass(frozen=True)
class _Ctx:
    session: Session
    rng: random.Random
    on: date


Story = Callable[[_Ctx, Worker], ProtectionCase]


def add_demo_protections(db: Database, *, seed: int, on: date | None = None) -> int:
    """Add protection histories to demo women aged 20–40; returns the number of cases added.

    Runs once per data file: if demo cases exist already it adds nothing (returns 0), so running the demo
    generator again does not pile a second set of stories onto the same women.
    """
    day = on or date.today()
    rng = random.Random(seed)
    with db.write() as s:
        if s.scalar(select(ProtectionCase.id).where(ProtectionCase.created_by == ACTOR).limit(1)) is not None:
            return 0
        women = _candidates(s, day)
        rng.shuffle(women)
        hazardous = [w for w in women if _forbidden_in_pregnancy(w.hazards)]
        ctx = _Ctx(s, rng, day)
        # Stories that need a hazardous post take those women first; the rest take anyone left.
        plan: list[tuple[Story, bool]] = [
            (_reassigned, True),
            (_late_unresolved, True),
            (_early, False),
            (_mid_with_certificate, False),
            (_reaching_seven_months, False),
            (_late, False),
            (_leave_soon, False),
            (_on_leave, False),
            (_twins, False),
            (_dystocia, False),
            (_lactating_back, False),
            (_lactation_ending, False),
            (_miscarriage, False),
            (_stopped_early, False),
            (_finished_long_ago, False),
        ]
        used: set[int] = set()
        count = 0
        for story, wants_hazard in plan:
            pool = [w for w in (hazardous if wants_hazard else []) + women if w.id not in used]
            if not pool:
                break
            worker = pool[0]
            used.add(worker.id)
            case = story(ctx, worker)
            if story not in (_late_unresolved, _reassigned, _miscarriage, _finished_long_ago):
                _reassign_if_needed(ctx, case, worker)
            count += 1
        extras = [_early, _mid_with_certificate, _late, _on_leave, _lactating_back, _lactating_back]
        rest = [w for w in women if w.id not in used]
        for worker in rest[: int(len(women) * _EXTRA_SHARE)]:
            _reassign_if_needed(ctx, rng.choice(extras)(ctx, worker), worker)
            count += 1
    return count


def _candidates(session: Session, on: date) -> list[Worker]:
    has_case = select(ProtectionCase.worker_id)
    stmt = (
        select(Worker)
        .where(
            Worker.sex == "F",
            Worker.archived_at.is_(None),
            Worker.status == "on_roll",
            Worker.employment_type != "retired",
            Worker.birth_date <= add_years(on, -20),
            Worker.birth_date > add_years(on, -41),
            Worker.id.not_in(has_case),
        )
        .order_by(Worker.id)
    )
    return list(session.scalars(stmt))


def _forbidden_in_pregnancy(codes: str) -> bool:
    try:
        return bool(hazards.prohibited_for("pregnancy", codes))
    except DomainError:
        return False


def _needs_move(codes: str) -> bool:
    try:
        return bool(
            hazards.prohibited_for("pregnancy", codes)
            or hazards.prohibited_for("lactation", codes)
            or hazards.night_overtime_conflict(codes)
        )
    except DomainError:
        return False


def _reassign_if_needed(ctx: _Ctx, case: ProtectionCase, w: Worker) -> None:
    """Most offices do move the woman: a demo full of unresolved conflicts would not look like real work."""
    if not _needs_move(w.hazards):
        return
    timeline, _ = protection_cases.case_timeline(ctx.session, case.id, ctx.on)
    assert timeline.lmp is not None
    moved = min(ctx.on, timeline.lmp.day + timedelta(days=ctx.rng.randint(49, 84)))
    protection_cases.record_reassignment(
        ctx.session,
        case.id,
        to_post=ctx.rng.choice(SAFE_POSTS),
        to_hazards="",
        reassigned_on=moved,
        actor=ACTOR,
        today=ctx.on,
    )


def _register_lmp(
    ctx: _Ctx, w: Worker, lmp: date, *, doctor_certificate: bool = False, reduced_workload: str = ""
) -> ProtectionCase:
    return protection_cases.register_pregnancy(
        ctx.session,
        w.id,
        lmp=lmp,
        doctor_certificate=doctor_certificate,
        reduced_workload=reduced_workload,
        actor=ACTOR,
        today=ctx.on,
    )


def _register_due(ctx: _Ctx, w: Worker, due: date, notes: str = "") -> ProtectionCase:
    return protection_cases.register_pregnancy(ctx.session, w.id, due_date=due, notes=notes, actor=ACTOR, today=ctx.on)


def _pregnant_weeks(ctx: _Ctx, low: int, high: int) -> date:
    """An LMP that makes her pregnant for low–high completed weeks on the demo day."""
    return ctx.on - timedelta(days=ctx.rng.randint(low * 7, high * 7 + 6))


def _delivered(
    ctx: _Ctx, w: Worker, days_ago: int, *, babies: int = 1, dystocia: bool = False, notes: str = ""
) -> ProtectionCase:
    born = ctx.on - timedelta(days=days_ago)
    due = born + timedelta(days=ctx.rng.randint(-10, 7))
    case = _register_due(ctx, w, due, notes)
    return protection_cases.record_delivery(
        ctx.session, case.id, delivery_date=born, babies=babies, dystocia=dystocia, actor=ACTOR, today=ctx.on
    )


def _back_at_work(ctx: _Ctx, case: ProtectionCase, *, extra_days: int = 0) -> ProtectionCase:
    timeline, _ = protection_cases.case_timeline(ctx.session, case.id, ctx.on)
    assert timeline.leave_end is not None
    back = timeline.leave_end.day + timedelta(days=1 + extra_days)
    return protection_cases.record_return(ctx.session, case.id, return_to_work=back, actor=ACTOR, today=ctx.on)


def _early(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _register_lmp(ctx, w, _pregnant_weeks(ctx, 7, 13))


def _mid_with_certificate(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _register_lmp(
        ctx,
        w,
        _pregnant_weeks(ctx, 16, 23),
        doctor_certificate=True,
        reduced_workload="凭医院证明减轻劳动量：不安排搬运重物和攀高作业",
    )


def _reaching_seven_months(ctx: _Ctx, w: Worker) -> ProtectionCase:
    seven = ctx.on + timedelta(days=ctx.rng.randint(5, 25))
    return _register_lmp(ctx, w, add_months(seven, -7))


def _late(ctx: _Ctx, w: Worker, notes: str = "") -> ProtectionCase:
    lmp = _pregnant_weeks(ctx, 31, 35)
    return _register_due(ctx, w, lmp + timedelta(days=280), notes)


def _late_unresolved(ctx: _Ctx, w: Worker) -> ProtectionCase:
    # Left in her hazardous post on purpose: the conflict list must have something to show.
    return _late(ctx, w, "已通知所在单位安排调岗，待落实")


def _leave_soon(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _register_due(ctx, w, ctx.on + timedelta(days=ctx.rng.randint(17, 28)))


def _on_leave(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _delivered(ctx, w, ctx.rng.randint(15, 70))


def _twins(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _delivered(ctx, w, ctx.rng.randint(40, 80), babies=2, notes="双胞胎")


def _dystocia(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _delivered(ctx, w, ctx.rng.randint(70, 110), dystocia=True, notes="剖宫产，难产证明已交人事")


def _lactating_back(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _back_at_work(ctx, _delivered(ctx, w, ctx.rng.randint(190, 290)))


def _lactation_ending(ctx: _Ctx, w: Worker) -> ProtectionCase:
    born = add_years(ctx.on + timedelta(days=ctx.rng.randint(5, 25)), -1)
    return _back_at_work(ctx, _delivered(ctx, w, (ctx.on - born).days))


def _miscarriage(ctx: _Ctx, w: Worker) -> ProtectionCase:
    lost = ctx.on - timedelta(days=ctx.rng.randint(3, 10))
    case = _register_lmp(ctx, w, lost - timedelta(days=ctx.rng.randint(63, 80)))
    return protection_cases.record_miscarriage(ctx.session, case.id, miscarriage_date=lost, actor=ACTOR, today=ctx.on)


def _stopped_early(ctx: _Ctx, w: Worker) -> ProtectionCase:
    case = _back_at_work(ctx, _delivered(ctx, w, ctx.rng.randint(250, 300)))
    stop = ctx.on - timedelta(days=ctx.rng.randint(20, 60))
    return protection_cases.stop_lactation(ctx.session, case.id, last_day=stop, actor=ACTOR, today=ctx.on)


def _finished_long_ago(ctx: _Ctx, w: Worker) -> ProtectionCase:
    return _back_at_work(ctx, _delivered(ctx, w, ctx.rng.randint(600, 800)))


def _reassigned(ctx: _Ctx, w: Worker) -> ProtectionCase:
    lmp = _pregnant_weeks(ctx, 20, 28)
    case = _register_lmp(ctx, w, lmp, doctor_certificate=True, reduced_workload="孕期不宜接触振动、攀高作业")
    moved = min(ctx.on, lmp + timedelta(days=ctx.rng.randint(60, 100)))
    return protection_cases.record_reassignment(
        ctx.session,
        case.id,
        to_post=ctx.rng.choice(SAFE_POSTS),
        to_hazards="",
        reassigned_on=moved,
        actor=ACTOR,
        today=ctx.on,
    )
