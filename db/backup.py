"""Backups through SQLite's online backup API (copying a WAL-mode file can lose committed data)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_database(
    engine: Engine, db_path: Path, backup_dir: Path | None = None, *, reason: str = "manual"
) -> Path:
    """Write a consistent copy of the live database and return its path."""
    target_dir = backup_dir or default_backup_dir(db_path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    raw = engine.raw_connection()
    try:
        src = raw.driver_connection
        assert isinstance(src, sqlite3.Connection)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        raw.close()
    return target


def integrity_check(engine: Engine) -> list[str]:
    """SQLite's own integrity check plus foreign keys; an empty list means the file is sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(rows)
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"外键错误：表 {row[0]} 第 {row[1]} 行引用了不存在的 {row[2]}")
    return problems
