"""The four-period protection part of a worker's profile in the roster: her cases, newest first."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.services.protections.cases import case_timeline, worker_case_ids
from desktop.services.roster.profile import ProfileLine, ProfileSection, register


@register
def protection_section(session: Session, worker_id: int, on: date | None = None) -> list[ProfileSection]:
    ids = worker_case_ids(session, worker_id)
    if not ids:
        return []
    lines: list[ProfileLine] = []
    for case_id in ids:
        try:
            timeline, state = case_timeline(session, case_id, on)
        except DomainError as exc:
            lines.append(ProfileLine("记录需核对", exc.message))
            continue
        anchor = timeline.delivery or timeline.miscarriage or timeline.due
        label = format_date(anchor.day) if anchor else "日期未填"
        if timeline.miscarriage:
            what = "流产"
        elif timeline.delivery:
            what = "分娩"
        else:
            what = "预产期"
        value = state.label if state else "已结束"
        reason = ""
        if timeline.leave_start and timeline.leave_end:
            reason = f"产假 {format_date(timeline.leave_start.day)} 至 {format_date(timeline.leave_end.day)}"
        lines.append(ProfileLine(f"{what} {label}", value, reason))
    return [ProfileSection("四期保护", lines)]
