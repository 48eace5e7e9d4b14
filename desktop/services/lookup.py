"""Fetching one row by its id for a service that must not go on without it.

A row asked for by id may be gone: archived rows are still there, but a list shown a while ago can name a row
another clerk's change has since removed, or a hand-typed id (the command line) can miss. Every area says so
to the user in its own words, so the message is the caller's; what is shared is that a missing row is a
DomainError (shown, not a crash) and that the caller gets the row typed as its model, not ``Model | None``.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.core.errors import DomainError

RowT = TypeVar("RowT")


def fetch(session: Session, model: type[RowT], row_id: int, message: str, *, field: str | None = None) -> RowT:
    """The ``model`` row with id ``row_id``, or DomainError(message, field=field) when there is none."""
    row = session.get(model, row_id)
    if row is None:
        raise DomainError(message, field=field)
    return row
