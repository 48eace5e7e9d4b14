"""专项集体合同履行情况检查表 (PDF, text read back with pypdf) and the workbook (reopened with openpyxl)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AuditEntry
from desktop.core.errors import DomainError
from desktop.services.contracts import contracts as contract_service
from desktop.services.contracts.outputs import export_check
from desktop.services.database import Database
from desktop.services.printing import FORMS

TITLE = "阿里河森工公司女职工权益保护专项集体合同"


def _setup(db: Database) -> int:
    with db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title=TITLE,
                status="filed",
                term_start=date(2025, 1, 1),
                term_end=date(2027, 12, 31),
                signed_on=date(2024, 12, 20),
                union_party="阿里河森工公司工会委员会",
                union_rep="王芳",
                company_party="阿里河森工公司",
                company_rep="李明",
            ),
            actor="t",
        ).id
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("screening", 2, article="第八条", target_percent=80), actor="t"
        )
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("insurance", 90, article="第十二条"), actor="t"
        )
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("other", None, article="第十五条", text="设立女职工休息室"), actor="t"
        )
    return cid


def test_check_pdf_text(office_db: Database, tmp_path: Path) -> None:
    _setup(office_db)
    out = tmp_path / "check.pdf"
    pages = FORMS["contract-check"](office_db, out, year=2026)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    flat = "".join(text.split())
    assert pages == 1
    for piece in (
        "专项集体合同履行情况检查表",
        "阿里河森工公司工会",
        f"合同：《{TITLE}》",
        "检查年度：2026年",
        "2025-01-01至2027-12-31",
        "工会方：阿里河森工公司工会委员会（代表：王芳）",
        "两癌筛查每2年一次（覆盖率不低于80%）",
        "无数据（未登记特种病保险）",
        "设立女职工休息室",
        "须人工核查",
        "检查人",
        "工会主席",
        "企业方代表",
    ):
        assert "".join(piece.split()) in flat, piece
    with office_db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "contract-check")).first()
    assert entry is not None and entry.action == "print"


def test_check_pdf_without_a_contract_says_so(office_db: Database, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="2026年没有生效的专项集体合同"):
        FORMS["contract-check"](office_db, tmp_path / "x.pdf", year=2026)
    assert not (tmp_path / "x.pdf").exists()


def test_workbook_has_the_check_and_the_clauses(office_db: Database, tmp_path: Path) -> None:
    _setup(office_db)
    out = tmp_path / "check.xlsx"
    assert export_check(office_db, out, year=2026) == 3
    wb = load_workbook(out)
    check = [[c.value for c in row] for row in wb["履行情况检查"].iter_rows()]
    clauses = [[c.value for c in row] for row in wb["合同条款"].iter_rows()]
    assert check[0] == ["检查年度", "合同名称", "条款", "类别", "合同约定", "实际情况", "结论", "依据与说明"]
    assert check[1][:7] == [2026, TITLE, "第八条", "两癌筛查", "两癌筛查每2年一次（覆盖率不低于80%）", "—", "无数据"]
    assert check[2][5:7] == ["无数据（未登记特种病保险）", "无数据"]
    assert [r[7] for r in clauses[1:]] == ["第八条", "第十二条", "第十五条"]
    assert clauses[1][9:12] == [2, "年", 80]
