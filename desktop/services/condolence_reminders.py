"""Condolence reminders: yearly reviews of hardship files falling due (overdue ones on the first day)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.core.hardship import GRADES
from desktop.services.hardship_files import FileFilter, file_rows
from desktop.services.reminders import Reminder

AREA = "慰问帮扶"


def hardship_review_reminders(session: Session, start: date, end: date) -> list[Reminder]:
    """Active files whose review is due by ``end``; an overdue review is shown on ``start`` so it is not lost."""
    out: list[Reminder] = []
    for f in file_rows(session, FileFilter(due_by=end)):
        overdue = f.review_due < start
        detail = f"{GRADES.get(f.grade, f.grade)}，{f.main_cause}；"
        detail += f"应于 {f.review_due.isoformat()} 复核，已逾期" if overdue else "请核实家庭收入与人口并签署意见"
        out.append(Reminder(day=max(f.review_due, start), kind_label="困难档案年度复核", name=f.name,
                            unit=f.unit_name, detail=detail, area=AREA, worker_id=f.worker_id, ref_id=f.id))
    return out
