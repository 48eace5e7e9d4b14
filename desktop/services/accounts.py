"""Accounts: the first administrator, sign-in with lockout, passwords, roles, recovery (issue #15).

A forgotten password is reset by an administrator. A forgotten password of the only administrator is
recovered with the recovery code printed when the file's first administrator was made (kept with the
backups, in the safe): it holds its own copy of the file secret, so it can set a new administrator password
without any back door in the program. Lose both and the way back is a backup whose password someone knows
(docs/security.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Account, SecurityState, utcnow
from desktop.core.errors import DomainError, FieldErrors, SignInError
from desktop.core.roles import (
    LOCKOUT_MINUTES,
    MAX_FAILED_SIGN_INS,
    Permission,
    Role,
    password_problem,
    username_problem,
)
from desktop.services import access, audit, audit_chain, keys, lookup
from desktop.services.access import SignedIn

if TYPE_CHECKING:
    from desktop.services.database import Database

SECURED_MARK = "accounts_created"
RECOVERY_SALT, RECOVERY_WRAP = "recovery_salt", "recovery_wrap"
HQ_KEY = "hq_group_key"
_RECOVERY_LABEL = "recovery"


def _slot_label(username: str) -> str:
    # The wrapped secret is bound to its account: copying one account's slot onto another does not unlock it.
    return f"account:{username}"


def file_is_secured(db: Database) -> bool:
    """The file has (or had) accounts: everything needs a signed-in account from now on."""
    with db.sessions() as s:
        s.info[access.SYSTEM] = True
        marked = s.get(SecurityState, SECURED_MARK) is not None
        has = (s.scalar(select(func.count()).select_from(Account)) or 0) > 0
    return marked or has


def has_accounts(db: Database) -> bool:
    with db.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Account)) or 0) > 0


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool
    locked_until: datetime | None
    must_change_password: bool
    created_at: datetime

    @property
    def status(self) -> str:
        if self.disabled:
            return "已停用"
        if self.locked_until is not None and self.locked_until > utcnow():
            return "暂时锁定"
        return "需改密码" if self.must_change_password else "正常"


def list_accounts(session: Session) -> list[AccountRow]:
    access.require(session, Permission.ACCOUNTS)
    rows = session.scalars(select(Account).order_by(Account.disabled_at.is_not(None), Account.id))
    return [
        AccountRow(
            a.id,
            a.username,
            a.display_name,
            Role(a.role),
            a.disabled_at is not None,
            a.locked_until,
            a.must_change_password,
            a.created_at,
        )
        for a in rows
    ]


def _check_new(username: str, password: str, display_name: str) -> None:
    errors: dict[str, str] = {}
    if problem := username_problem(username):
        errors["username"] = problem
    if problem := password_problem(password, username):
        errors["password"] = problem
    if len(display_name) > 40:
        errors["display_name"] = "姓名最多40个字符"
    if errors:
        raise FieldErrors(errors)


def _signed(account: Account, file_key: bytes) -> SignedIn:
    return SignedIn(
        account.id, account.username, account.display_name, Role(account.role), file_key, account.must_change_password
    )


def create_first_admin(db: Database, username: str, password: str, display_name: str = "") -> tuple[SignedIn, str]:
    """The file's first administrator: makes the file secret, seals the existing change log, moves a clear
    HQ group key under encryption. Returns the signed-in administrator and the recovery code (show it once)."""
    username, display_name = username.strip(), display_name.strip()
    _check_new(username, password, display_name)
    secret = keys.new_secret()
    code = keys.new_recovery_code()
    salt, wrap = keys.wrap_secret(secret, password, _slot_label(username))
    r_salt, r_wrap = keys.wrap_secret(secret, keys.normalize_recovery_code(code), _RECOVERY_LABEL)
    with db.system_write() as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise DomainError("此数据文件已有管理员账户，请登录")
        if s.get(SecurityState, SECURED_MARK) is not None:
            raise DomainError("此数据文件的账户被删除过（文件可能被其他工具改动），请从备份恢复")
        account = Account(
            username=username,
            display_name=display_name,
            role=Role.ADMIN.value,
            password_hash=keys.hash_password(password),
            key_salt=salt,
            key_wrap=wrap,
            failed_attempts=0,
            must_change_password=False,
            created_by=username,
        )
        s.add(account)
        s.add_all(
            [
                SecurityState(key=SECURED_MARK, value=utcnow().isoformat()),
                SecurityState(key=RECOVERY_SALT, value=r_salt),
                SecurityState(key=RECOVERY_WRAP, value=r_wrap),
            ]
        )
        s.flush()
        chain = audit_chain.chain_key(secret)
        sealed = audit_chain.seal_existing(s, chain)
        _move_clear_group_key(s, secret)
        signed = _signed(account, secret)
        s.info[access.ACCOUNT] = signed
        s.info[audit_chain.KEY] = chain
        audit.record(
            s,
            actor=username,
            action="create_admin",
            entity="account",
            entity_id=account.id,
            after={"用户名": username, "角色": Role.ADMIN.label, "封存的既有变更记录": sealed},
        )
    db.secured = True
    db.account = signed
    from desktop.services.office import drop_old_pages

    drop_old_pages(db)  # the page that held a clear group key leaves the file now, not at a later checkpoint
    return signed, code


def _move_clear_group_key(session: Session, secret: bytes) -> None:
    # One place encrypts the group key (office.py), so moving it and setting it cannot drift apart.
    from desktop.services.office import seal_clear_group_key

    seal_clear_group_key(session, secret)


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """Check the password; five wrong tries lock the account for some minutes. One Chinese line on failure."""
    now = now or utcnow()
    username = username.strip()
    with db.system_write() as s:
        account = s.scalar(select(Account).where(Account.username == username))
        if account is None:
            keys.verify_password(_dummy_hash(), password)  # same time as a real try: names cannot be probed
            raise SignInError("用户名或密码不正确")
        if account.disabled_at is not None:
            raise SignInError(f"账户“{username}”已停用，请联系管理员")
        if account.locked_until is not None and account.locked_until > now:
            minutes = max(1, int((account.locked_until - now).total_seconds() + 59) // 60)
            raise SignInError(f"密码连续输错{MAX_FAILED_SIGN_INS}次，账户已锁定，请 {minutes} 分钟后再试")
        if not keys.verify_password(account.password_hash, password):
            account.failed_attempts += 1
            if account.failed_attempts >= MAX_FAILED_SIGN_INS:
                account.failed_attempts = 0
                account.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
                message = f"密码连续输错{MAX_FAILED_SIGN_INS}次，账户已锁定 {LOCKOUT_MINUTES} 分钟"
            else:
                left = MAX_FAILED_SIGN_INS - account.failed_attempts
                message = f"用户名或密码不正确（再错 {left} 次账户将锁定 {LOCKOUT_MINUTES} 分钟）"
            failed = SignInError(message)
        else:
            failed = None
            secret = keys.unwrap_secret(account.key_salt, account.key_wrap, password, _slot_label(username))
            if secret is None:
                raise SignInError(f"账户“{username}”的密钥已损坏（文件可能被其他工具改动），请联系管理员重设密码")
            account.failed_attempts = 0
            account.locked_until = None
            if keys.needs_rehash(account.password_hash):
                account.password_hash = keys.hash_password(password)
            signed = _signed(account, secret)
    if failed is not None:
        raise failed
    db.account = signed
    return signed


@cache
def _dummy_hash() -> str:
    return keys.hash_password("union-desk: no such account")


def _account(session: Session, account_id: int) -> Account:
    return lookup.fetch(session, Account, account_id, f"没有编号为 {account_id} 的账户")


def find_account_id(session: Session, username: str) -> int:
    account_id = session.scalar(select(Account.id).where(Account.username == username.strip()))
    if account_id is None:
        raise DomainError(f"没有名为“{username}”的账户")
    return account_id


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Account)
            .where(Account.role == Role.ADMIN.value, Account.disabled_at.is_(None))
        )
        or 0
    )


def add_account(db: Database, username: str, password: str, role: Role | str, display_name: str = "") -> int:
    """A new account (administrators only); it must choose its own password at its first sign-in."""
    username, display_name, role = username.strip(), display_name.strip(), Role(role)
    _check_new(username, password, display_name)
    with db.write() as s:
        me = access.require(s, Permission.ACCOUNTS)
        if me is None:
            raise DomainError("请先建立管理员账户")
        if s.scalar(select(Account.id).where(Account.username == username)) is not None:
            raise FieldErrors({"username": f"用户名“{username}”已被使用（停用的账户也保留其用户名）"})
        salt, wrap = keys.wrap_secret(me.file_key, password, _slot_label(username))
        account = Account(
            username=username,
            display_name=display_name,
            role=role.value,
            password_hash=keys.hash_password(password),
            key_salt=salt,
            key_wrap=wrap,
            failed_attempts=0,
            must_change_password=True,
            created_by=me.username,
        )
        s.add(account)
        s.flush()
        audit.record(
            s,
            actor=me.username,
            action="add",
            entity="account",
            entity_id=account.id,
            after={"用户名": username, "姓名": display_name, "角色": role.label},
        )
        return account.id


def change_own_password(db: Database, old: str, new: str) -> None:
    me = db.account
    if me is None:
        raise DomainError("请先登录")
    if problem := password_problem(new, me.username):
        raise FieldErrors({"new_password": problem})
    if old == new:
        raise FieldErrors({"new_password": "新密码不能与原密码相同"})
    sign_in(db, me.username, old)  # wrong old password: one line, and it counts towards the lockout
    salt, wrap = keys.wrap_secret(me.file_key, new, _slot_label(me.username))
    with db.write() as s:
        access.require(s, Permission.VIEW)
        s.info[access.GRANTED] = True  # every role may change its own password
        s.info[access.OWN_PASSWORD] = True  # also while it is still the temporary one
        account = _account(s, me.account_id)
        account.password_hash, account.key_salt, account.key_wrap = keys.hash_password(new), salt, wrap
        account.must_change_password = False
        audit.record(
            s,
            actor=me.username,
            action="change_password",
            entity="account",
            entity_id=account.id,
            after={"密码": "已修改"},
        )
    db.account = SignedIn(me.account_id, me.username, me.display_name, me.role, me.file_key, False)


def reset_password(db: Database, account_id: int, new: str) -> None:
    """An administrator sets a temporary password; the account must change it at its next sign-in."""
    with db.write() as s:
        me = access.require(s, Permission.ACCOUNTS)
        assert me is not None
        account = _account(s, account_id)
        if problem := password_problem(new, account.username):
            raise FieldErrors({"password": problem})
        salt, wrap = keys.wrap_secret(me.file_key, new, _slot_label(account.username))
        account.password_hash, account.key_salt, account.key_wrap = keys.hash_password(new), salt, wrap
        account.must_change_password = account.id != me.account_id
        account.failed_attempts, account.locked_until = 0, None
        audit.record(
            s,
            actor=me.username,
            action="reset_password",
            entity="account",
            entity_id=account.id,
            after={"用户名": account.username, "密码": "已由管理员重设"},
        )


def set_role(db: Database, account_id: int, role: Role | str) -> None:
    role = Role(role)
    with db.write() as s:
        me = access.require(s, Permission.ACCOUNTS)
        account = _account(s, account_id)
        if account.role == role.value:
            return
        if account.role == Role.ADMIN.value and account.disabled_at is None and _active_admins(s) <= 1:
            raise DomainError("至少要保留一个在用的管理员账户")
        before = Role(account.role).label
        account.role = role.value
        audit.record(
            s,
            actor=me.username if me else "",
            action="set_role",
            entity="account",
            entity_id=account.id,
            before={"角色": before},
            after={"角色": role.label},
        )


def set_disabled(db: Database, account_id: int, disabled: bool) -> None:
    """Disable (never delete: the change log keeps naming the person) or enable an account."""
    with db.write() as s:
        me = access.require(s, Permission.ACCOUNTS)
        account = _account(s, account_id)
        if disabled and me is not None and account.id == me.account_id:
            raise DomainError("不能停用自己正在使用的账户")
        if disabled and account.role == Role.ADMIN.value and account.disabled_at is None and _active_admins(s) <= 1:
            raise DomainError("至少要保留一个在用的管理员账户")
        if (account.disabled_at is not None) == disabled:
            return
        account.disabled_at = utcnow() if disabled else None
        audit.record(
            s,
            actor=me.username if me else "",
            action="disable" if disabled else "enable",
            entity="account",
            entity_id=account.id,
            after={"用户名": account.username, "状态": "已停用" if disabled else "已启用"},
        )


def recover_admin(db: Database, code: str, username: str, new_password: str) -> SignedIn:
    """With the recovery code from the safe: set a new password on an administrator account (or make one)."""
    username = username.strip()
    if problem := password_problem(new_password, username):
        raise FieldErrors({"password": problem})
    with db.system_write() as s:
        r_salt = s.get(SecurityState, RECOVERY_SALT)
        r_wrap = s.get(SecurityState, RECOVERY_WRAP)
        if r_salt is None or r_wrap is None:
            raise DomainError("此数据文件没有恢复码")
        secret = keys.unwrap_secret(r_salt.value, r_wrap.value, keys.normalize_recovery_code(code), _RECOVERY_LABEL)
        if secret is None:
            raise SignInError("恢复码不正确")
        account = s.scalar(select(Account).where(Account.username == username))
        salt, wrap = keys.wrap_secret(secret, new_password, _slot_label(username))
        if account is None:
            if username_problem(username):
                raise FieldErrors({"username": username_problem(username) or ""})
            account = Account(
                username=username,
                display_name="",
                role=Role.ADMIN.value,
                created_by="恢复码",
                password_hash="",
                key_salt="",
                key_wrap="",
                failed_attempts=0,
                must_change_password=False,
            )
            s.add(account)
        elif account.role != Role.ADMIN.value:
            raise DomainError(f"账户“{username}”不是管理员；恢复码只能重设管理员的密码")
        account.password_hash, account.key_salt, account.key_wrap = keys.hash_password(new_password), salt, wrap
        account.failed_attempts, account.locked_until, account.disabled_at = 0, None, None
        account.must_change_password = False
        s.flush()
        signed = _signed(account, secret)
        s.info[access.ACCOUNT] = signed
        s.info[audit_chain.KEY] = audit_chain.chain_key(secret)
        audit.record(
            s,
            actor=username,
            action="recover",
            entity="account",
            entity_id=account.id,
            after={"用户名": username, "方式": "恢复码"},
        )
    db.account = signed
    return signed


def new_recovery_code(db: Database) -> str:
    """Replace the recovery code (the old paper is then worthless); administrators only."""
    code = keys.new_recovery_code()
    with db.write() as s:
        me = access.require(s, Permission.ACCOUNTS)
        assert me is not None
        r_salt, r_wrap = keys.wrap_secret(me.file_key, keys.normalize_recovery_code(code), _RECOVERY_LABEL)
        for key, value in ((RECOVERY_SALT, r_salt), (RECOVERY_WRAP, r_wrap)):
            row = s.get(SecurityState, key)
            if row is None:
                s.add(SecurityState(key=key, value=value))
            else:
                row.value = value
        audit.record(
            s,
            actor=me.username,
            action="new_recovery_code",
            entity="account",
            entity_id=me.account_id,
            after={"恢复码": "已更换"},
        )
    return code


def verify_log(db: Database) -> audit_chain.ChainReport | None:
    """The change-log chain check, or None when nobody is signed in (the key comes with a password)."""
    if db.account is None:
        return None
    with db.read() as s:
        return audit_chain.verify(s, db.account.file_key)


DEMO_HINT = "demo_hint"


def mark_demo(db: Database, username: str, password_shown: str) -> None:
    """A demo file says on its sign-in box how to get in (its data is made up; the password is published)."""
    with db.write() as s:
        access.require(s, Permission.SETTINGS)
        s.merge(SecurityState(key=DEMO_HINT, value=f"演示数据：用户名 {username}，密码 {password_shown}"))


def demo_hint(db: Database) -> str:
    with db.sessions() as s:
        s.info[access.SYSTEM] = True
        row = s.get(SecurityState, DEMO_HINT)
        return row.value if row is not None else ""
