"""The activities and honours part of a worker's roster profile: what she won and where she took part."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.activities import HONOUR_LEVELS, ROLES, STATUSES
from desktop.services.activities.honours import honour_rows
from desktop.services.activities.participants import worker_activities
from desktop.services.roster.profile import ProfileLine, ProfileSection, register

MAX_LINES = 12  # the pane is small; the tab has the full list


@register
def activity_section(session: Session, worker_id: int) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    honours = honour_rows(session, worker_id=worker_id)
    if honours:
        lines = [
            ProfileLine(
                f"{h.year}年",
                f"{h.title}（{HONOUR_LEVELS.get(h.level, h.level)}级）",
                f"{h.family_name}" if h.family_name else (h.awarded_by or ""),
            )
            for h in honours[:MAX_LINES]
        ]
        sections.append(ProfileSection("荣誉", lines))
    acts = worker_activities(session, worker_id)
    if acts:
        lines = []
        for a in acts[:MAX_LINES]:
            value = STATUSES.get(a.status, a.status)
            if a.role != "participant":
                value += f"·{ROLES.get(a.role, a.role)}"
            lines.append(
                ProfileLine(a.starts_at.strftime("%Y-%m-%d"), a.title, f"{value}{'，获' + a.award if a.award else ''}")
            )
        if len(acts) > MAX_LINES:
            lines.append(ProfileLine("……", f"共{len(acts)}次活动"))
        sections.append(ProfileSection("品牌活动", lines))
    return sections
