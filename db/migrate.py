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
        found = dict(m.groups() for m in _ASSIGN.finditer(script.read_text(encoding="utf-8")))
        if "revision" in found:
            graph[found["revision"]] = found.get("down_revision")
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
    return any(not name.startswith("sqlite_") for (name,) in rows)


def open_database(path: str | Path, *, backup_dir: Path | None = None) -> OpenResult:
    """Open (creating if needed) and upgrade a data file; back it up first when it holds data.

    A revision this program does not know means a newer program wrote the file: refuse and touch nothing.
    """
    path = Path(path)
    if path.exists():
        _refuse_if_newer(path)
    engine = make_engine(path)
    before = current_revision(engine)
    head = head_revision()
    backup: Path | None = None
    if before != head:
        if before is not None or _has_user_tables(engine):
            backup = backup_database(engine, path, backup_dir, reason=f"before-upgrade-{before or 'none'}")
        upgrade(engine)
    return OpenResult(engine=engine, from_revision=before, to_revision=head, backup_path=backup)


def _refuse_if_newer(path: Path) -> None:
    # Read the version with plain sqlite3 in read-only mode so a refused file is not even WAL-converted.
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    except sqlite3.DatabaseError as exc:
        raise NotADataFileError(f"文件 {path.name} 无法读取（{exc}），可能不是本程序的数据文件") from exc
    finally:
        conn.close()
    if rev and rev[0] not in _known_revisions():
        raise SchemaTooNewError(
            f"数据文件 {path.name} 由更新版本的程序写入（结构版本 {rev[0]}），"
            "本程序无法打开，文件未做任何改动。请升级程序后再打开。"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
