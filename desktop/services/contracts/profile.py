"""The 专项集体合同 part of a woman worker's profile in the roster: the leave the contract grants her beyond the
law (经期假), with the contract and article named, as the clause feeds the rules (#19 item 1)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.models import Worker
from desktop.services.contracts.contracts import in_force_on, menstrual_leave_on
from desktop.services.roster.profile import ProfileLine, ProfileSection, register


@register
def contract_section(session: Session, worker_id: int, on: date | None = None) -> list[ProfileSection]:
    worker = session.get(Worker, worker_id)
    if worker is None or worker.sex != "F":
        return []
    day = on or date.today()
    leave = menstrual_leave_on(session, day)
    if leave.value <= 0:
        return []
    if leave.by_contract:
        reason = leave.reason
    else:
        contract = in_force_on(session, day)
        reason = "规则数据（设置 → 规则数据）" + (f"；现行合同《{contract.title}》无更多约定" if contract else "")
    return [ProfileSection("专项集体合同", [ProfileLine("经期假", f"每月{leave.value}天", reason)])]
