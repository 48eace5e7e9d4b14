"""The condolence part of a worker's profile in the roster: hardship file and this and last year's visits."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.core import condolences as condolence_rules
from desktop.core.hardship import GRADES, STATUS, review_due
from desktop.services.condolences.hardship import file_of_worker
from desktop.services.condolences.ledger import VisitFilter, visit_rows
from desktop.services.roster.profile import ProfileLine, ProfileSection, register


@register
def condolence_section(session: Session, worker_id: int, on: date | None = None) -> list[ProfileSection]:
    day = on or date.today()
    lines: list[ProfileLine] = []
    f = file_of_worker(session, worker_id)
    if f is not None and f.archived_at is None:
        due = review_due(f.opened_on, f.last_reviewed_on)
        lines.append(
            ProfileLine(
                "困难职工档案",
                f"{GRADES.get(f.grade, f.grade)}（{STATUS.get(f.status, f.status)}）",
                f"{f.main_cause}；下次复核 {due.isoformat()}" if f.status == "active" else f.status_reason,
            )
        )
    for year in (day.year, day.year - 1):
        rows = visit_rows(session, VisitFilter(worker_id=worker_id, year=year))
        if rows:
            total = sum(r.value_fen for r in rows)
            what = "、".join(dict.fromkeys(r.occasion_text for r in rows))
            lines.append(ProfileLine(f"{year}年慰问", f"{len(rows)}次，{condolence_rules.yuan(total)}元", what))
    return [ProfileSection("慰问帮扶", lines)] if lines else []
