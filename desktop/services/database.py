"""The open data file: engine, session factory, and the user the changes are attributed to."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.backup import backup_database, integrity_check
from db.engine import make_session_factory
from db.migrate import NotADataFileError, OpenResult, SchemaTooNewError, current_revision, open_database

__all__ = ["Database", "NotADataFileError", "SchemaTooNewError", "open_data_file", "default_db_path"]

APP_DIR_NAME = "union-desk"


def current_actor() -> str:
    """Who changes are attributed to until sign-in exists: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises on some locked-down Windows accounts
        return "unknown"


def app_data_dir() -> Path:
    """The per-user folder for data, backups and logs (never the program's own folder)."""
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path() -> Path:
    return app_data_dir() / "union-desk.sqlite"


@dataclass
class Database:
    path: Path
    engine: Engine
    opened: OpenResult
    actor: str = field(default_factory=current_actor)
    _factory: sessionmaker[Session] | None = None

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._factory is None:
            self._factory = make_session_factory(self.engine)
        return self._factory

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action = one transaction: all of it is saved, or none of it."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

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
    return Database(path=p, engine=opened.engine, opened=opened)
