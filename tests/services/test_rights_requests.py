"""维权诉求 services: who sees what (管理员 and 审批/领导 all, 经办 her own, 只读 none), audited writes archived not
deleted, the yearly summary without names, and the outputs read back with every ID number masked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AuditEntry
from desktop.core.errors import DomainError, PermissionDenied
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import Database
from desktop.services.printing import FORMS
from desktop.services.rights import requests as rights_requests
from desktop.services.rights.outputs import export_requests, export_summary
from desktop.services.roster import workers
from tests.conftest import sign_in_as

TODAY = date(2026, 11, 20)


def _number(seq: int) -> str:
    first17 = f"15078519850304{seq:02d}2"
    return first17 + check_char(first17)


def _worker(db: Database, name: str, seq: int) -> int:
    with db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        return workers.add_worker(
            s, WorkerDraft(name=name, id_number=_number(seq), unit_id=unit), actor="t", today=TODAY
        ).id


def _add(db: Database, wid: int, **kw: object) -> int:
    draft = rights_requests.RequestDraft(
        **{"worker_id": wid, "category": "pay", "summary": "加班费未按规定计发", "received_on": date(2026, 3, 2), **kw}
    )  # type: ignore[arg-type]
    with db.write() as s:
        return rights_requests.add_request(s, draft, actor="ignored", today=TODAY).id


def test_who_sees_what(office_db: Database) -> None:
    wid = _worker(office_db, "李红", 1)
    admin = office_db.account
    by_admin = _add(office_db, wid)
    sign_in_as(office_db, "clerk", "clerk-a")
    office_db.account = admin
    sign_in_as(office_db, "clerk", "clerk-b")
    office_db.account = admin
    sign_in_as(office_db, "approver")
    office_db.account = admin
    sign_in_as(office_db, "viewer")
    with pytest.raises(PermissionDenied, match="当前账户不能查看维权诉求"), office_db.read() as s:
        rights_requests.list_requests(s)
    office_db.account = admin
    sign_in_as(office_db, "clerk", "clerk-a")
    mine = _add(office_db, wid, category="leave", summary="年休假未安排")
    with office_db.read() as s:
        assert [r.id for r in rights_requests.list_requests(s)] == [mine]  # not the administrator's
        with pytest.raises(DomainError, match=f"没有找到编号为 {by_admin} 的维权诉求"):
            rights_requests.get_request(s, by_admin)
        with pytest.raises(PermissionDenied):
            rights_requests.year_summary(s, 2026)
    office_db.account = admin
    sign_in_as(office_db, "clerk", "clerk-b")
    with office_db.read() as s:
        assert rights_requests.list_requests(s) == []
    # A 领导 sees every request and may close one though she may not enter other data.
    office_db.account = admin
    sign_in_as(office_db, "approver")
    with office_db.write() as s:
        assert {r.id for r in rights_requests.list_requests(s)} == {by_admin, mine}
        draft = rights_requests.get_draft(s, mine)
        rights_requests.update_request(
            s,
            mine,
            rights_requests.RequestDraft(
                **{**draft.__dict__, "closed_on": date(2026, 4, 1), "outcome": "resolved", "satisfaction": "satisfied"}
            ),
            actor="x",
            today=TODAY,
        )
    with office_db.read() as s:
        entries = list(
            s.scalars(select(AuditEntry).where(AuditEntry.entity == "rights_request").order_by(AuditEntry.id))
        )
    assert [(e.actor, e.action) for e in entries] == [
        ("test", "create"),
        ("clerk-a", "create"),
        ("approver-user", "update"),
    ]


def test_archive_not_delete_and_the_summary(office_db: Database) -> None:
    wid = _worker(office_db, "赵敏", 2)
    first = _add(
        office_db,
        wid,
        mediation_on=date(2026, 3, 20),
        closed_on=date(2026, 4, 10),
        outcome="resolved",
        satisfaction="satisfied",
    )
    second = _add(
        office_db,
        wid,
        category="protection",
        summary="孕期仍安排夜班",
        arbitration_on=date(2026, 5, 1),
        legal_aid_on=date(2026, 4, 20),
    )
    _add(office_db, wid, category="safety", summary="防护用品未发放", received_on=date(2025, 12, 1))
    with office_db.write() as s:
        assert rights_requests.set_archived(s, second, archived=True, actor="t")
    with office_db.read() as s:
        assert [r.id for r in rights_requests.list_requests(s, year=2026)] == [first]
        assert [r.id for r in rights_requests.list_requests(s, archived=True)] == [second]
        summary = rights_requests.year_summary(s, 2026)
    total = summary[-1]
    assert (total.category, total.total, total.by_stage["mediation"], total.satisfaction_text) == (
        "合计",
        1,
        1,
        "100.0%",
    )
    with office_db.write() as s:
        rights_requests.set_archived(s, second, archived=False, actor="t")
    with office_db.read() as s:
        [row] = [r for r in rights_requests.list_requests(s) if r.id == second]
    assert (row.stage_label, row.status_text) == ("仲裁", "办理中")


def test_outputs_carry_no_names_in_the_summary_and_masked_ids_in_the_list(office_db: Database, tmp_path: Path) -> None:
    wid = _worker(office_db, "孙丽", 3)
    other = _number(9)
    _add(office_db, wid, summary=f"代同事{other}反映工资拖欠", mediation_on=date(2026, 3, 20))
    pdf = tmp_path / "s.pdf"
    assert FORMS["rights-summary"](office_db, pdf, year=2026) == 1
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    assert "职工维权诉求年度汇总表" in text and "孙丽" not in text and "劳动报酬1010000" in text
    summary = tmp_path / "s.xlsx"
    assert export_summary(office_db, summary, year=2026) == 7
    rows = list(load_workbook(summary)["年度汇总"].iter_rows(values_only=True))
    assert rows[1][:5] == (2026, "劳动报酬", 1, 0, 1) and all("孙丽" not in str(v) for r in rows for v in r)
    listing = tmp_path / "l.xlsx"
    assert export_requests(office_db, listing, year=2026) == 1
    [head, row] = list(load_workbook(listing)["维权诉求"].iter_rows(values_only=True))
    assert head[:4] == ("编号", "姓名", "单位", "身份证号") and head[-1] == "全局标识"
    assert row[0] == "权2026-0001" and str(row[-1]).startswith("ALH-")
    assert row[3] == _number(3)[:6] + "*" * 11 + _number(3)[-1] and other not in str(row[5])
    admin = office_db.account
    sign_in_as(office_db, "clerk")
    with pytest.raises(PermissionDenied):
        export_requests(office_db, listing, year=2026)
    office_db.account = admin


def test_new_request_gets_the_next_record_number_of_its_intake_year(office_db: Database) -> None:
    wid = _worker(office_db, "李红", 1)
    first = _add(office_db, wid, received_on=date(2026, 3, 2))
    older = _add(office_db, wid, received_on=date(2025, 12, 30))
    second = _add(office_db, wid, received_on=date(2026, 1, 5))
    with office_db.read() as s:
        got = {r.id: r.serial for r in rights_requests.list_requests(s)}
        assert got == {first: "权2026-0001", older: "权2025-0001", second: "权2026-0002"}
        # What a clerk types finds it: no zero padding, full-width digits.
        assert [r.id for r in rights_requests.list_requests(s, text="权２０２６-2")] == [second]
