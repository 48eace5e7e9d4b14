"""``union-desk export insurance|rights|needs``: one area's year as the tab's workbook, ID numbers masked; 维权诉求
only for accounts that may see it, a 经办 refused in one line (exit 1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.accounts import change_own_password
from desktop.services.database import Database
from desktop.services.insurance import enrolments as insurance_enrolments
from desktop.services.rights import requests as rights_requests
from desktop.services.roster import workers
from desktop.services.surveys import needs as survey_needs
from tests.conftest import sign_in_as

TODAY = date(2026, 11, 20)
NUMBER = "150785198503040120"[:17]
ID_NUMBER = NUMBER + check_char(NUMBER)


@pytest.fixture
def area_db(office_db: Database) -> Database:
    """One woman with a 2026 enrolment, a 2026 rights request, and needs of 2026 and 2025."""
    with office_db.write() as s:
        unit = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        wid = workers.add_worker(
            s, WorkerDraft(name="李红", id_number=ID_NUMBER, unit_id=unit), actor="t", today=TODAY
        ).id
        insurance_enrolments.add_enrolment(
            s,
            insurance_enrolments.EnrolmentDraft(
                worker_id=wid, coverage_start=date(2026, 1, 1), coverage_end=date(2026, 12, 31), premium_fen=2500
            ),
            actor="t",
        )
        rights_requests.add_request(
            s,
            rights_requests.RequestDraft(
                worker_id=wid, category="pay", summary=f"加班费未计发，身份证{ID_NUMBER}", received_on=date(2026, 3, 2)
            ),
            actor="t",
            today=TODAY,
        )
        survey_needs.add_need(
            s,
            survey_needs.NeedDraft("子女暑期托管", "children", date(2026, 6, 2), "王芳", worker_id=wid),
            actor="t",
            today=TODAY,
        )
        survey_needs.add_need(
            s, survey_needs.NeedDraft("班车", "other", date(2025, 6, 2), "王芳"), actor="t", today=TODAY
        )
    return office_db


def _cells(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def _no_full_number(path: Path) -> None:
    for ws in load_workbook(path):
        for row in ws.iter_rows(values_only=True):
            assert not any(ID_NUMBER in str(v) for v in row if v is not None), (ws.title, row)


def test_each_area_exports_its_year_masked(
    area_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(area_db.path)
    out = {k: tmp_path / f"{k}.xlsx" for k in ("insurance", "rights", "needs")}
    for key, path in out.items():
        assert main(["export", key, "--db", db, "--year", "2026", "--out", str(path)]) == 0, key
    lines = capsys.readouterr().out.splitlines()
    masked = "（身份证号已隐去中间部分）"
    assert lines == [
        f"已导出2026年特种病保险（参保登记、互助金申请） 1 行到 {out['insurance']}{masked}",
        f"已导出2026年维权诉求（诉求清单、年度汇总） 1 行到 {out['rights']}{masked}",
        f"已导出2026年职工需求清单 1 行到 {out['needs']}{masked}",
    ]
    enrolments = _cells(out["insurance"], "参保登记")
    assert enrolments[1][:3] == ("李红", "甘河林场", ID_NUMBER[:6] + "*" * 11 + ID_NUMBER[-1])
    requests = _cells(out["rights"], "维权诉求")
    assert len(requests) == 2 and requests[1][:2] == ("权2026-0001", "李红")
    assert "年度汇总" in load_workbook(out["rights"]).sheetnames
    needs = _cells(out["needs"], "职工需求清单")
    assert [r[0] for r in needs[1:]] == ["子女暑期托管"]  # the 2025 need is another year's
    for path in out.values():
        _no_full_number(path)
    assert main(["export", "needs", "--db", db, "--year", "2025", "--out", str(out["needs"])]) == 0
    assert [r[0] for r in _cells(out["needs"], "职工需求清单")[1:]] == ["班车"]


def test_full_ids_only_where_the_tab_allows_them(
    area_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = str(area_db.path), tmp_path / "x.xlsx"
    assert main(["export", "needs", "--db", db, "--full-ids", "--reason", "核对", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == "错误：职工需求清单的导出总是隐去身份证号中间部分，不能用 --full-ids"
    assert main(["export", "rights", "--db", db, "--from", "2026-01-01", "--to", "2026-06-30", "--out", str(out)]) == 1
    assert "请用 --year 年份" in capsys.readouterr().err
    assert not out.exists()
    assert (
        main(
            [
                "export",
                "insurance",
                "--db",
                db,
                "--year",
                "2026",
                "--full-ids",
                "--reason",
                "集团核对参保",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert _cells(out, "参保登记")[1][2] == ID_NUMBER
    assert "含完整身份证号" in capsys.readouterr().out


def test_a_clerk_may_not_export_rights(
    area_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_as(area_db, "clerk", "jingban")
    change_own_password(area_db, "a-long-password", "jingban-password-2")  # not the temporary one any more
    monkeypatch.setenv("UNION_DESK_USER", "jingban")
    monkeypatch.setenv("UNION_DESK_PASSWORD", "jingban-password-2")
    db, out = str(area_db.path), tmp_path / "rights.xlsx"
    assert main(["export", "rights", "--db", db, "--year", "2026", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("错误：当前账户的角色是“经办”，不能") and not out.exists()
    assert main(["export", "needs", "--db", db, "--year", "2026", "--out", str(out)]) == 0  # her own work
