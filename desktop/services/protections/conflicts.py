"""Post conflicts — the union's real job: women in posts the decree forbids for their period.

Four kinds, each one row per woman with the reasons:
- "prohibited": pregnant or lactating in a post with work prohibited for that period (国务院令第619号附录);
- "night_overtime": 7+ months pregnant or lactating in a post marked with night shifts or overtime;
- "all_women": any woman on the roll in a post of 附录第一条 (underground mining, physical labour grade IV,
  loads over 20 kg six times an hour or over 25 kg at once): forbidden to every woman, at any time (#18 item 8);
- "menstruation": women in posts with menstruation-prohibited work, for rotation planning. Women who
  are pregnant or on leave are left out of this list: their pregnancy row matters, not this one.

The post that counts is the one she works in on the day: a reassignment recorded on or before the day
replaces the roster's post, so recording a move to a safe post removes the conflict. Women on leave are
still listed (with a note): the post must be safe before she comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Unit, Worker
from desktop.core import hazards
from desktop.core.errors import DomainError
from desktop.services.office import descendant_ids, unit_labels
from desktop.services.protections.ledger import build_row, load_cases
from desktop.services.protections.rules import load_rulebook

KIND_LABELS: dict[str, str] = {
    "prohibited": "禁忌作业",
    "night_overtime": "夜班/延长劳动时间",
    "all_women": "女职工禁忌作业（所有女职工）",
    "menstruation": "经期禁忌岗位（轮岗参考）",
}
_KIND_ORDER = {k: i for i, k in enumerate(KIND_LABELS)}

_NOT_AT_WORK = {
    "maternity_leave": "目前产假中，返岗前须调整岗位",
    "miscarriage_leave": "目前流产假中，返岗前须调整岗位",
}
# States in which the menstruation list does not apply (pregnant, or off work on leave).
_NO_MENSTRUATION_LIST = {"pregnant", "pregnant_7m", "maternity_leave", "miscarriage_leave"}


@dataclass(frozen=True)
class Conflict:
    worker_id: int
    name: str
    unit: str
    kind: str
    """A key of KIND_LABELS."""
    reasons: list[str]
    kind_label: str = ""
    post: str = ""
    conditions: str = ""
    """The post's conditions in words ("高处作业Ⅲ级、强烈振动")."""
    state_label: str = ""
    case_id: int | None = None


def conflicts(
    session: Session, on: date, *, unit_id: int | None = None, kinds: set[str] | None = None
) -> list[Conflict]:
    """All conflicts on ``on``, by kind, then unit and name; ``unit_id`` includes its sub-units."""
    unknown = (kinds or set()) - set(KIND_LABELS)
    if unknown:
        raise DomainError(f"未知的冲突类别：{'、'.join(sorted(unknown))}", field="kinds")
    wanted = kinds or set(KIND_LABELS)
    found: dict[tuple[int, str], Conflict] = {}
    busy, post_on = _case_conflicts(session, on, unit_id, wanted, found)
    if "all_women" in wanted:
        _all_women_conflicts(session, unit_id, post_on, found)
    if "menstruation" in wanted:
        _menstruation_conflicts(session, unit_id, busy, post_on, found)
    return sorted(found.values(), key=lambda c: (_KIND_ORDER[c.kind], c.unit, c.name, c.worker_id))


def _case_conflicts(
    session: Session, on: date, unit_id: int | None, wanted: set[str], found: dict[tuple[int, str], Conflict]
) -> tuple[set[int], dict[int, tuple[str, str]]]:
    """The pregnancy and lactation conflicts of the live cases, merged into ``found``; returns the women
    whose pregnancy or leave keeps them off the menstruation list, and the (post, conditions) of women
    whose reassignment applies on the day."""
    book = load_rulebook(session)
    busy: set[int] = set()
    post_on: dict[int, tuple[str, str]] = {}
    for case, worker, unit_name in load_cases(session, on, unit_id=unit_id):
        row = build_row(case, worker, unit_name, book, on)
        if row.state_code in (None, "invalid"):
            continue
        if row.state_code in _NO_MENSTRUATION_LIST:
            busy.add(worker.id)
        if row.reassigned:
            post_on[worker.id] = (row.post, row.conditions)
        night = list(row.night_problems)
        prohibited = [p for p in row.post_problems if p not in row.night_problems]
        note = _NOT_AT_WORK.get(row.state_code or "")
        for kind, reasons in (("prohibited", prohibited), ("night_overtime", night)):
            if not reasons or kind not in wanted:
                continue
            _merge(
                found,
                Conflict(
                    worker_id=worker.id,
                    name=worker.name,
                    unit=unit_name,
                    kind=kind,
                    reasons=reasons + ([note] if note else []),
                    kind_label=KIND_LABELS[kind],
                    post=row.post,
                    conditions=_describe(row.conditions),
                    state_label=row.state_label,
                    case_id=case.id,
                ),
            )
    return busy, post_on


def _all_women_conflicts(
    session: Session,
    unit_id: int | None,
    post_on: dict[int, tuple[str, str]],
    found: dict[tuple[int, str], Conflict],
) -> None:
    for worker, unit_name, post, conditions in _women_in_posts(session, unit_id, hazards.ALL_WOMEN, post_on):
        try:
            reasons = hazards.prohibited_for_all_women(conditions)
        except DomainError as e:
            reasons = [f"岗位危害条件“{conditions}”无法识别（{e.message}），请在名册中更正"]
        if reasons:
            _merge(
                found,
                Conflict(
                    worker_id=worker.id,
                    name=worker.name,
                    unit=unit_name,
                    kind="all_women",
                    reasons=reasons,
                    kind_label=KIND_LABELS["all_women"],
                    post=post,
                    conditions=_describe(conditions),
                ),
            )


def _menstruation_conflicts(
    session: Session,
    unit_id: int | None,
    busy: set[int],
    post_on: dict[int, tuple[str, str]],
    found: dict[tuple[int, str], Conflict],
) -> None:
    for worker, unit_name in _women_in_menstruation_posts(session, unit_id):
        if worker.id in busy:
            continue
        post, conditions = post_on.get(worker.id, (worker.post, worker.hazards))
        try:
            reasons = hazards.prohibited_for("menstruation", conditions)
        except DomainError as e:
            reasons = [f"岗位危害条件“{conditions}”无法识别（{e.message}），请在名册中更正"]
        if reasons:
            _merge(
                found,
                Conflict(
                    worker_id=worker.id,
                    name=worker.name,
                    unit=unit_name,
                    kind="menstruation",
                    reasons=reasons,
                    kind_label=KIND_LABELS["menstruation"],
                    post=post,
                    conditions=_describe(conditions),
                ),
            )


def _merge(found: dict[tuple[int, str], Conflict], item: Conflict) -> None:
    # A woman may have two live cases (pregnant again while still breastfeeding): one row, all reasons.
    key = (item.worker_id, item.kind)
    old = found.get(key)
    if old is None:
        found[key] = item
        return
    reasons = old.reasons + [r for r in item.reasons if r not in old.reasons]
    found[key] = Conflict(
        old.worker_id,
        old.name,
        old.unit,
        old.kind,
        reasons,
        old.kind_label,
        old.post,
        old.conditions,
        f"{old.state_label}、{item.state_label}",
        old.case_id,
    )


def _describe(conditions: str) -> str:
    try:
        return hazards.describe(conditions)
    except DomainError:
        return conditions


def _women_in_menstruation_posts(session: Session, unit_id: int | None) -> list[tuple[Worker, str]]:
    codes = sorted(hazards.PROHIBITIONS["menstruation"])
    stmt = (
        select(Worker, Unit.name)
        .join(Unit, Worker.unit_id == Unit.id)
        .where(
            Worker.sex == "F",
            Worker.archived_at.is_(None),
            Worker.status == "on_roll",
            Worker.employment_type != "retired",
            # A cheap SQL pre-filter; the exact grade test is the core's.
            or_(*[Worker.hazards.like(f"%{code}%") for code in codes]),
        )
        .order_by(Worker.id)
    )
    if unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, unit_id)))
    labels = unit_labels(session)
    return [(w, labels.get(w.unit_id, u)) for w, u in session.execute(stmt).all()]


def _women_in_posts(
    session: Session, unit_id: int | None, rules: dict[str, int | None], post_on: dict[int, tuple[str, str]]
) -> list[tuple[Worker, str, str, str]]:
    """(worker, unit, post, conditions) of on-roll women whose post on the day may hold one of ``rules``' codes:
    the roster's post, or the post of a reassignment in force (which may hold a code the roster's does not)."""
    stmt = (
        select(Worker, Unit.name)
        .join(Unit, Worker.unit_id == Unit.id)
        .where(
            Worker.sex == "F",
            Worker.archived_at.is_(None),
            Worker.status == "on_roll",
            Worker.employment_type != "retired",
            # A cheap SQL pre-filter; the exact grade test is the core's.
            or_(*[Worker.hazards.like(f"%{code}%") for code in sorted(rules)], Worker.id.in_(list(post_on))),
        )
        .order_by(Worker.id)
    )
    if unit_id is not None:
        stmt = stmt.where(Worker.unit_id.in_(descendant_ids(session, unit_id)))
    out: list[tuple[Worker, str, str, str]] = []
    labels = unit_labels(session)
    for worker, unit_name in session.execute(stmt).all():
        post, conditions = post_on.get(worker.id, (worker.post, worker.hazards))
        out.append((worker, labels.get(worker.unit_id, unit_name), post, conditions))
    return out
