"""The ethnic festivals the office approved for festival goods: dated rule data beside the standards (#18).

总工办发〔2017〕32号 allows festival goods on the statutory festivals (built in) and on ethnic festivals set up
with the approval of a people's government at autonomous-region level or above. Which of those the office
observes, for which ethnicity, from when, and on which approval document, is entered here. A change is a
row from a date on (like a standard): approving a festival later, or withdrawing it from a date, never
changes what visits before that date were checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import utcnow
from db.models_condolences import CondolenceFestival
from desktop.core.condolences import FESTIVALS, EthnicFestival, ethnic_festival_on
from desktop.core.errors import FieldErrors
from desktop.core.roles import Permission
from desktop.services import access, audit
from desktop.services.condolences.standards import festival_from_row

ENTITY = "condolence_festival"


@dataclass(frozen=True)
class FestivalInfo:
    name: str
    current: EthnicFestival | None
    """The row in force on the day asked (None: not yet approved, or withdrawn)."""
    history: list[EthnicFestival]


def load_festivals(session: Session) -> list[EthnicFestival]:
    return [festival_from_row(r) for r in session.scalars(select(CondolenceFestival))]


def list_festivals(session: Session, on: date | None = None) -> list[FestivalInfo]:
    """Every ethnic festival ever entered, with the approval in force on ``on`` (today) and its history."""
    day = on or date.today()
    rows = load_festivals(session)
    out = []
    for name in sorted({f.name for f in rows}):
        history = sorted((f for f in rows if f.name == name), key=lambda f: f.effective_from)
        out.append(FestivalInfo(name, ethnic_festival_on(name, day, rows), history))
    return out


def check_festival_entry(
    name: str, ethnicity: str, effective_from: date | None, *, approved: bool, note: str
) -> tuple[str, str, str]:
    """The cleaned (name, ethnicity, note) or FieldErrors naming each field (the dialog runs it as typed)."""
    name, ethnicity, note = (" ".join((v or "").split()) for v in (name, ethnicity, note))
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写节日名称（如：瑟宾节）"
    elif len(name) > 30:
        errors["name"] = "节日名称最多30个字"
    elif name in FESTIVALS.values() or name in FESTIVALS:
        errors["name"] = f"“{name}”是内置的节日名称，不能作为民族节日登记"
    if approved and not ethnicity.endswith("族"):
        errors["ethnicity"] = "请填写该节日所属的民族（如：鄂温克族），节日慰问品只发给该民族的会员"
    if not isinstance(effective_from, date):
        errors["effective_from"] = "请填写生效日期"
    if not note:
        errors["note"] = (
            "请写明依据：自治区以上人民政府批准设立该节日的文件，以及本单位决定发放的会议或文号"
            if approved
            else "请写明停止发放的依据"
        )
    if errors:
        raise FieldErrors(errors)
    return name, ethnicity, note


def set_festival(
    session: Session, name: str, ethnicity: str, effective_from: date, *, approved: bool = True, note: str, actor: str
) -> CondolenceFestival:
    """Approve (or, with ``approved`` False, withdraw) an ethnic festival from ``effective_from`` on."""
    access.require(session, Permission.RULES)
    name, ethnicity, note = check_festival_entry(name, ethnicity, effective_from, approved=approved, note=note)
    values = {"ethnicity": ethnicity, "approved": approved, "note": note}
    existing = session.scalars(
        select(CondolenceFestival).where(
            CondolenceFestival.name == name, CondolenceFestival.effective_from == effective_from
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
    row = CondolenceFestival(name=name, effective_from=effective_from, created_by=actor, created_at=utcnow(), **values)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=row.id,
        after={"name": name, "effective_from": effective_from, **values},
    )
    return row
