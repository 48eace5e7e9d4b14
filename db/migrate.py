"""Open a data file safely: refuse a newer schema, back up, then upgrade to head.

Alembic is imported only when a file needs upgrading: opening an up-to-date file (every start of the
program but the first after an update) reads the revision ids straight from the migration scripts and
the alembic_version table, which saves about 0.4 s of start-up on the office PCs. A test checks that
this reading agrees with Alembic's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from db.backup import backup_database
from db.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ASSIGN = re.compile(r"""^(revision|down_revision)\s*(?::[^=]+)?=\s*["']([^"']+)["']""", re.MULTILINE)


class SchemaTooNewError(RuntimeError):
    """The file was written by a newer program; opening it could damage it, so it is left untouched."""


class NotADataFileError(RuntimeError):
    """The file is not a SQLite database (or is damaged); it is left untouched."""


@dataclass(frozen=True)
class OpenResult:
    engine: Engine
    from_revision: str | None
    to_revision: str
    backup_path: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def _revisions() -> dict[str, str | None]:
    """revision -> down_revision, as the migration scripts declare them."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        found: dict[str, str | None] = {m.group(1): m.group(2) for m in _ASSIGN.finditer(text)}
        revision = found.get("revision")
        if revision:
            graph[revision] = found.get("down_revision")
    return graph


def head_revision() -> str:
    graph = _revisions()
    heads = set(graph) - {down for down in graph.values() if down}
    assert len(heads) == 1, f"migrations must form one line, found heads {sorted(heads)}"
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):  # no such table: a new or foreign file
            return None
    return None if row is None else str(row[0])


def _known_revisions() -> set[str]:
    return set(_revisions())


def _has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return any(not str(row[0]).startswith("sqlite_") for row in rows)


class ReadOnlyDataFileError(RuntimeError):
    """The file or its folder cannot be written (a read-only share, a CD, a write-protected stick)."""


def open_database(path: str | Path, *, backup_dir: Path | None = None, backup: bool = True) -> OpenResult:
    """Open (creating if needed) and upgrade a data file; back it up first when it holds data.

    A revision this program does not know means a newer program wrote the file: refuse and touch nothing.
    The caller holds the data file's lock (``desktop.services.file_lock``): an interrupted write is rolled
    back here, which must not happen under another writer's feet.
    """
    path = Path(path)
    if path.exists():
        _refuse_if_newer(path)
        _refuse_if_read_only(path)
    engine = make_engine(path)
    before = current_revision(engine)
    head = head_revision()
    backup_path: Path | None = None
    if before != head:
        if backup and (before is not None or _has_user_tables(engine)):
            backup_path = backup_database(engine, path, backup_dir, reason=f"before-upgrade-{before or 'none'}")
        upgrade(engine)
    return OpenResult(engine=engine, from_revision=before, to_revision=head, backup_path=backup_path)


def _refuse_if_read_only(path: Path) -> None:
    import os

    # SQLite would only fail at the first write with "attempt to write a readonly database"; say it up front.
    # The folder matters too: the journal and the WAL are files beside the data file.
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyDataFileError(
            f"数据文件 {path.name} 是只读的（只读的U盘、光盘、共享文件夹，或文件属性为只读），本程序需要写入它。"
            "请把它复制到可写的文件夹（如“文档”）后再打开"
        )


def _read_revision(path: Path) -> str | None:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    finally:
        conn.close()
    return str(rev[0]) if rev else None


def recover_interrupted_write(path: Path) -> None:
    """Roll back a write that was cut off (kill, power cut): a hot journal, or a WAL left without its reader.

    A read-only connection cannot do this and fails with SQLITE_READONLY_ROLLBACK / _RECOVERY, which the
    program used to report as "not a data file" on every later start. A plain read-write connection that
    reads one page does exactly SQLite's own recovery and nothing else (the journal mode is left alone).
    """
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _refuse_if_newer(path: Path) -> None:
    # Read the version with plain sqlite3 in read-only mode so a refused file is not even WAL-converted.
    import os
    import sqlite3

    try:
        try:
            rev = _read_revision(path)
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            # READONLY: a hot journal needs rolling back; CANTOPEN: a WAL file whose -shm cannot be made.
            if code not in (8, 14) or not os.access(path.parent, os.W_OK):
                raise
            recover_interrupted_write(path)
            rev = _read_revision(path)
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (8, 14) and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise ReadOnlyDataFileError(
                f"数据文件 {path.name} 位于只读的位置（只读的U盘、光盘或共享文件夹），无法打开。"
                "请把它复制到可写的文件夹（如“文档”）后再打开"
            ) from exc
        if code in (5, 6):
            raise  # busy: another program is writing; the caller says so
        raise NotADataFileError(
            f"文件 {path.name} 无法读取（{exc}），可能已损坏或不是本程序的数据文件，未做任何改动。"
            "请用 union-desk check 查看，或从备份恢复"
        ) from exc
    if rev and rev not in _known_revisions():
        raise SchemaTooNewError(
            f"数据文件 {path.name} 由更新版本的程序写入（结构版本 {rev}），"
            "本程序无法打开，文件未做任何改动。请升级程序后再打开。"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        # Python's sqlite3 (before 3.12) opens a transaction only before INSERT/UPDATE/DELETE and runs DDL in
        # autocommit: a kill mid-upgrade left the first migrations' tables committed under the old version
        # number, and every later start failed on "table already exists" (found by tests/crash). So the
        # driver's own transaction handling is switched off for this connection and the whole upgrade runs
        # inside one explicit BEGIN IMMEDIATE … COMMIT.
        raw = conn.connection.driver_connection
        if raw is None:  # only a connection the pool has invalidated has none; this one was just opened
            raise RuntimeError("the database connection has no driver connection")
        saved = raw.isolation_level
        raw.isolation_level = None
        try:
            with conn.begin():
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            raw.isolation_level = saved
