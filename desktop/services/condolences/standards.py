"""Condolence standards as dated rule data: the built-in ones of desktop.core.condolences, overridden by rows.

The standard for an occasion on a day is the one with the latest effective date on or before that day,
stored rows and built-in defaults together (a stored row wins over a default of the same day). A change is
a new row from a date on, so a visit checked under the old standard keeps it; a second entry for the same
occasion and day corrects that row (audited as an update).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_condolences import CondolenceFestival, CondolenceStandard
from desktop.core.condolences import (
    DEFAULT_STANDARDS,
    OCCASIONS,
    EthnicFestival,
    Standard,
    check_departure,
    check_occasion,
    check_standard,
)
from desktop.core.errors import FieldErrors
from desktop.core.roles import Permission
from desktop.services import access, audit

ENTITY = "condolence_standard"


def _from_row(row: CondolenceStandard) -> Standard:
    docs = tuple(d.strip() for d in row.documents.splitlines() if d.strip())
    return Standard(
        row.occasion,
        row.mode,
        row.default_fen,
        row.cap_fen,
        row.yearly_cap_fen,
        row.max_per_year,
        row.once_per_cause,
        docs,
        row.effective_from,
        row.note or "本单位标准",
    )


class StandardBook:
    """All standards loaded once, to check many visits (a batch of 2,000) without a query each; with them
    the ethnic festivals the office approved (dated rule data too), so one load serves every check."""

    def __init__(self, stored: list[Standard], festivals: list[EthnicFestival] | None = None) -> None:
        self.festivals: list[EthnicFestival] = list(festivals or [])
        self._by_occasion: dict[str, list[tuple[date, int, Standard]]] = {}
        # Defaults sort before stored rows of the same day (second key), so the stored one wins.
        for s in DEFAULT_STANDARDS:
            self._by_occasion.setdefault(s.occasion, []).append((s.effective_from, 0, s))
        for s in stored:
            self._by_occasion.setdefault(s.occasion, []).append((s.effective_from, 1, s))
        for rows in self._by_occasion.values():
            rows.sort(key=lambda t: (t[0], t[1]))

    def on(self, occasion: str, day: date) -> Standard:
        check_occasion(occasion)
        rows = self._by_occasion[occasion]
        found = [s for d, _, s in rows if d <= day]
        return found[-1] if found else rows[0][2]

    def history(self, occasion: str) -> list[Standard]:
        return [s for _, _, s in self._by_occasion.get(occasion, [])]


def festival_from_row(row: CondolenceFestival) -> EthnicFestival:
    return EthnicFestival(row.name, row.ethnicity, row.effective_from, row.approved, row.note)


def load_standards(session: Session) -> StandardBook:
    return StandardBook(
        [_from_row(r) for r in session.scalars(select(CondolenceStandard))],
        [festival_from_row(r) for r in session.scalars(select(CondolenceFestival))],
    )


def standard_on(session: Session, occasion: str, day: date) -> Standard:
    return load_standards(session).on(occasion, day)


@dataclass(frozen=True)
class StandardInfo:
    occasion: str
    label: str
    current: Standard
    history: list[Standard]


def list_standards(session: Session, on: date | None = None) -> list[StandardInfo]:
    """Every occasion with the standard in force on ``on`` (today by default) and its dated history."""
    day = on or date.today()
    book = load_standards(session)
    return [StandardInfo(o, label, book.on(o, day), book.history(o)) for o, label in OCCASIONS.items()]


def set_standard(session: Session, standard: Standard, *, note: str = "", actor: str) -> CondolenceStandard:
    """Make ``standard`` the rule for its occasion from its effective date on."""
    access.require(session, Permission.RULES)
    if not isinstance(standard.effective_from, date):
        raise FieldErrors({"effective_from": "请填写生效日期"})
    check_standard(standard)
    check_departure(standard, note=note)
    docs = "\n".join(d.strip() for d in standard.documents if d.strip())
    values = {
        "mode": standard.mode,
        "default_fen": standard.default_fen,
        "cap_fen": standard.cap_fen,
        "yearly_cap_fen": standard.yearly_cap_fen,
        "max_per_year": standard.max_per_year,
        "once_per_cause": standard.once_per_cause,
        "documents": docs,
        "note": (note or "").strip(),
    }
    existing = session.scalars(
        select(CondolenceStandard).where(
            CondolenceStandard.occasion == standard.occasion,
            CondolenceStandard.effective_from == standard.effective_from,
        )
    ).first()
    if existing is not None:
        before = audit.snapshot(existing, list(values))
        for k, v in values.items():
            setattr(existing, k, v)
        audit.record(
            session, actor=actor, action="update", entity=ENTITY, entity_id=existing.id, before=before, after=values
        )
        return existing
    row = CondolenceStandard(
        occasion=standard.occasion,
        effective_from=standard.effective_from,
        created_by=actor,
        created_at=utcnow(),
        **values,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=row.id,
        after={"occasion": standard.occasion, "effective_from": standard.effective_from, **values},
    )
    return row
