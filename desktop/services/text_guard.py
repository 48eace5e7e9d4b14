"""The last line for free text: every clerk record the ORM writes is held to desktop.core.free_text.

Each service checks its own fields and names them in its dialog's words; this catches what a service
does not check (a field added later, a path nobody thought of), so a 5,000,000-character 备注 or a control
character is refused in every area, not only in the ones that remembered. It runs before each flush on
the new and changed text attributes of records (not on the audit log, accounts or security state, which
the program writes itself), and raises FieldErrors keyed by the attribute — the key the dialogs use — so
the message appears beside the field and the transaction writes nothing.

Limits: a column declared with a length (String(50)) is held to it; a Text column to the field's limit in
free_text.LIMITS, else to Excel's cell size, so that an export never cuts what was stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from desktop.core import free_text
from desktop.core.errors import FieldErrors

# Written by the program, not typed: hashes, audit snapshots (whose size follows the records), settings.
_EXEMPT_TABLES = frozenset({"audit_log", "account", "security_state", "attachment_blob", "alembic_version"})


def _limit(column: Any) -> int:
    length = getattr(column.type, "length", None)
    if isinstance(column.type, String) and length:
        return int(length)
    return free_text.LIMITS.get(column.key, free_text.EXCEL_CELL_MAX)


def problems(obj: object, *, only_changed: bool) -> dict[str, str]:
    """Messages by attribute for the text of ``obj`` that breaks a rule (changed attributes only, when
    ``only_changed``: a record holding old bad text can still be edited elsewhere)."""
    state = inspect(obj)
    table = getattr(state.mapper.local_table, "name", "")
    if table in _EXEMPT_TABLES:
        return {}
    errors: dict[str, str] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if not isinstance(column.type, String):  # Text is a String too
            continue
        value = getattr(obj, attr.key, None)
        if not isinstance(value, str):
            continue
        if only_changed and not state.attrs[attr.key].history.has_changes():
            continue
        problem = free_text.text_problem(value, free_text.label_for(attr.key), _limit(column))
        if problem is not None:
            errors[attr.key] = problem
    return errors


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context: object, _instances: object) -> None:
    errors: dict[str, str] = {}
    for obj in session.new:
        errors.update(problems(obj, only_changed=False))
    for obj in session.dirty:
        errors.update(problems(obj, only_changed=True))
    if errors:
        raise FieldErrors(errors)
