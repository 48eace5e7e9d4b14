"""Signing in to a data file that must not be written: ``check --user`` and restore's check on the backup.

Signing in the normal way opens the file normally (which may recover a cut-off write, upgrade the schema,
back the file up, switch it to WAL) and records the sign-in (failed tries, a rehashed password). ``check``
must leave the file's bytes alone, and a backup being restored is only read, so here the password only
unwraps the file secret, on a connection that cannot write (``db.check.read_only_connection``).

A wrong password is not counted towards the lockout, since nothing is written. That gives nothing away:
whoever can run this on a file holds the file, and with it the password hashes to try offline.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from db.check import read_only_connection
from db.models import Account, utcnow
from desktop.core.errors import SignInError
from desktop.core.roles import Permission, Role, can
from desktop.services import audit_chain, keys
from desktop.services.accounts import SECURED_MARK, _slot_label


@dataclass(frozen=True)
class FileAccount:
    username: str
    display_name: str
    role: Role
    secret: bytes

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


@contextmanager
def read_only_sign_in(
    path: Path, username: str, password: str, *, no_writer: bool = False
) -> Iterator[tuple[Session, FileAccount | None]]:
    """A session that cannot write ``path`` and the account the password unlocks; None for a file without
    accounts (made before sign-in existed, so anyone may open it). Raises SignInError as sign-in does."""
    with read_only_connection(path, no_writer=no_writer) as conn:
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        try:
            with Session(engine) as s:
                if not _secured(conn):
                    yield s, None
                    return
                name = username.strip()
                account = s.scalar(select(Account).where(Account.username == name))
                if account is None or not keys.verify_password(account.password_hash, password):
                    raise SignInError(f"{path.name}：用户名或密码不正确（只读取文件，不计入连续输错次数）")
                if account.disabled_at is not None:
                    raise SignInError(f"{path.name}：账户“{name}”已停用")
                if account.locked_until is not None and account.locked_until > utcnow():
                    raise SignInError(f"{path.name}：账户“{name}”因密码连续输错已被锁定，请稍后再试")
                secret = keys.unwrap_secret(account.key_salt, account.key_wrap, password, _slot_label(name))
                if secret is None:
                    raise SignInError(f"{path.name}：账户“{name}”的密钥已损坏（文件可能被其他工具改动）")
                yield s, FileAccount(name, account.display_name, Role(account.role), secret)
        finally:
            engine.dispose()


def file_has_accounts(path: Path) -> bool:
    """Whether opening ``path`` needs a password (as ``accounts.file_is_secured``), read without writing."""
    with read_only_connection(path) as conn:
        return _secured(conn)


def _secured(conn: sqlite3.Connection) -> bool:
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    marked = (
        "security_state" in tables
        and conn.execute("SELECT 1 FROM security_state WHERE key = ?", (SECURED_MARK,)).fetchone() is not None
    )
    return marked or ("account" in tables and conn.execute("SELECT 1 FROM account LIMIT 1").fetchone() is not None)


def verify_log_read_only(
    path: Path, username: str, password: str, *, no_writer: bool = False
) -> audit_chain.ChainReport:
    """Sign in as ``username`` only to get the chain key, and walk the chain; raises SignInError."""
    with read_only_sign_in(path, username, password, no_writer=no_writer) as (s, account):
        if account is None:
            raise SignInError(f"数据文件 {path.name} 还没有账户：变更记录尚未签名，无需登录校验（去掉 --user）")
        return audit_chain.verify(s, account.secret)
