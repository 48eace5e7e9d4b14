"""The 变更记录 screen and `union-desk audit`: search the change log, export it, verify its chain (issue #15).

Reading the log is for 管理员 and 审批/领导: it names who looked at and exported whose data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from db.models import AuditEntry
from desktop.core.idcard import mask_in_text
from desktop.core.roles import Permission
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.excel.writer import ColumnSpec, write_table_sheet
from desktop.services import access, audit_chain
from desktop.services.database import Database

ACTION_LABELS: dict[str, str] = {
    "create": "新建",
    "add": "新增",
    "update": "修改",
    "archive": "归档",
    "restore": "恢复",
    "import": "导入",
    "delete": "删除",
    "retire": "撤销",
    "export": "导出",
    "print": "打印",
    "demo": "演示数据",
    "create_admin": "建立管理员",
    "change_password": "修改密码",
    "reset_password": "重设密码",
    "set_role": "修改角色",
    "disable": "停用账户",
    "enable": "启用账户",
    "recover": "恢复码重设密码",
    "new_recovery_code": "更换恢复码",
    "delivery": "记录分娩",
    "miscarriage": "记录流产",
    "leave_start": "产假开始",
    "return": "返岗",
    "reassign": "调岗",
    "stop_lactation": "停止哺乳",
    "approve": "审批",
    "reject": "退回",
    "review": "复核",
    "schedule": "排期",
    "status": "状态",
    "holidays": "节假日",
    "hq_key": "集团密钥",
}
ENTITY_LABELS: dict[str, str] = {
    "worker": "职工",
    "unit": "单位",
    "office": "工会信息",
    "account": "账户",
    "protection_case": "四期保护",
    "condolence_visit": "慰问",
    "condolence_batch": "发放批次",
    "condolence_standard": "慰问标准",
    "condolence_saved_group": "常用发放对象",
    "hardship_file": "困难档案",
    "exam_plan": "体检计划",
    "exam_appointment": "体检预约",
    "activity": "活动",
    "activity_brand": "活动品牌",
    "activity_participant": "活动人员",
    "activity_attachment": "活动附件",
    "honour": "荣誉",
    "hq_workbook": "上报工作簿",
    "holiday_year": "节假日",
    "data_file": "数据文件",
    "rule_value": "规则数据",
}


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    text: str = ""  # in the action, the object or the recorded values
    start: date | None = None  # local dates, inclusive
    end: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    actor: str
    action: str
    entity: str
    entity_id: int | None
    summary: str

    @property
    def at_text(self) -> str:
        return self.at.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        label = ENTITY_LABELS.get(self.entity, self.entity)
        return f"{label} #{self.entity_id}" if self.entity_id is not None else label


def _utc(day: date, end: bool = False) -> datetime:
    local = datetime.combine(day + timedelta(days=1) if end else day, time.min).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _filtered(stmt: Select, query: AuditQuery) -> Select:
    if query.actor.strip():
        stmt = stmt.where(AuditEntry.actor == query.actor.strip())
    if query.start is not None:
        stmt = stmt.where(AuditEntry.at >= _utc(query.start))
    if query.end is not None:
        stmt = stmt.where(AuditEntry.at < _utc(query.end, end=True))
    words = query.text.strip()
    if words:
        codes = [code for table in (ACTION_LABELS, ENTITY_LABELS) for code, label in table.items() if words in label]
        like = f"%{words}%"
        stmt = stmt.where(
            or_(
                AuditEntry.action.in_(codes),
                AuditEntry.entity.in_(codes),
                AuditEntry.before.like(like),
                AuditEntry.after.like(like),
                AuditEntry.action == words,
                AuditEntry.entity == words,
            )
        )
    return stmt


def _summary(before: str | None, after: str | None) -> str:
    """'字段：旧 → 新' for edits, 'key: value' otherwise; ID numbers typed into values are masked."""
    b = json.loads(before) if before else {}
    a = json.loads(after) if after else {}
    if not isinstance(a, dict) or not isinstance(b, dict):
        return mask_in_text(str(after or before or ""))
    parts = [f"{k}：{b[k]} → {a.get(k)}" if k in b else f"{k}：{a[k]}" for k in a]
    parts += [f"{k}：{b[k]} → （删除）" for k in b if k not in a]
    return mask_in_text("；".join(parts))


def search(
    session: Session, query: AuditQuery, *, limit: int | None = 500, offset: int = 0
) -> tuple[int, list[AuditRow]]:
    """(how many match, the newest ``limit`` of them)."""
    access.require(session, Permission.AUDIT)
    total = session.scalar(_filtered(select(func.count()).select_from(AuditEntry), query)) or 0
    stmt = _filtered(select(AuditEntry), query).order_by(AuditEntry.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [
        AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, _summary(e.before, e.after))
        for e in session.scalars(stmt)
    ]
    return total, rows


def actors(session: Session) -> list[str]:
    access.require(session, Permission.AUDIT)
    return [a for (a,) in session.execute(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor))]


COLUMNS = [
    ColumnSpec("id", "编号", kind="int"),
    ColumnSpec("at_text", "时间", width=20),
    ColumnSpec("actor", "账户", width=14),
    ColumnSpec("action_label", "操作", width=12),
    ColumnSpec("entity_label", "对象", width=18),
    ColumnSpec("summary", "内容", width=80),
]


def export_log(db: Database, path: Path, query: AuditQuery) -> int:
    """The matching entries, newest first, to an Excel sheet (the export itself is logged)."""
    from desktop.services.excel_export import export_workbook

    db.require(Permission.AUDIT)

    def fill(s: Session, wb: StreamWorkbook) -> int:
        _total, rows = search(s, query, limit=None)
        return write_table_sheet(wb, "变更记录", COLUMNS, rows)

    return export_workbook(db, Path(path), fill, entity="audit_log")


def verify(db: Database) -> audit_chain.ChainReport:
    if db.account is None:
        return audit_chain.ChainReport(0, None, "未登录，无法校验签名链")
    with db.read() as s:
        return audit_chain.verify(s, db.account.file_key)


def entry_ids(session: Session, query: AuditQuery) -> list[int]:
    """Every matching entry's id, newest first (the screen's lazy table fetches rows as they are shown)."""
    access.require(session, Permission.AUDIT)
    stmt = _filtered(select(AuditEntry.id), query).order_by(AuditEntry.id.desc())
    return list(session.scalars(stmt))


def fetch(session: Session, ids: list[int]) -> list[AuditRow]:
    access.require(session, Permission.AUDIT)
    if not ids:
        return []
    return [
        AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, _summary(e.before, e.after))
        for e in session.scalars(select(AuditEntry).where(AuditEntry.id.in_(ids)))
    ]
