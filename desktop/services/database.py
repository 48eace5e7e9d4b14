"""The open data file: engine, session factory, and the user the changes are attributed to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.backup import backup_database, integrity_check
from db.engine import make_session_factory
from db.migrate import NotADataFileError, OpenResult, SchemaTooNewError, current_revision, open_database
from desktop.core.errors import PermissionDenied
from desktop.core.roles import Permission
from desktop.paths import app_data_dir
from desktop.services import access, audit_chain, serials
from desktop.services.access import SignedIn

__all__ = ["Database", "NotADataFileError", "SchemaTooNewError", "open_data_file", "default_db_path"]


def default_db_path() -> Path:
    return app_data_dir() / "union-desk.sqlite"


@dataclass
class Database:
    path: Path
    engine: Engine
    opened: OpenResult
    # The signed-in account (issue #15); None until sign-in. ``secured``: the file has accounts, so nothing may
    # be read or written without one. A file without accounts yet is open as before, until its first
    # administrator is made.
    account: SignedIn | None = None
    secured: bool = False
    _factory: sessionmaker[Session] | None = None

    @property
    def actor(self) -> str:
        """The name changes are recorded under: the signed-in account (never the operating-system user)."""
        return self.account.username if self.account is not None else ""

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._factory is None:
            self._factory = make_session_factory(self.engine)
            access.install_guard(self._factory)
            audit_chain.install(self._factory)
            serials.install(self._factory)  # record numbers given in the inserting flush
        return self._factory

    def _prepare(self, session: Session) -> None:
        if self.secured and self.account is None:
            raise PermissionDenied("请先登录")
        session.info[access.ACCOUNT] = self.account
        session.info[access.SECURED] = self.secured
        if self.account is not None:
            session.info[audit_chain.KEY] = audit_chain.chain_key(self.account.file_key)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction: all of it is saved, or none of it."""
        with self.sessions() as session, session.begin():
            self._prepare(session)
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            self._prepare(session)
            yield session

    @contextmanager
    def system_write(self) -> Iterator[Session]:
        """The program's own bookkeeping with nobody signed in (counting failed sign-ins); never user data."""
        with self.sessions() as session, session.begin():
            session.info[access.SYSTEM] = True
            yield session

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in account may do this (the GUI hides what it may not; services refuse it)."""
        if self.account is None:
            return not self.secured
        return self.account.can(permission)

    def require(self, permission: Permission) -> None:
        access.require_account(self.account, permission, secured=self.secured)

    def backup(self, to_dir: Path | None = None, reason: str = "manual") -> Path:
        return backup_database(self.engine, self.path, to_dir, reason=reason)

    def check(self) -> tuple[str | None, list[str]]:
        return current_revision(self.engine), integrity_check(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_data_file(path: str | Path) -> Database:
    """Open or create a data file, upgrading it (after a backup) to this program's schema."""
    p = Path(path).expanduser().resolve()
    p.parent.mkdir(parents=True, exist_ok=True)
    opened = open_database(p)
    database = Database(path=p, engine=opened.engine, opened=opened)
    from desktop.services.accounts import file_is_secured

    database.secured = file_is_secured(database)
    return database
