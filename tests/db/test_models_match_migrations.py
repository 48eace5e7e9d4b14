"""The migrations build exactly the schema the models describe (hand-written migrations drift otherwise)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.models import all_models
from desktop.services.database import Database


def test_no_difference_between_migrated_file_and_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, all_models().metadata)
    assert diff == []
