"""Record numbers (#17 item 3): given on insert, looked up from what a clerk types, listed for the CLI.

Numbers are given in the flush that inserts the record (``install`` hooks every session of the data file), so
every path that creates a visit, batch, activity, honour, exam plan, hardship file or 维权诉求 — dialogs, festival
batches of 18,000 visits, the demo — numbers it in the same transaction as the insert. The next number comes
from one upsert on ``serial_counter``: the statement takes SQLite's write lock before it reads the last
number, so a second writer waits (busy timeout) and then continues after the first one's numbers. A rolled
back insert rolls its counter back too, which keeps the numbers gap-free in normal use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, event, false, func, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload, sessionmaker

from db.models import SerialCounter, Worker
from desktop.core import serials as serial_rules
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.services.query_rows import tuples

# table -> (serial kind, the record's year). By table name, so the area models are not imported at start-up.
_YEAR_OF: dict[str, tuple[str, Callable[[Any], int | None]]] = {
    "condolence_visit": ("visit", lambda r: r.visit_date.year if r.visit_date else None),
    "condolence_batch": ("batch", lambda r: r.visit_date.year if r.visit_date else None),
    "activity": ("activity", lambda r: r.starts_at.year if r.starts_at else None),
    "honour": ("honour", lambda r: r.year),
    "exam_plan": ("plan", lambda r: r.year),
    "hardship_file": ("hardship", lambda r: r.opened_on.year if r.opened_on else None),
    "rights_request": ("rights", lambda r: r.received_on.year if r.received_on else None),
}


def reserve(session: Session, kind: str, year: int, count: int = 1) -> int:
    """Take ``count`` numbers of a kind and year; returns the first. Part of the caller's transaction."""
    stmt = sqlite_insert(SerialCounter).values(kind=kind, year=year, last=count)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "year"], set_={"last": SerialCounter.last + stmt.excluded.last}
    )
    last = session.connection().execute(stmt.returning(SerialCounter.last)).scalar_one()
    return int(last) - count + 1


def _number_new(session: Session, _context: object, _instances: object) -> None:
    waiting: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for obj in session.new:
        found = _YEAR_OF.get(getattr(obj, "__tablename__", ""))
        if found is None or getattr(obj, "serial", None):
            continue
        kind, year_of = found
        year = year_of(obj)
        if year is None:
            continue  # the record's own check refuses a missing date; nothing to number yet
        waiting[(kind, year)].append(obj)
    for (kind, year), objs in sorted(waiting.items()):
        # In the order they were added: a festival batch's visits are numbered as its sheet lists them.
        objs.sort(key=lambda o: inspect(o).insert_order or 0)
        first = reserve(session, kind, year, len(objs))
        for i, obj in enumerate(objs):
            obj.serial = serial_rules.format_serial(kind, year, first + i)


def install(factory: sessionmaker[Session]) -> None:
    """Number new records in every flush of the data file's sessions."""
    event.listen(factory, "before_flush", _number_new)


# --- looking records up by what the clerk typed -------------------------------------------------------------


def _model(kind: str) -> type[Any]:
    from db.models_activities import Activity, Honour
    from db.models_condolences import CondolenceBatch, CondolenceVisit, HardshipFile
    from db.models_exams import ExamPlan

    return {
        "visit": CondolenceVisit,
        "batch": CondolenceBatch,
        "activity": Activity,
        "honour": Honour,
        "plan": ExamPlan,
        "hardship": HardshipFile,
    }[kind]


def find(session: Session, kind: str, text: object) -> Any:
    """The record named by its serial (慰2026-42 is 慰2026-0042) or its uid; an int is the row id (the program's
    own callers, never typed).

    Typed digits alone are refused rather than read as a row id: "42" is what a clerk types for 慰2026-0042, and
    a row id would print another person's form without a word. Raises DomainError in one Chinese line."""
    model, k = _model(kind), serial_rules.KINDS[kind]
    typed = str(text if text is not None else "").strip()
    listing = f"union-desk list {_LIST_NAME[kind]} 列出全部编号"
    example = serial_rules.example(kind)
    if isinstance(text, int) and not isinstance(text, bool):
        record = session.get(model, text)
    elif serial_rules.normalize(typed).isdigit():
        raise DomainError(
            f"“{typed}”不是{k.label}编号：{k.label}编号形如 {example}，须带“{k.prefix}”字和年份（{listing}）",
            field=kind,
        )
    elif serial_rules.looks_like_serial(typed):
        serial = serial_rules.canonical(typed, kind)
        record = session.scalars(select(model).where(model.serial == serial)).first()
        typed = serial
    else:
        record = session.scalars(select(model).where(model.uid == typed)).first() if typed else None
        if record is None:
            raise DomainError(f"没有编号为“{typed}”的{k.label}；{k.label}编号形如 {example}（{listing}）", field=kind)
    if record is None:
        raise DomainError(f"没有编号为 {typed} 的{k.label}（{listing}）", field=kind)
    return record


def serial_of(session: Session, kind: str, record_id: int) -> str:
    """The serial of a record known by its row id."""
    return str(find(session, kind, record_id).serial)


def find_id(session: Session, kind: str, text: object) -> int:
    return int(find(session, kind, text).id)


def matches(column: Any, text: str) -> Any:
    """For a search box: the text read as a record number (慰2026-42 finds 慰2026-0042), else matches nothing,
    so a name or ID-number search is not widened by the digits of record numbers."""
    try:
        return column == serial_rules.canonical(text)
    except serial_rules.SerialError:
        return false()


# --- the CLI's lists ------------------------------------------------------------------------------------------

_LIST_NAME = {
    "visit": "visits",
    "batch": "batches",
    "activity": "activities",
    "honour": "honours",
    "plan": "plans",
    "hardship": "hardship",
}
LIST_KINDS: dict[str, str] = {v: k for k, v in _LIST_NAME.items()}


@dataclass(frozen=True)
class ListRow:
    serial: str
    day: date | None
    title: str  # the batch / activity / plan / honour title, or the visit's occasion
    person: str  # name and masked ID number, for records of one person
    status: str


def _person(worker: Worker | None) -> str:
    return f"{worker.name} {mask(worker.id_number)}" if worker is not None else ""


def list_rows(session: Session, kind: str, *, year: int | None = None) -> list[ListRow]:
    """Every record of a kind (archived ones too: they keep their numbers), in serial order."""
    from desktop.core import activities as activity_rules
    from desktop.core import condolences as condolence_rules
    from desktop.core import exams as exam_rules
    from desktop.core import hardship as hardship_rules
    from desktop.core.enums import label

    model = _model(kind)
    stmt = select(model)
    # The person (or brand) of every row in one more query, not one per row: a year of visits is 40,000 rows.
    related = {"visit": "worker", "honour": "worker", "hardship": "worker", "activity": "brand"}.get(kind)
    if related:
        stmt = stmt.options(selectinload(getattr(model, related)))
    if year is not None:
        stmt = stmt.where(model.serial.like(f"{serial_rules.KINDS[kind].prefix}{year:04d}-%"))
    records: list[Any] = sorted(session.scalars(stmt), key=lambda r: serial_rules.sort_key(r.serial))
    handed: dict[int, tuple[int, int]] = {}
    if kind == "batch":
        v = _model("visit")
        counts = (
            select(v.batch_id, func.count(v.id), func.sum(case((v.status == "paid", 1), else_=0)))
            .where(v.batch_id.is_not(None), v.archived_at.is_(None))
            .group_by(v.batch_id)
        )
        handed = {bid: (int(n), int(paid or 0)) for bid, n, paid in tuples(session.execute(counts))}
    rows: list[ListRow] = []
    for r in records:
        archived = r.archived_at is not None
        if kind == "visit":
            status = label(condolence_rules.STATUS, r.status)
            title = label(condolence_rules.OCCASIONS, r.occasion) + (
                f"（{label(condolence_rules.FESTIVALS, r.festival)}）" if r.festival else ""
            )
            rows.append(ListRow(r.serial, r.visit_date, title, _person(r.worker), status))
        elif kind == "batch":
            n, paid = handed.get(r.id, (0, 0))
            rows.append(ListRow(r.serial, r.visit_date, r.title, "", f"已发放 {paid}/{n} 人"))
        elif kind == "activity":
            rows.append(
                ListRow(
                    r.serial,
                    r.starts_at.date(),
                    f"{r.title}（{r.brand.name}）",
                    "",
                    label(activity_rules.KINDS, r.kind),
                )
            )
        elif kind == "honour":
            who = _person(r.worker) + (f"（{r.family_name}）" if r.family_name else "")
            level = label(activity_rules.HONOUR_LEVELS, r.level)
            rows.append(ListRow(r.serial, r.awarded_on, f"{r.title}（{level}）", who, f"{r.year}年度"))
        elif kind == "plan":
            rows.append(
                ListRow(
                    r.serial,
                    r.start_date,
                    f"{r.name}（{label(exam_rules.EXAM_TYPE, r.exam_type)}）",
                    "",
                    f"至 {r.end_date.isoformat()}",
                )
            )
        else:
            rows.append(
                ListRow(
                    r.serial,
                    r.opened_on,
                    label(hardship_rules.GRADES, r.grade),
                    _person(r.worker),
                    label(hardship_rules.STATUS, r.status),
                )
            )
        if archived:
            rows[-1] = ListRow(
                rows[-1].serial, rows[-1].day, rows[-1].title, rows[-1].person, f"{rows[-1].status}·已归档"
            )
    return rows
