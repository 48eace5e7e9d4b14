"""Condolence reminders: yearly reviews of hardship files falling due (overdue ones on the first day), and
festival batches not yet handed out in full."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_condolences import CondolenceVisit
from desktop.core.hardship import GRADES
from desktop.services.condolences.batches import list_batches
from desktop.services.condolences.hardship import FileFilter, file_rows
from desktop.services.office import unit_tree
from desktop.services.reminders import Reminder

AREA = "慰问帮扶"


def hardship_review_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    """Active files whose review is due by ``end``; an overdue review is shown on ``start`` so it is not lost."""
    out: list[Reminder] = []
    for f in file_rows(session, FileFilter(due_by=end)):
        overdue = f.review_due < start
        detail = f"{GRADES.get(f.grade, f.grade)}，{f.main_cause}；"
        detail += f"应于 {f.review_due.isoformat()} 复核，已逾期" if overdue else "请核实家庭收入与人口并签署意见"
        out.append(
            Reminder(
                day=max(f.review_due, start),
                kind_label="困难档案年度复核",
                name=f.name,
                unit=f.unit_name,
                detail=detail,
                area=AREA,
                worker_id=f.worker_id,
                ref_id=f.id,
                ref_kind="hardship_file",
                overdue=overdue,
            )
        )
    return out


def _batch_units(session: Session) -> dict[int, str]:
    """Each batch's 林场 and 科室 (the units its sign-off sheet has page groups for), in the unit tree's order;
    全部 when it reaches every one that has staff."""
    tree = unit_tree(session)
    drop = 1 if sum(n.parent_id is None for n in tree) == 1 else 0
    top = {n.id: (n.path.split("/")[drop:] or [n.name])[0] for n in tree}
    order = list(dict.fromkeys(top[n.id] for n in tree))
    staffed = {top[n.id] for n in tree if n.worker_count}
    reached: dict[int, set[str]] = {}
    stmt = (
        select(CondolenceVisit.batch_id, Worker.unit_id)
        .join(Worker, Worker.id == CondolenceVisit.worker_id)
        .where(CondolenceVisit.batch_id.is_not(None), CondolenceVisit.archived_at.is_(None))
        .distinct()
    )
    for batch_id, unit_id in session.execute(stmt):
        if batch_id is not None and unit_id in top:
            reached.setdefault(batch_id, set()).add(top[unit_id])
    out: dict[int, str] = {}
    for batch_id, names in reached.items():
        if staffed <= names:
            out[batch_id] = "全部"
        else:
            named = [n for n in order if n in names]
            out[batch_id] = "、".join(named) if len(named) <= 3 else f"{'、'.join(named[:3])}等{len(named)}个单位"
    return out


def batch_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    """Batches dated by ``end`` whose visits are not all handed out (已发放); a batch whose day has passed is
    shown on ``start``: goods bought and not handed out, or handed out and not recorded, both need the clerk."""
    out: list[Reminder] = []
    units = _batch_units(session)
    for b in list_batches(session):
        if b.visit_date > end or b.count == 0 or b.paid >= b.count:
            continue
        overdue = b.visit_date < start
        detail = f"{b.group_text}，已发放 {b.paid}/{b.count} 人"
        detail += f"；发放日期 {b.visit_date.isoformat()} 已过，请发放并登记" if overdue else "；发放后请整批登记已发放"
        out.append(
            Reminder(
                day=max(b.visit_date, start),
                kind_label="节日慰问待发放",
                name=b.title,
                unit=units.get(b.id, ""),
                detail=detail,
                area=AREA,
                ref_id=b.id,
                ref_kind="batch",
                overdue=overdue,
                order=1,
            )
        )
    return out
