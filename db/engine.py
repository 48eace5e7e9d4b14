"""Engine and session factory for a local SQLite data file, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL keeps readers (the table) from blocking the writer (an import); FULL sync because a clerk's
    # typing must survive a power cut on an old office PC more than it must be fast.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(path: str | Path) -> Engine:
    """An engine on a SQLite file with WAL, foreign keys, busy timeout and synchronous=FULL."""
    # hide_parameters: an error's text must never carry a row's values (full ID, phone and bank numbers)
    # into a message, a traceback or the log.
    engine = create_engine(f"sqlite:///{Path(path)}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
