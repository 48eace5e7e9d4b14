"""The four-period ledger (女职工四期保护台账): who is in a protection period on a day, with her dates.

Filtering that SQL can do (live cases of on-roll women, unit subtree, name search, cases too old to
matter) happens in SQL; the state itself is computed per case by the core, because it depends on the
rules of each case's deciding day. An office has a few hundred cases at most, so this stays fast.

The table in the tab follows the roster's lazy pattern: ``case_ids`` gives the ordered ids for the
filter, ``fetch_case_rows`` the rows for a slice of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.models import ProtectionCase, Unit, Worker
from desktop.core import hazards
from desktop.core.dates import add_years
from desktop.core.errors import DomainError
from desktop.core.protection_timeline import (
    ExplainedDate,
    ExplainedNumber,
    ProtectionState,
    Timeline,
    contract_extension,
    state_on,
)
from desktop.core.protections import DEFAULT_RULES, ProtectionRules, baby_age_text
from desktop.services.office import descendant_ids, unit_labels
from desktop.services.protections.cases import evaluate, frozen_rules, to_core
from desktop.services.protections.rules import RuleBook, deciding_day, load_rulebook

STATE_CHOICES: dict[str, str] = {
    "pregnant": "孕期（未满7个月）",
    "pregnant_7m": "孕7月以上",
    "maternity_leave": "产假中",
    "lactation": "哺乳期",
    "miscarriage_leave": "流产假",
    "invalid": "数据需核对",
}
"""Filter choices for the tab: state code → label. "invalid" rows are cases the rules now reject."""

_STATE_ORDER = {code: i for i, code in enumerate(STATE_CHOICES)}

# Leave is at most 730 days and lactation at most 24 months after the birth (rule limits), so a case
# whose latest known date is older than this cannot be in any period; SQL leaves it out.
_HORIZON_YEARS = 3

SORT_KEYS = ("unit", "name", "state", "due", "leave_end", "lactation_end")


@dataclass(frozen=True)
class CaseRow:
    """One ledger row; every date carries its reason (``.day`` and ``.reason``), None where it does not apply."""

    case_id: int
    uid: str
    worker_id: int
    name: str
    id_number: str
    unit_id: int
    unit_name: str
    post: str
    """The post she works in on the day: the reassignment's post once it is in force, else the roster's."""
    conditions: str
    """That post's hazard codes (desktop.core.hazards encoding)."""
    roster_post: str
    reassigned: bool
    """A recorded reassignment is in force on the day."""
    reassignment: str
    """"油锯手 → 资料员（2026-10-01起）", or "" when none was recorded."""
    doctor_certificate: bool
    reduced_workload: str
    state_code: str | None
    """A ProtectionState code, "invalid" when the stored facts no longer pass the rules, None outside periods."""
    state_label: str
    weeks: int | None
    night_overtime_ban: bool
    post_problems: tuple[str, ...]
    """Why her post is not allowed in her period (prohibited work, night shift/overtime); empty when fine."""
    babies: int
    dystocia: bool
    birth_type: str
    """"顺产" / "难产" once delivered, else ""."""
    lmp: ExplainedDate | None
    due: ExplainedDate | None
    seven_month: ExplainedDate | None
    delivery: ExplainedDate | None
    leave_days: ExplainedNumber | None
    leave_start: ExplainedDate | None
    leave_end: ExplainedDate | None
    return_to_work: ExplainedDate | None
    lactation_end: ExplainedDate | None
    lactation_stopped: ExplainedDate | None
    breastfeeding_hours: ExplainedNumber | None
    miscarriage: ExplainedDate | None
    miscarriage_leave_end: ExplainedDate | None
    timeline: Timeline | None
    rules_day: date | None
    """The day whose rules decided this case (delivery, miscarriage or due date)."""
    problem: str
    """The rule's message when the stored facts no longer pass (state "invalid"), else ""."""
    notes: str
    night_problems: tuple[str, ...] = ()
    """The night-shift/overtime reasons among ``post_problems`` (worded with the case's rules)."""
    contract_end: date | None = None
    """Her 合同到期日 from the roster (None: not recorded or open-ended)."""
    contract_extension: ExplainedDate | None = None
    """When the contract ends inside a protected period: the day it runs on to, with the rule (#18 item 7)."""
    frozen_rules: ProtectionRules | None = None
    """The rules this case kept when a later (backdated) change would have moved it (#18 item 5); None when
    it follows the rule data. ``rules_day`` is then the day whose rules were kept."""


def effective_post(case: ProtectionCase, worker: Worker, on: date) -> tuple[str, str, bool]:
    """(post, hazard codes, reassigned?) on a day: a reassignment counts from its date on."""
    if case.reassigned_on is not None and case.reassigned_on <= on:
        return case.reassigned_to_post, case.reassigned_to_hazards, True
    return worker.post, worker.hazards, False


def post_problems(
    state: ProtectionState | None, conditions: str, rules: ProtectionRules | None = None
) -> tuple[list[str], list[str]]:
    """(prohibited-work reasons, night-shift/overtime reasons) for her state in a post with these conditions;
    the night/overtime reason names the months and the baby's age of ``rules`` (her case's rules)."""
    if state is None:
        return [], []
    r = rules or DEFAULT_RULES
    try:
        prohibited = hazards.prohibited_for(state.prohibited_period, conditions) if state.prohibited_period else []
        night = (
            hazards.night_overtime_conflict(
                conditions, seven_month_months=r.seven_month_months, baby_age=baby_age_text(r)
            )
            if state.night_overtime_ban
            else []
        )
    except DomainError as e:
        # Unreadable conditions must not hide a possible conflict: say so instead.
        return [f"岗位危害条件“{conditions}”无法识别（{e.message}），无法核对禁忌作业，请在名册中更正"], []
    return prohibited, night


def load_cases(
    session: Session,
    on: date,
    *,
    unit_id: int | None = None,
    text: str = "",
    ids: Iterable[int] | None = None,
) -> list[tuple[ProtectionCase, Worker, str]]:
    """Live cases of on-roll women that may still matter on ``on``, with worker and unit label."""
    stmt = (
        select(ProtectionCase, Worker, Unit.name)
        .join(Worker, ProtectionCase.worker_id == Worker.id)
        .join(Unit, Worker.unit_id == Unit.id)
        .where(ProtectionCase.archived_at.is_(None), Worker.archived_at.is_(None), Worker.status == "on_roll")
    )
    if ids is not None:
        stmt = stmt.where(ProtectionCase.id.in_(list(ids)))
    else:
        latest = func.coalesce(
            ProtectionCase.delivery_date, ProtectionCase.miscarriage_date, ProtectionCase.due_date, ProtectionCase.lmp
        )
        stmt = stmt.where(latest >= add_years(on, -_HORIZON_YEARS))
    if unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, unit_id)))
    needle = "".join((text or "").split()).replace("%", "").replace("_", "")
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(
            or_(
                Worker.name.like(like),
                Worker.id_number.like(like.upper()),
                Worker.post.like(like),
                ProtectionCase.reassigned_to_post.like(like),
            )
        )
    labels = unit_labels(session)
    return [(c, w, labels.get(w.unit_id, u)) for c, w, u in session.execute(stmt.order_by(ProtectionCase.id)).all()]


def build_row(case: ProtectionCase, worker: Worker, unit_name: str, book: RuleBook, on: date) -> CaseRow:
    """The ledger row of one case on a day; never raises for stored data (bad data → state "invalid")."""
    core = to_core(case)
    post, conditions, reassigned = effective_post(case, worker, on)
    reassignment = ""
    if case.reassigned_on is not None:
        reassignment = (
            f"{case.reassigned_from_post or '原岗位'} → {case.reassigned_to_post}（{case.reassigned_on.isoformat()}起）"
        )
    timeline: Timeline | None = None
    state: ProtectionState | None = None
    problem = ""
    rules: ProtectionRules | None = None
    kept = frozen_rules(case)
    try:
        timeline, rules = evaluate(core, book, fallback=on, frozen=kept)
        state = state_on(core, on, rules)
    except DomainError as e:
        problem = e.message
    prohibited, night = post_problems(state, conditions, rules)
    t = timeline or Timeline()
    if problem:
        code: str | None = "invalid"
        label = STATE_CHOICES["invalid"]
    else:
        code = state.code if state else None
        label = state.label if state else ""
    return CaseRow(
        case_id=case.id,
        uid=case.uid,
        worker_id=worker.id,
        name=worker.name,
        id_number=worker.id_number,
        unit_id=worker.unit_id,
        unit_name=unit_name,
        post=post,
        conditions=conditions,
        roster_post=worker.post,
        reassigned=reassigned,
        reassignment=reassignment,
        doctor_certificate=case.doctor_certificate,
        reduced_workload=case.reduced_workload,
        state_code=code,
        state_label=label,
        weeks=state.weeks if state else None,
        night_overtime_ban=bool(state and state.night_overtime_ban),
        post_problems=tuple(prohibited + night),
        babies=case.babies,
        dystocia=case.dystocia,
        birth_type=("难产" if case.dystocia else "顺产") if case.delivery_date else "",
        lmp=t.lmp,
        due=t.due,
        seven_month=t.seven_month,
        delivery=t.delivery,
        leave_days=t.leave_days,
        leave_start=t.leave_start,
        leave_end=t.leave_end,
        return_to_work=t.return_to_work,
        lactation_end=t.lactation_end,
        lactation_stopped=t.lactation_stopped,
        breastfeeding_hours=t.breastfeeding_hours,
        miscarriage=t.miscarriage,
        miscarriage_leave_end=t.miscarriage_leave_end,
        timeline=timeline,
        rules_day=case.rules_frozen_on if kept is not None else deciding_day(core, book),
        problem=problem,
        notes=case.notes,
        night_problems=tuple(night),
        contract_end=worker.contract_end,
        frozen_rules=kept,
        contract_extension=contract_extension(timeline, worker.contract_end, rules) if timeline else None,
    )


def current_cases(
    session: Session,
    on: date,
    *,
    state: str | None = None,
    unit_id: int | None = None,
    text: str = "",
    sort: str = "unit",
    descending: bool = False,
) -> list[CaseRow]:
    """Every case in a protection period on ``on`` (plus cases needing correction), filtered and sorted.

    ``state`` is a key of STATE_CHOICES; ``unit_id`` includes its sub-units; ``text`` searches name,
    ID number and post.
    """
    if state is not None and state not in STATE_CHOICES:
        raise DomainError(f"未知的保护状态“{state}”", field="state")
    book = load_rulebook(session)
    rows = [build_row(c, w, u, book, on) for c, w, u in load_cases(session, on, unit_id=unit_id, text=text)]
    rows = [r for r in rows if r.state_code is not None and (state is None or r.state_code == state)]
    return _sorted(rows, sort, descending)


def case_ids(
    session: Session,
    on: date,
    *,
    state: str | None = None,
    unit_id: int | None = None,
    text: str = "",
    sort: str = "unit",
    descending: bool = False,
) -> list[int]:
    """The ordered case ids of the ledger view, for the lazy table model."""
    rows = current_cases(session, on, state=state, unit_id=unit_id, text=text, sort=sort, descending=descending)
    return [r.case_id for r in rows]


def fetch_case_rows(session: Session, ids: list[int], on: date) -> list[CaseRow]:
    """Rows for the given case ids in that order (ids no longer live are skipped), whatever their state."""
    if not ids:
        return []
    book = load_rulebook(session)
    found: dict[int, CaseRow] = {}
    for start in range(0, len(ids), 500):
        for c, w, u in load_cases(session, on, ids=ids[start : start + 500]):
            found[c.id] = build_row(c, w, u, book, on)
    return [found[i] for i in ids if i in found]


def _date_key(item: ExplainedDate | None) -> date:
    return item.day if item is not None else date.max


def _sorted(rows: list[CaseRow], sort: str, descending: bool) -> list[CaseRow]:
    if sort not in SORT_KEYS:
        raise DomainError(f"不能按“{sort}”排序", field="sort")
    keys = {
        "unit": lambda r: (r.unit_name, r.name),
        "name": lambda r: (r.name, r.unit_name),
        "state": lambda r: (_STATE_ORDER.get(r.state_code or "", 99), -(r.weeks or 0), r.name),
        "due": lambda r: (_date_key(r.due), r.name),
        "leave_end": lambda r: (_date_key(r.leave_end or r.miscarriage_leave_end), r.name),
        "lactation_end": lambda r: (_date_key(r.lactation_end), r.name),
    }
    # The case id breaks ties so the order is stable between refreshes.
    ordered = sorted(rows, key=lambda r: (keys[sort](r), r.case_id), reverse=descending)
    return ordered
