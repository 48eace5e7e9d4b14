"""``union-desk contract list|show|check`` (#19 item 1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database


@pytest.fixture
def contract(office_db: Database) -> int:
    with office_db.write() as s:
        cid = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title="阿里河专项集体合同",
                status="signed",
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
        contract_service.add_clause(s, cid, contract_service.ClauseDraft("screening", 2, article="第八条"), actor="t")
        contract_service.add_clause(
            s, cid, contract_service.ClauseDraft("insurance", 90, article="第十二条"), actor="t"
        )
    return cid


def test_list_and_show(office_db: Database, contract: int, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(office_db.path)
    assert main(["contract", "list", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["编号", "合同名称", "状态", "期限", "签订日期", "条款数", "签订文本"]
    cells = out[1].split()
    assert cells[:2] == [str(contract), "阿里河专项集体合同"] and cells[2].startswith("已签订")  # （今日生效） by date
    assert out[-1] == "共 1 份合同"
    assert main(["contract", "show", "--db", db, "--contract", str(contract)]) == 0
    out = capsys.readouterr().out
    assert "工会方：阿里河森工公司工会委员会（代表：王芳）" in out and "两癌筛查每2年一次" in out
    assert "共 2 项条款" in out


def test_check_prints_the_verdicts_and_writes_the_outputs(
    office_db: Database, contract: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, xlsx = tmp_path / "检查表.pdf", tmp_path / "检查.xlsx"
    assert (
        main(
            ["contract", "check", "--db", str(office_db.path), "--year", "2026", "--pdf", str(pdf), "--xlsx", str(xlsx)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "《阿里河专项集体合同》2026年度履行情况" in out
    assert "无数据（未登记特种病保险）" in out and "2026年度共2项条款：无数据2项" in out
    assert pdf.exists() and load_workbook(xlsx)["履行情况检查"].max_row == 3


def test_check_of_a_year_without_contract_is_one_line(
    office_db: Database, contract: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["contract", "check", "--db", str(office_db.path), "--year", "2030"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["错误：2030年没有生效的专项集体合同（须为已签订或已备案，且合同期限覆盖该年）"]
