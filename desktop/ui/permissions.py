"""What the signed-in account's role may not do is hidden on screen (the services refuse it anyway, #15).

Tabs declare their actions as plain QActions; they are sorted here by their verb, so a new tab's 新增/编辑
actions are hidden from a 只读 account without the tab knowing about roles.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.core.roles import Permission
from desktop.services.database import Database

_VIEW_VERBS = ("打印", "查看", "预览", "刷新", "清除", "各品牌", "显示")
_EXPORT_VERBS = ("导出", "下载")


def needed(text: str) -> Permission:
    """The permission an action with this label needs."""
    label = text.replace("&", "").strip()
    if not label or label.startswith(_VIEW_VERBS):
        return Permission.VIEW
    if label.startswith(_EXPORT_VERBS):
        return Permission.EXPORT
    if "审批" in label:
        return Permission.APPROVE
    return Permission.EDIT


def allowed(db: Database, action: QAction) -> bool:
    declared = action.property("permissions")
    if declared:  # the tab named what the action needs (维权诉求: a 领导 writes there without Permission.EDIT)
        return any(db.can(Permission(p)) for p in declared)
    permission = needed(action.text())
    if permission is Permission.APPROVE:  # 审批/发放: the approver approves, the clerk hands out
        return db.can(Permission.APPROVE) or db.can(Permission.EDIT)
    return db.can(permission)


def apply(widget: QWidget, db: Database) -> int:
    """Hide the widget's actions the account may not use; returns how many were hidden."""
    hidden = 0
    for action in widget.findChildren(QAction):
        if action.menu() is None and not action.isSeparator() and not allowed(db, action):
            action.setVisible(False)
            hidden += 1
    return hidden
