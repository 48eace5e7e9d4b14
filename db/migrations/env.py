"""Alembic environment: always run with a connection handed in by db.migrate (never from alembic.ini)."""

from alembic import context

from db.models import all_models

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=all_models().metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
