"""Migration 0016: the 0015 data file gains the survey tables, keeps its data (rights requests included); the
downgrade removes only the new tables."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from db.migrate import alembic_config
from desktop.services.surveys import needs, surveys
from tests.conftest import open_signed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEW = {"survey", "survey_question", "survey_response", "survey_answer", "survey_need"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_upgrade_from_0015_adds_surveys(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema-0015.sqlite", path)
    assert not NEW & _tables(path)
    with sqlite3.connect(path) as conn:
        requests = conn.execute("SELECT count(*) FROM rights_request").fetchone()[0]
        worker = conn.execute("SELECT id FROM worker WHERE archived_at IS NULL ORDER BY id").fetchone()[0]
    db = open_signed(path)
    try:
        with db.write() as s:
            needs.add_need(
                s,
                needs.NeedDraft("希望开设心理疏导讲座", "mental", date(2026, 5, 6), "王芳", worker_id=worker),
                actor="t",
                today=date(2026, 6, 1),
            )
        with db.read() as s:
            assert [(n.need, n.status_label) for n in needs.list_needs(s)] == [("希望开设心理疏导讲座", "收集")]
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0015")
    finally:
        db.close()
    assert not NEW & _tables(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM rights_request").fetchone()[0] == requests


def test_head_fixture_holds_a_survey_and_a_need(tmp_path: Path) -> None:
    path = tmp_path / "head.sqlite"
    shutil.copyfile(FIXTURES / "schema-0016.sqlite", path)
    db = open_signed(path)
    try:
        with db.read() as s:
            (survey,) = surveys.list_surveys(s)
            assert (survey.kind_label, survey.questions, survey.respondents, survey.needs) == ("问卷", 2, 1, 1)
            assert [n.status_label for n in needs.list_needs(s)] == ["办理"]
    finally:
        db.close()
