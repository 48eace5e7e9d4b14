"""Who is signed in on a session, and the checks every service makes before it acts (issue #15).

`Database.read()`/`write()` put the signed-in account on the session (`session.info`). Two layers refuse:
- a guard on every session refuses any ORM write unless the account may enter data (经办, 管理员) or the service
  has already checked a narrower permission for this session (an approval by a 领导 account);
- services that need more than "enter data" call `require(session, Permission.X)` first.
A file without any account yet (a new or pre-#15 file, until its first administrator is made) is unguarded;
the program asks for that account before anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from desktop.core.errors import PermissionDenied
from desktop.core.roles import Permission, Role, can, refusal

ACCOUNT = "account"  # session.info key: the SignedIn, or None
SECURED = "secured"  # session.info key: the file has accounts, so a session needs a signed-in account
GRANTED = "granted"  # session.info key: a service checked a permission that allows this session's writes
SYSTEM = "system"  # session.info key: the program's own bookkeeping (sign-in attempts), no account
OWN_PASSWORD = "own_password"  # session.info key: the account is changing its own password (allowed when temporary)


@dataclass(frozen=True)
class SignedIn:
    """The account a session acts for. ``file_key`` is the unwrapped file secret (never printed or logged)."""

    account_id: int
    username: str
    display_name: str
    role: Role
    file_key: bytes = field(repr=False)
    must_change_password: bool = False

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    @property
    def label(self) -> str:
        name = self.display_name or self.username
        return f"{name}（{self.role.label}）"


def signed_in(session: Session) -> SignedIn | None:
    account = session.info.get(ACCOUNT)
    return account if isinstance(account, SignedIn) else None


def actor_of(session: Session, fallback: str = "") -> str:
    """The name a change is recorded under: the signed-in account, never a name the caller passes."""
    account = signed_in(session)
    return account.username if account is not None else fallback


def temporary_refusal(account: SignedIn) -> str:
    return (
        f"账户“{account.username}”仍在使用管理员设置的临时密码，请先修改密码"
        "（菜单“设置”→“修改密码…”，或命令 union-desk account passwd），再录入、审批或导出"
    )


def require(session: Session, permission: Permission) -> SignedIn | None:
    """Refuse unless the signed-in account may do this; returns the account (None on an unguarded file)."""
    account = signed_in(session)
    if account is None:
        if session.info.get(SECURED):
            raise PermissionDenied("请先登录")
        return None
    if account.must_change_password and permission is not Permission.VIEW:
        # The sign-in dialog and the CLI ask for a new password first; a service called any other way
        # must not let a password the administrator knows approve money or change records.
        raise PermissionDenied(temporary_refusal(account))
    if not account.can(permission):
        raise PermissionDenied(refusal(account.role, permission))
    if permission is not Permission.VIEW:
        session.info[GRANTED] = True
    return account


def require_account(account: SignedIn | None, permission: Permission, *, secured: bool) -> None:
    """The same check for work that holds the Database rather than a session (exports, restore)."""
    if account is None:
        if secured:
            raise PermissionDenied("请先登录")
        return
    if account.must_change_password and permission is not Permission.VIEW:
        raise PermissionDenied(temporary_refusal(account))
    if not account.can(permission):
        raise PermissionDenied(refusal(account.role, permission))


def _check_write(session: Session) -> None:
    if session.info.get(SYSTEM):
        return
    account = signed_in(session)
    if account is not None and account.must_change_password and not session.info.get(OWN_PASSWORD):
        raise PermissionDenied(temporary_refusal(account))
    if session.info.get(GRANTED):
        return
    if account is None:
        if session.info.get(SECURED):
            raise PermissionDenied("请先登录，再修改数据")
        return
    if not account.can(Permission.EDIT):
        raise PermissionDenied(refusal(account.role, Permission.EDIT))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        _check_write(session)


def _do_orm_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _check_write(state.session)


def install_guard(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "do_orm_execute", _do_orm_execute)
