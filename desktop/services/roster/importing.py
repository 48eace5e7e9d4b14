"""Import a roster from Excel: check every row, then write all of it in one transaction — or nothing.

How an import behaves, as a clerk would expect it (in the style of docs/decisions.md):

- **All or nothing.** Every row is checked (the rules of the worker dialog, desktop.core.worker) before
  anything is written. One problem anywhere and nothing is saved; the report lists every problem as
  "第N行 [列名]: 问题", N being the row number Excel shows and 列名 the header as written in the file.
  A cancelled import rolls the transaction back, so it too writes nothing.
- **The ID number is the key.** A row whose ID number is already registered updates that worker (same
  record, same record number) instead of adding a duplicate; importing a file twice adds nobody the
  second time.
- **Archived workers are not silently revived or edited.** A row whose ID belongs to an archived worker
  is a problem: the clerk restores the worker in 归档 first (or removes the row) — the rule the dialog
  follows, so the history stays in one record.
- **Blank cells never erase.** A column missing from the file, or a blank cell, leaves an existing
  worker's value as it is; a new worker gets the default (用工形式 在岗, 状态 在册, 是否工会会员 是,
  others empty). An import only adds or corrects information; clearing a value is done in the dialog.
- **Sex and birth date come from the ID number.** A 性别 column is optional; a value that contradicts
  the ID is a problem. 出生日期/出生年份/年龄 columns (as in our own export) are read past and named in the report.
- **Record numbers (记录编号) from our own export** identify the worker too: they restore masked ID
  numbers (150785***********2; 150785********0022 in older exports) and allow correcting a mistyped
  ID number of the same named person. A row whose record number belongs to a differently named person
  with a different ID is refused (a copied row whose record number was not cleared). For a new worker
  the record number is kept only if it carries this office's code, so a workbook restored into a fresh
  data file keeps its global ids, while another office's ids never move. A masked phone number
  (138****5678) keeps the registered number when it is that worker's number masked.
- **Units** are found as the program names them (甘河林场, 甘河林场/一班, or the full path). A name that
  fits several units, a retired unit, or (unless ``create_units``) an unknown unit is a problem naming
  the unit. With ``create_units`` unknown units are created under the office's top unit when there is
  exactly one, else at the top level; "A/B" creates the missing part of the chain below the longest
  part that exists. The kind (林场, 科室, 班组 …) is guessed from the name's ending.
- **Audit.** Each updated worker gets a before → after entry; new workers get one summary entry for the
  whole import (action "import", with the counts) rather than 20,000 entries; created units are logged
  by add_unit.

The sheet is read and its rows checked in roster.import_checks, the report is roster.import_report; this
module runs the import and writes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from desktop.core.progress import Job
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import add_unit, office_code, unit_tree
from desktop.services.roster.import_checks import PROGRESS_EVERY, CheckedRow, ImportUnits, check_rows, read_sheet
from desktop.services.roster.import_report import ImportReport
from desktop.services.roster.workers import AUDITED

INSERT_CHUNK = 2000


def import_roster(
    db: Database,
    path: Path,
    *,
    create_units: bool = False,
    job: Job | None = None,
    today: date | None = None,
) -> ImportReport:
    """Import the roster sheet of ``path``; see the module docstring for the rules.

    Returns the report (``report.ok`` tells whether anything was written). Raises Cancelled from ``job``
    with the transaction rolled back.
    """
    path = Path(path)
    today = today or date.today()
    report = ImportReport(file=path.name)
    table = read_sheet(path, report, job=job)
    if table is None:
        return report

    with db.write() as session:
        units = ImportUnits(unit_tree(session), create=create_units)
        checked = check_rows(session, table, units, report, today=today, job=job)
        report.missing_units = list(dict.fromkeys(units.missing))
        if report.problems:
            # Within a row, problems follow the sheet's columns left to right, as the clerk reads them.
            position = {title: i for i, title in enumerate(table.columns.values())}
            report.problems.sort(key=lambda p: (p.row or 0, position.get(p.column, len(position))))
            return report
        _write(session, db.actor, checked, units, report, path=path, job=job)
    return report


def _unit_id(planned: dict[int, int], unit_id: int | None) -> int | None:
    """The real id of a unit the import planned (negative id) and has now created."""
    return planned.get(unit_id, unit_id) if unit_id is not None else None


def _write(
    session: Session,
    actor: str,
    checked: Iterable[CheckedRow],
    units: ImportUnits,
    report: ImportReport,
    *,
    path: Path,
    job: Job | None,
) -> None:
    ids: dict[int, int] = {}
    for node in units.planned:
        parent = _unit_id(ids, node.parent_id)
        unit = add_unit(session, name=node.name, parent_id=parent, kind=node.kind, actor=actor)
        ids[node.id] = unit.id
        report.created_units.append(node.path)

    code = office_code(session)
    now = utcnow()
    new_values: list[dict[str, object]] = []
    updates: list[CheckedRow] = []
    for item in checked:
        if item.target is not None:
            updates.append(item)
            continue
        values: dict[str, object] = {f: getattr(item.clean, f) for f in AUDITED}
        values["unit_id"] = _unit_id(ids, item.clean.unit_id)
        # Same shape as workers.new_uid, without its office query per row.
        values["uid"] = item.uid or f"{code}-{uuid.uuid4()}"
        values.update(created_at=now, created_by=actor, updated_at=now, updated_by=actor, archived_at=None)
        new_values.append(values)

    total = len(new_values) + len(updates)
    done = 0
    for start in range(0, len(new_values), INSERT_CHUNK):
        chunk = new_values[start : start + INSERT_CHUNK]
        session.execute(insert(Worker), chunk)
        done += len(chunk)
        if job is not None:
            job.step(done, total, f"正在写入新职工：{done} 人")
    report.new = len(new_values)

    for item in updates:
        worker = item.target
        assert worker is not None
        before = audit.snapshot(worker, AUDITED)
        after = {f: getattr(item.clean, f) for f in AUDITED}
        after["unit_id"] = _unit_id(ids, item.clean.unit_id)
        done += 1
        if after == before:
            report.unchanged += 1
        else:
            for f, value in after.items():
                setattr(worker, f, value)
            worker.updated_at, worker.updated_by = now, actor
            audit.record(
                session, actor=actor, action="update", entity="worker", entity_id=worker.id, before=before, after=after
            )
            report.updated += 1
        if job is not None and done % PROGRESS_EVERY == 0:
            session.flush()
            job.step(done, total, f"正在更新职工：{done} 人")

    audit.record(
        session,
        actor=actor,
        action="import",
        entity="worker",
        entity_id=None,
        after={
            "file": path.name,
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "created_units": report.created_units,
        },
    )
    if job is not None:
        job.step(total, total, "正在保存")
