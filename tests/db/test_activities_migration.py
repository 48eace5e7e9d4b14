"""Migration 0005: brands seeded on upgrade; downgrade to 0004 removes exactly the activity tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.conftest import open_signed

TABLES = {"activity", "activity_attachment", "activity_brand", "activity_participant", "attachment_blob", "honour"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    db = open_signed(path)
    try:
        assert _tables(path) >= TABLES
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        left = _tables(path)
        assert not TABLES & left and {"worker", "audit_log"} <= left
        upgrade(db.engine)
        with sqlite3.connect(path) as conn:
            names = [r[0] for r in conn.execute("select name from activity_brand order by sort_order")]
        assert names[:3] == ["玫瑰书香", "巾帼建功", "最美家庭"] and len(names) == 7
    finally:
        db.close()
