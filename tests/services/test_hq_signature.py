"""HQ workbooks that cannot be forged (#15 part 4): a keyed signature, the group key stored encrypted.

The forgeries are made the way someone with the workbook and this program's code would make them: edit the
cells, then recompute the signature with the program's own reader and Signature class — unkeyed (the old
SHA-256), or with a key that is not the group's. The same re-signing with the right key is accepted, which
shows the refusals come from the key and not from the forging helper.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import AuditEntry, Office, SecurityState
from desktop.cli import main
from desktop.core.errors import DomainError, PermissionDenied
from desktop.reports.hq import format as fmt
from desktop.reports.hq.reader import iter_rows, open_workbook, read_info
from desktop.services import office
from desktop.services.access import SignedIn
from desktop.services.accounts import HQ_KEY, create_first_admin
from desktop.services.database import Database, open_data_file
from desktop.services.demo import create_demo
from desktop.services.hq.export import Period, export_hq_workbook
from desktop.services.hq.merge import merge_workbooks
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, open_signed, sign_in_as

KEY = "group-key-for-signature-tests"
OTHER_KEY = "not-the-group-key-0001"
YEAR = Period.year(2026)
NAME = "阿里河森工公司工会"


@pytest.fixture(scope="module")
def office_file(_template: tuple[Path, SignedIn], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small office with a year of records (visits with money among them) and the group key set."""
    path = tmp_path_factory.mktemp("signed") / "ALH.sqlite"
    shutil.copyfile(_template[0], path)
    db = open_signed(path)
    create_demo(db, workers=40, seed=3, office_code="ALH", office_name=NAME, today=date(2026, 11, 20))
    with db.write() as s:
        office.save_group_key(s, KEY, actor="test")
    db.close()
    return path


@pytest.fixture(scope="module")
def sent(office_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sent") / "阿里河.xlsx"
    db = open_signed(office_file)
    export_hq_workbook(db, out, YEAR, now=datetime(2026, 12, 1, 9, 0))
    db.close()
    return out


class Unkeyed(fmt.Signature):
    """Version 2's checksum, recomputed with this program's code: SHA-256 without any key."""

    @staticmethod
    def _mac(key: str) -> hmac.HMAC:
        return hashlib.sha256()  # type: ignore[return-value]


def _resign(path: Path, signer: type[fmt.Signature], key: str) -> None:
    """Recompute the 说明 signature of ``path`` from its cells with the program's reader, and write it in."""
    book = open_workbook(path)
    try:
        info = read_info(book, path)
        sig = signer(key, office_code=info.office_code, period_from=info.period_from, period_to=info.period_to)
        for area in fmt.AREA_SHEETS:
            if area.title in info.row_counts:
                sig.start_sheet(area.title, [c.kind for c in area.columns])
                for _n, values in iter_rows(book, path, area):
                    sig.add_row(values)
        sig.start_sheet(fmt.SUMMARY_SHEET, [c.kind for c in fmt.SUMMARY.columns])
        for _n, values in iter_rows(book, path, fmt.SUMMARY):
            sig.add_row(values)
        sig.add_info(info.pairs)
        digest = sig.hexdigest()
    finally:
        book.close()
    wb = load_workbook(path)
    for row in wb[fmt.INFO_SHEET].iter_rows(min_row=2):
        if row[0].value == fmt.INFO_SIGNATURE:
            row[1].value = digest
    wb.save(path)


def _edit(src: Path, dst: Path, edit: object) -> Path:
    wb = load_workbook(src)
    edit(wb)  # type: ignore[operator]
    wb.save(dst)
    return dst


def _set_info(wb: object, key: str, value: str) -> None:
    for row in wb[fmt.INFO_SHEET].iter_rows(min_row=2):  # type: ignore[index]
        if row[0].value == key:
            row[1].value = value


def _amount_to_99999(wb: object) -> None:
    ws = wb["慰问记录"]  # type: ignore[index]
    col = fmt.VISITS.titles.index("慰问金（元）") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value)
    ws.cell(row=row, column=col).value = 99999


def _ghost_worker(wb: object) -> None:
    ws = wb["职工名册"]  # type: ignore[index]
    values = {
        fmt.RECORD_ID: "ALH-00000000-0000-4000-8000-000000000001",
        "姓名": "不存在的人",
        "性别": "女",
        "出生年份": 1990,
        "所属单位": "甘河林场",
        "用工形式": "在岗",
        "工会会员": "是",
        "状态": "在册",
    }
    ws.append([values.get(t) for t in fmt.ROSTER.titles])
    rows = ws.max_row - 1
    _set_info(wb, f"{fmt.INFO_ROWS_PREFIX}职工名册", str(rows))


def _serial_swapped(wb: object) -> None:
    """The first column is the 编号 a clerk quotes (#17 item 3): renumbering a visit is an edit like any other."""
    ws = wb["慰问记录"]  # type: ignore[index]
    assert ws.cell(row=1, column=1).value == fmt.SERIAL and ws.cell(row=1, column=ws.max_column).value == fmt.RECORD_ID
    ws.cell(row=2, column=1).value, ws.cell(row=3, column=1).value = (
        ws.cell(row=3, column=1).value,
        ws.cell(row=2, column=1).value,
    )


def _uid_changed(wb: object) -> None:
    ws = wb["慰问记录"]  # type: ignore[index]
    cell = ws.cell(row=2, column=ws.max_column)  # the uid, last
    cell.value = "ALH-00000000-0000-4000-8000-000000000002"


@pytest.mark.parametrize(
    "edit",
    [_amount_to_99999, _ghost_worker, _serial_swapped, _uid_changed],
    ids=["amount-99999", "ghost-worker", "serial-swapped", "uid-changed"],
)
def test_edited_and_resigned_without_the_key_is_refused(sent: Path, tmp_path: Path, edit: object) -> None:
    out = tmp_path / "group.xlsx"
    for signer, key in ((Unkeyed, "x"), (fmt.Signature, OTHER_KEY)):
        forged = _edit(sent, tmp_path / "阿里河-改.xlsx", edit)
        _resign(forged, signer, key)
        with pytest.raises(DomainError, match="阿里河-改.xlsx.*ALH 阿里河森工公司工会.*签名不符"):
            merge_workbooks([forged], out, keys=[KEY])
        assert not out.exists() and not list(tmp_path.glob(".group.*"))
    # Control: the same forgery signed with the group key itself goes through — the key is the only barrier,
    # which is why it is kept encrypted and never shown.
    forged = _edit(sent, tmp_path / "有密钥.xlsx", edit)
    _resign(forged, fmt.Signature, KEY)
    merge_workbooks([forged], out, keys=[KEY])
    assert out.exists()


def test_unedited_workbook_resigned_by_the_helper_still_verifies(sent: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(sent, copy)
    book = open_workbook(copy)
    try:
        stated = read_info(book, copy).checksum
    finally:
        book.close()
    _resign(copy, fmt.Signature, KEY)
    book = open_workbook(copy)
    try:
        assert read_info(book, copy).checksum == stated
    finally:
        book.close()


def test_another_key_is_refused_naming_both_fingerprints(sent: Path, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="阿里河.xlsx.*ALH.*密钥指纹") as caught:
        merge_workbooks([sent], tmp_path / "out.xlsx", keys=[OTHER_KEY])
    assert fmt.key_fingerprint(KEY) in str(caught.value) and fmt.key_fingerprint(OTHER_KEY) in str(caught.value)
    assert KEY not in str(caught.value)
    # During a key change HQ gives the old key too: each workbook is verified with the one it names.
    merge_workbooks([sent], tmp_path / "out.xlsx", keys=[OTHER_KEY, KEY])


def test_fingerprint_row_edited_to_hq_key_is_still_refused(sent: Path, tmp_path: Path) -> None:
    forged = _edit(
        sent, tmp_path / "改指纹.xlsx", lambda wb: _set_info(wb, fmt.INFO_KEY_ID, fmt.key_fingerprint(OTHER_KEY))
    )
    with pytest.raises(DomainError, match="改指纹.xlsx.*签名不符"):
        merge_workbooks([forged], tmp_path / "out.xlsx", keys=[OTHER_KEY, KEY])


def test_office_without_the_key_is_refused_with_advice(office_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "nokey.sqlite"
    shutil.copyfile(office_file, path)
    db = open_signed(path)
    with db.write() as s:
        office.save_group_key(s, "", actor="test")
    unsigned = tmp_path / "无密钥.xlsx"
    export_hq_workbook(db, unsigned, YEAR, now=datetime(2026, 12, 1, 9, 0))
    db.close()
    with pytest.raises(DomainError, match="无密钥.xlsx.*ALH.*没有签名") as caught:
        merge_workbooks([unsigned], tmp_path / "out.xlsx", keys=[KEY])
    assert "设置 → 单位与组织 → 集团密钥" in str(caught.value) and "hq-key set" in str(caught.value)
    # Forging the missing signature with the old unkeyed digest does not help either.
    forged = _edit(
        unsigned, tmp_path / "补签.xlsx", lambda wb: _set_info(wb, fmt.INFO_KEY_ID, fmt.key_fingerprint(KEY))
    )
    _resign(forged, Unkeyed, "x")
    with pytest.raises(DomainError, match="补签.xlsx.*签名不符"):
        merge_workbooks([forged], tmp_path / "out.xlsx", keys=[KEY])


def test_merge_without_any_key_says_how_to_give_one(sent: Path, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="汇总方还没有集团密钥.*--key-file"):
        merge_workbooks([sent], tmp_path / "out.xlsx")


def test_version_2_gets_a_clear_message(sent: Path, tmp_path: Path) -> None:
    def as_v2(wb: object) -> None:
        _set_info(wb, fmt.INFO_VERSION, "2")
        for row in wb[fmt.INFO_SHEET].iter_rows(min_row=2):  # type: ignore[index]
            if row[0].value == fmt.INFO_SIGNATURE:
                row[0].value = fmt.INFO_OLD_CHECKSUM

    old = _edit(sent, tmp_path / "旧版.xlsx", as_v2)
    with pytest.raises(DomainError, match="旧版.xlsx.*ALH 阿里河森工公司工会.*格式版本 2.*重新导出"):
        merge_workbooks([old], tmp_path / "out.xlsx", keys=[KEY])


def _raw(path: Path) -> bytes:
    """The data file as a hex viewer sees it, with its WAL."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_key_never_in_clear_in_the_file_or_a_later_backup(tmp_path: Path) -> None:
    from desktop.services.backups import make_backup

    legacy_key = "legacy-clear-group-key-42"
    path = tmp_path / "legacy.sqlite"
    db = open_data_file(path)  # a file from before sign-in: no accounts, the key in the office row
    with db.write() as s:
        office.save_office(s, code="ALH", name=NAME, actor="clerk")
        office.save_group_key(s, legacy_key)
    assert legacy_key.encode() in _raw(path)  # the premise: it was there in clear
    create_first_admin(db, ADMIN_USER, ADMIN_PASSWORD)
    assert legacy_key.encode() not in _raw(path)  # gone at once, not only after the window closes
    with db.read() as s:
        assert office.group_key(s) == legacy_key
        assert s.scalar(select(Office.hq_group_key)) == ""
        assert s.get(SecurityState, HQ_KEY) is not None
    backup = make_backup(db, "manual", to_dir=tmp_path / "backups").path
    assert legacy_key.encode() not in backup.read_bytes()
    # A key set later on the signed file never reaches the disk in clear, nor the change log.
    new_key = "new-group-key-after-accounts"
    with db.write() as s:
        office.save_group_key(s, new_key)
    db.close()
    on_disk = _raw(path)
    db = open_signed(path)
    later = make_backup(db, "manual", to_dir=tmp_path / "b2").path.read_bytes()
    with db.read() as s:
        log = " ".join(f"{e.before} {e.after}" for e in s.scalars(select(AuditEntry)))
    db.close()
    for blob in (on_disk, later):
        assert new_key.encode() not in blob and legacy_key.encode() not in blob
    assert new_key not in log and fmt.key_fingerprint(new_key) in log


def test_only_an_administrator_sets_the_key_and_the_file_secret_decrypts_it(office_db: Database) -> None:
    with office_db.write() as s:
        office.save_group_key(s, KEY)
        assert office.group_key_fingerprint(s) == fmt.key_fingerprint(KEY)
    sign_in_as(office_db, "clerk")
    with office_db.read() as s:
        assert office.group_key(s) == KEY  # a clerk's export signs with it
    with pytest.raises(PermissionDenied), office_db.write() as s:
        office.save_group_key(s, OTHER_KEY)
    assert office_db.account is not None
    office_db.account = SignedIn(1, "x", "x", office_db.account.role, b"\0" * 32)  # not this file's secret
    with pytest.raises(DomainError, match="无法解密"), office_db.read() as s:
        office.group_key(s)


def test_cli_set_show_export_and_merge(
    office_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ALH.sqlite"
    shutil.copyfile(office_file, path)
    db = str(path)
    new_key = "rotated-group-key-2027"
    monkeypatch.setenv("UNION_DESK_HQ_KEY", new_key)
    assert main(["hq-key", "set", "--db", db]) == 0
    assert fmt.key_fingerprint(new_key) in capsys.readouterr().out
    assert main(["hq-key", "show-fingerprint", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert fmt.key_fingerprint(new_key) in shown and new_key not in shown
    sent = tmp_path / "alh.xlsx"
    assert main(["export", "--db", db, "--out", str(sent), "--year", "2026"]) == 0
    capsys.readouterr()
    merged = tmp_path / "m.xlsx"
    assert main(["merge", "--db", db, "--out", str(merged), str(sent)]) == 0
    key_file = tmp_path / "keys.txt"
    key_file.write_text(f"# 旧密钥与新密钥\n{KEY}\n{new_key}\n", encoding="utf-8")
    assert main(["merge", "--key-file", str(key_file), "--out", str(merged), str(sent)]) == 0
    capsys.readouterr()
    assert main(["merge", "--out", str(merged), str(sent)]) == 1
    assert "--key-file" in capsys.readouterr().err
    key_file.write_text(f"{KEY}\n", encoding="utf-8")
    assert main(["merge", "--key-file", str(key_file), "--out", str(tmp_path / "x.xlsx"), str(sent)]) == 1
    assert "密钥指纹" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    monkeypatch.setenv("UNION_DESK_HQ_KEY", "short")
    assert main(["hq-key", "set", "--db", db]) == 1
    assert "至少16个字符" in capsys.readouterr().err
    assert main(["hq-key", "set", "--db", db, "--clear"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db, "--out", str(sent), "--year", "2026"]) == 0
    assert "没有签名" in capsys.readouterr().err


def test_generated_key_is_long_and_printed_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hq-key", "generate"]) == 0
    captured = capsys.readouterr()
    key = captured.out.strip()
    assert len(key) >= office.MIN_KEY_LENGTH and fmt.key_fingerprint(key) in captured.err
