"""The audited write helpers every area uses (desktop/services/audit.py): add, update and set_archived record
exactly the entries the areas recorded by hand before (the tamper-evident chain and the history read them)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Unit
from db.models_contracts import SpecialContract, SpecialContractClause
from desktop.services import audit
from desktop.services.database import Database

FIELDS = ["title", "notes"]


def _entries(s: Session, entity: str = "special_contract") -> list[tuple[str, object, object]]:
    rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id))
    return [(e.action, e.before and json.loads(e.before), e.after and json.loads(e.after)) for e in rows]


def _contract(s: Session, **kw: object) -> SpecialContract:
    values = {"uid": "T-1", "title": "合同", "term_start": date(2025, 1, 1), "term_end": date(2027, 12, 31), **kw}
    row = SpecialContract(**values)
    audit.add(s, row, fields=FIELDS, actor="clerk", entity="special_contract")
    return row


def test_add_inserts_the_row_and_records_its_fields_led_by_the_parent(db: Database) -> None:
    with db.write() as s:
        contract = _contract(s, notes="备注")
        assert contract.id is not None  # flushed: the entry names it
        clause = SpecialContractClause(uid="T-2", contract_id=contract.id, kind="exam", value=1, text="每年体检")
        parent = {"contract_id": contract.id}
        audit.add(s, clause, fields=["kind", "value"], actor="clerk", entity="clause", parent=parent)
        assert _entries(s) == [("create", None, {"title": "合同", "notes": "备注"})]
        assert _entries(s, "clause") == [("create", None, {"contract_id": contract.id, "kind": "exam", "value": 1})]


def test_update_sets_stamps_and_records_only_what_changed(db: Database) -> None:
    with db.write() as s:
        contract = _contract(s)
        audit.update(
            s, contract, {"title": "新合同", "notes": ""}, fields=FIELDS, actor="clerk", entity="special_contract"
        )
        assert (contract.title, contract.updated_by) == ("新合同", "clerk")
        contract.updated_by = "someone"
        audit.update(s, contract, {"title": "新合同"}, fields=FIELDS, actor="clerk", entity="special_contract")
        assert contract.updated_by == "clerk"  # stamped even when nothing audited changed, as before
        audit.update(s, contract, {"notes": "x"}, fields=FIELDS, actor="c", entity="special_contract", action="note")
        assert _entries(s)[1:] == [
            ("update", {"title": "合同"}, {"title": "新合同"}),
            ("note", {"notes": ""}, {"notes": "x"}),
        ]


def test_update_without_stamp_for_a_table_that_keeps_no_stamp(db: Database) -> None:
    with db.write() as s:
        unit = Unit(name="甘河林场", kind="farm")
        s.add(unit)
        s.flush()
        values = {"name": "甘河林场", "kind": "team", "parent_id": None}
        audit.update(s, unit, values, fields=list(values), actor="clerk", entity="unit", stamp=False)
        assert not hasattr(unit, "updated_by")
        assert _entries(s, "unit") == [("update", {"kind": "farm"}, {"kind": "team"})]


def test_set_archived_names_the_row_and_is_a_no_op_when_it_already_is(db: Database) -> None:
    with db.write() as s:
        contract = _contract(s)

        def archive(archived: bool) -> bool:
            return audit.set_archived(s, contract, archived, entity="special_contract", actor="clerk", fields=["title"])

        assert archive(True) is True
        assert contract.archived_at is not None and contract.updated_at == contract.archived_at
        assert contract.updated_by == "clerk"
        assert archive(True) is False
        assert archive(False) is True
        assert contract.archived_at is None
        assert archive(False) is False
        assert _entries(s)[1:] == [("archive", {"title": "合同"}, None), ("restore", {"title": "合同"}, None)]


def test_set_archived_flag_records_the_state_itself(db: Database) -> None:
    with db.write() as s:
        contract = _contract(s)
        audit.set_archived(s, contract, True, entity="special_contract", actor="clerk", flag=True)
        audit.set_archived(s, contract, False, entity="special_contract", actor="clerk", flag=True)
        assert _entries(s)[1:] == [
            ("archive", {"archived": False}, {"archived": True}),
            ("restore", {"archived": True}, {"archived": False}),
        ]


def test_set_archived_bare_records_null_and_without_stamp_keeps_who_and_when(db: Database) -> None:
    with db.write() as s:
        contract = _contract(s)
        contract.updated_by = "earlier"
        stamped = contract.updated_at
        audit.set_archived(s, contract, True, entity="special_contract", actor="clerk", stamp=False)
        assert (contract.updated_by, contract.updated_at) == ("earlier", stamped)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "archive")).one()
        assert (entry.before, entry.after) == (None, None)  # null, not "{}"
