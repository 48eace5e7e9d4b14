"""Accounts' roles and what each may do (issue #15). Pure: the services ask, the GUI hides.

The split follows how a union office works: the clerk (经办) enters and prints, a leader (审批/领导) approves
money and may take full ID numbers out with a reason, the administrator keeps accounts, settings, rule data
and backups, and a read-only account is for an inspector. Approval is not the administrator's: the person who
keeps the program is not the one who signs off money, so one account can never both enter and approve a visit.
"""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    ADMIN = "admin"
    CLERK = "clerk"
    APPROVER = "approver"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "管理员",
    Role.CLERK: "经办",
    Role.APPROVER: "审批/领导",
    Role.VIEWER: "只读",
}


class Permission(str, Enum):
    VIEW = "view"  # open the file, read every screen, print masked forms
    EDIT = "edit"  # enter, edit, archive and restore records
    EXPORT = "export"  # Excel exports and HQ workbooks with masked ID numbers
    EXPORT_FULL_IDS = "export_full"  # full ID numbers out of the program (a reason is recorded)
    APPROVE = "approve"  # approve condolence visits and festival batches
    SETTINGS = "settings"  # office, HQ group key, backups
    RULES = "rules"  # dated rule data: leave rules, condolence standards, holidays
    ACCOUNTS = "accounts"  # add accounts, reset passwords, change roles
    RESTORE = "restore"  # replace the data file with a backup
    AUDIT = "audit"  # read and export the change log
    RIGHTS = "rights"  # every 维权诉求 (sensitive); a 经办 enters them and sees only her own


PERMISSION_LABELS: dict[Permission, str] = {
    Permission.VIEW: "查看",
    Permission.EDIT: "录入和修改",
    Permission.EXPORT: "导出（隐去身份证号）",
    Permission.EXPORT_FULL_IDS: "导出完整身份证号",
    Permission.APPROVE: "审批",
    Permission.SETTINGS: "修改设置",
    Permission.RULES: "修改规则数据",
    Permission.ACCOUNTS: "管理账户",
    Permission.RESTORE: "从备份恢复",
    Permission.AUDIT: "查看变更记录",
    Permission.RIGHTS: "查看全部维权诉求",
}

_ALL = frozenset(Permission)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL - {Permission.APPROVE},
    Role.CLERK: frozenset({Permission.VIEW, Permission.EDIT, Permission.EXPORT}),
    Role.APPROVER: frozenset(
        {
            Permission.VIEW,
            Permission.EXPORT,
            Permission.EXPORT_FULL_IDS,
            Permission.APPROVE,
            Permission.AUDIT,
            Permission.RIGHTS,
        }
    ),
    Role.VIEWER: frozenset({Permission.VIEW}),
}


def can(role: Role | str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:  # an unknown stored role may do nothing
        return False


def refusal(role: Role | str, permission: Permission) -> str:
    """The one-line Chinese message for a refused action."""
    try:
        label = Role(role).label
    except ValueError:
        label = str(role)
    allowed = "、".join(r.label for r in Role if permission in ROLE_PERMISSIONS[r])
    return f"当前账户的角色是“{label}”，不能{PERMISSION_LABELS[permission]}（可由{allowed}账户办理）"


# Passwords: long enough that the argon2id hash in a stolen file is not cracked in an afternoon, short enough
# that an office clerk can type it. No composition rules (NIST SP 800-63B): length is what counts.
MIN_PASSWORD_LENGTH = 8
MAX_FAILED_SIGN_INS = 5
LOCKOUT_MINUTES = 10


def password_problem(password: str, username: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少{MIN_PASSWORD_LENGTH}个字符"
    if len(password) > 128:
        return "密码最多128个字符"
    if username and password.strip().lower() == username.strip().lower():
        return "密码不能与用户名相同"
    if len(set(password)) < 3:
        return "密码过于简单（至少包含3个不同的字符）"
    return None


def username_problem(username: str) -> str | None:
    name = username.strip()
    if not name:
        return "用户名不能为空"
    if len(name) > 40:
        return "用户名最多40个字符"
    if any(ch.isspace() for ch in name):
        return "用户名不能含空格"
    return None
