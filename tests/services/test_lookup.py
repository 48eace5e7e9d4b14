"""lookup.fetch: the row, typed, or the caller's message as a DomainError."""

from __future__ import annotations

import pytest

from db.models import Unit
from desktop.core.errors import DomainError
from desktop.services import lookup, office
from desktop.services.database import Database


def test_fetch_returns_the_row_or_raises_the_callers_message(office_db: Database) -> None:
    with office_db.read() as s:
        unit_id = office.unit_tree(s)[0].id
        assert lookup.fetch(s, Unit, unit_id, "不会用到").id == unit_id
        with pytest.raises(DomainError, match="^没有找到编号为 999999 的单位$") as caught:
            lookup.fetch(s, Unit, 999999, "没有找到编号为 999999 的单位", field="unit")
        assert caught.value.field == "unit"
        with pytest.raises(DomainError) as unfielded:
            lookup.fetch(s, Unit, 999999, "单位不存在")
        assert unfielded.value.field is None
