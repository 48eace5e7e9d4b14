"""The four-period forms from a data file: 女职工四期保护台账, 保护告知单, the FORMS registry and the CLI.

Cases are built through the services (the worked ledger of 2026-11-23 from test_protection_cases), and the
PDF text is read back with pypdf, so what is checked is what the clerk prints.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

# The shared case helpers live beside the service tests; make them importable when only tests/reports runs.
_SERVICES = str(Path(__file__).resolve().parents[1] / "services")
if _SERVICES not in sys.path:
    sys.path.insert(0, _SERVICES)

from test_protection_cases import ON, id_number, populate, unit, woman  # noqa: E402

from desktop.cli import main  # noqa: E402
from desktop.core.errors import DomainError  # noqa: E402
from desktop.reports.protections.ledger_pdf import short_problems  # noqa: E402
from desktop.services import printing  # noqa: E402
from desktop.services.database import Database  # noqa: E402
from desktop.services.protections import cases as protection_cases  # noqa: E402
from desktop.services.protections import printing as protection_printing  # noqa: E402

BORN = date(1993, 4, 12)  # populate()'s women share this birth date; seq tells them apart
WANG_ID = id_number(BORN, 3)  # 王芳: single birth, on maternity leave
ZHAO_ID = id_number(BORN, 4)  # 赵敏: twins with dystocia
ZHANG_ID = id_number(BORN, 1)  # 张丽: 16 weeks, chainsaw post (prohibited)
WU_ID = id_number(BORN, 10)  # 吴霞: on the roster, no case


def _pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _flat(text: str) -> str:
    """Text without line breaks and spaces: a wrapped table cell must still match a whole sentence."""
    return "".join(text.split())


def _has(text: str, *needles: str) -> None:
    flat = _flat(text)
    for needle in needles:
        assert _flat(needle) in flat, needle


def _page_numbers_ok(texts: list[str]) -> None:
    n = len(texts)
    for i, text in enumerate(texts, start=1):
        assert f"第{i}页 共{n}页" in text


# ----------------------------------------------------------------------------------------------- ledger
def test_ledger_lists_every_woman_in_a_period_with_her_dates(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "ledger.pdf"
    pages = protection_printing.ledger_pdf(office_db, out, on=ON)
    texts = _pages(out)
    assert pages == len(texts) >= 1
    _page_numbers_ok(texts)
    text = "\n".join(texts)
    _has(
        text,
        "女职工四期保护台账",
        "阿里河森工公司工会",
        "统计日期：2026-11-23",
        "范围：全部在保护期内的女职工",
        "共7人",
        "制表人",
        "审核人",
        "工会女职工委员会主任",
    )
    for name in ("张丽", "李娜", "王芳", "赵敏", "刘洋", "陈静", "孙悦"):
        assert name in text
    # 周红's periods are over, 郑雪's case is archived, 吴霞 has none.
    assert "周红" not in text and "郑雪" not in text and "吴霞" not in text
    _has(
        text,
        "2026-10-17至",
        "2027-03-23",
        "158天",  # 王芳: leave start, end and days
        "2027-10-27",  # 王芳: lactation end
        "难产·双胞胎",
        "188天",
        "2小时",  # 赵敏
        "顺产·单胎",
        "1小时",
        "2027-03-03",  # 张丽: 7 months from LMP 2026-08-03
        "（预计）",  # 张丽's leave is planned from the due date
        "禁忌：噪声作业Ⅲ级、强烈振动",
        "禁忌：延长劳动时间",
        "孕7月以上",
        "（孕33周）",
        "流产假15天",
        "2026-11-29",
    )


def test_ledger_filter_is_applied_and_described(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "leave.pdf"
    protection_printing.ledger_pdf(office_db, out, on=ON, state="maternity_leave")
    text = "\n".join(_pages(out))
    _has(text, "筛选：产假中", "共2人")
    assert "王芳" in text and "赵敏" in text and "张丽" not in text

    out = tmp_path / "farm.pdf"
    protection_printing.ledger_pdf(office_db, out, on=ON, unit_id=unit(office_db, "甘河林场"), text="油锯")
    text = "\n".join(_pages(out))
    _has(text, "甘河林场（含下级单位）；含“油锯”", "共1人")
    assert "张丽" in text and "李娜" not in text


def test_ledger_shows_a_reassignment_and_the_empty_state(office_db: Database, tmp_path: Path) -> None:
    ids = populate(office_db)
    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, ids["张丽"], to_post="资料员", to_hazards="", reassigned_on=date(2026, 11, 20), actor="clerk", today=ON
        )
    out = tmp_path / "ledger.pdf"
    protection_printing.ledger_pdf(office_db, out, on=ON)
    text = "\n".join(_pages(out))
    _has(text, "调岗：油锯手 → 资料员（2026-11-20起）")
    assert "噪声作业Ⅲ级" not in text  # the conflict is resolved by the move

    empty = tmp_path / "empty.pdf"
    protection_printing.ledger_pdf(office_db, empty, on=date(2031, 1, 1))
    text = "\n".join(_pages(empty))
    _has(text, "共0人", "统计日期没有处于孕期、产期、哺乳期或流产假的女职工", "第1页 共1页")


def test_short_problems_keep_the_item_only() -> None:
    reasons = (
        "孕期禁忌：噪声作业Ⅲ级（孕期禁止Ⅲ级及以上的噪声作业，国务院令第619号附录）",
        "孕期禁忌：强烈振动（国务院令第619号附录）",
        "岗位安排夜班：怀孕7个月以上……（国务院令第619号第六条、第九条）",
        "岗位危害条件“x”无法识别",
    )
    assert short_problems(reasons) == ["噪声作业Ⅲ级", "强烈振动", "夜班", "岗位危害条件“x”无法识别"]


# ----------------------------------------------------------------------------------------------- notice
def test_notice_gives_dates_with_their_reasons(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "wang.pdf"
    pages = protection_printing.notice_pdf(office_db, out, worker=WANG_ID, on=ON)
    texts = _pages(out)
    assert pages == len(texts)
    _page_numbers_ok(texts)
    text = "\n".join(texts)
    assert WANG_ID not in _flat(text)
    _has(
        text,
        "女职工孕期/产期/哺乳期保护告知单",
        "王芳同志：",
        "150785***********3",
        "营林科",
        "技术员",
        "产假中",
        "告知日期：2026-11-23",
        "2026-10-28分娩，顺产，单胎",
        # every entitlement with the rule behind it
        "产假天数",
        "158天",
        "产假158天 = 国家98天 + 内蒙古延长60天",
        "产假起止",
        "2026-10-17 至 2027-03-23",
        "产假结束 = 开始 2026-10-17 + 158天 − 1",
        "哺乳期截止",
        "2027-10-27",
        "哺乳期结束 = 婴儿满1周岁（2027-10-28）前一天",
        "每日哺乳时间",
        "每天哺乳时间1小时 = 1小时 × 1个婴儿",
        "国务院令第619号第九条",
        "哺乳期禁忌作业",
        "体力劳动强度Ⅲ级及以上",
        "【符合】现岗位未发现本期禁忌从事的作业",
        # legal basis and the three signatures
        "国务院令第619号《女职工劳动保护特别规定》",
        "内蒙古自治区人口与计划生育条例",
        "妇女权益保障法》第四十八条",
        "劳动合同法》第四十二条第四项、第四十五条",
        "续延至哺乳期满",
        "职工本人",
        "所在部门",
        "工会",
        "本人签字",
        "负责人签字",
        "经办人签字",
        "年",
        "月",
        "日",
    )
    # The 7-month ban is past once she has given birth; lactation carries its own ban.
    assert "孕满7个月" not in _flat(text)


def test_notice_of_twins_with_dystocia(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "zhao.pdf"
    protection_printing.notice_pdf(office_db, out, worker=ZHAO_ID.lower(), on=ON)  # a typed lower-case x
    text = "\n".join(_pages(out))
    _has(
        text,
        "赵敏",
        "188天",
        "难产15天",
        "多胞胎2胎增加15天×1",
        "2026-09-05 至 2027-03-11",
        "每个工作日2小时",
        "1小时 × 2个婴儿",
        "（难产，双胞胎）",
    )


def test_notice_flags_a_prohibited_post_until_she_is_reassigned(office_db: Database, tmp_path: Path) -> None:
    ids = populate(office_db)
    out = tmp_path / "zhang.pdf"
    protection_printing.notice_pdf(office_db, out, worker=ZHANG_ID, on=ON)
    text = "\n".join(_pages(out))
    _has(
        text,
        "孕16周",
        "怀孕中，预产期2027-05-10",
        "孕满7个月",
        "2027-03-03起不安排夜班劳动",
        "怀孕7个月以上不得延长劳动时间或安排夜班劳动",
        "产前检查",
        "（预计，分娩后按实际日期重算）",
        "孕期禁忌作业",
        "高处作业（任何级别）",
        "强烈振动",
        "油锯手；危害条件：噪声作业Ⅲ级、强烈振动",
        "【不符合】",
        "孕期禁忌：噪声作业Ⅲ级（孕期禁止Ⅲ级及以上的噪声作业",
        "孕期禁忌：强烈振动",
    )

    with office_db.write() as s:
        protection_cases.record_reassignment(
            s, ids["张丽"], to_post="资料员", to_hazards="", reassigned_on=date(2026, 11, 20), actor="clerk", today=ON
        )
    protection_printing.notice_pdf(office_db, out, worker=ZHANG_ID, on=ON)
    text = "\n".join(_pages(out))
    _has(
        text,
        "资料员；危害条件：无",
        "调岗情况",
        "油锯手 → 资料员（2026-11-20起）",
        "【符合】",
        "岗位及危害条件取自调岗登记",
    )
    assert "【不符合】" not in text


def test_notice_warns_of_a_night_shift_before_seven_months(office_db: Database, tmp_path: Path) -> None:
    wid = woman(office_db, "马兰", seq=21, post="检尺员", hazards="night_shift")
    with office_db.write() as s:
        protection_cases.register_pregnancy(s, wid, lmp=date(2026, 8, 3), actor="clerk", today=ON)
    out = tmp_path / "ma.pdf"
    protection_printing.notice_pdf(office_db, out, worker=id_number(BORN, 21), on=ON)
    _has("\n".join(_pages(out)), "【暂符合】", "自2027-03-03（孕满7个月）起不得安排")


def test_notice_of_a_miscarriage(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "chen.pdf"
    protection_printing.notice_pdf(office_db, out, worker=id_number(BORN, 6), on=ON)
    text = "\n".join(_pages(out))
    _has(text, "陈静", "流产假", "15天：2026-11-15 至 2026-11-29", "怀孕不满4个月", "【不适用】")
    assert "产假天数" not in text


def test_notice_refuses_who_it_cannot_serve(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    out = tmp_path / "x.pdf"
    with pytest.raises(DomainError, match="没有找到身份证号为 150785199001010000 的职工"):
        protection_printing.notice_pdf(office_db, out, worker="150785199001010000", on=ON)
    with pytest.raises(DomainError, match="没有四期保护登记"):
        protection_printing.notice_pdf(office_db, out, worker=WU_ID, on=ON)
    woman(office_db, "王建国", seq=30, female=False)
    with pytest.raises(DomainError, match="男职工"):
        protection_printing.notice_pdf(office_db, out, worker=id_number(BORN, 30, female=False), on=ON)
    assert not out.exists()


def test_notice_by_record_id(office_db: Database, tmp_path: Path) -> None:
    populate(office_db)
    with office_db.read() as s:
        wid = protection_printing.find_worker(s, WANG_ID).id
    out = tmp_path / "wang.pdf"
    protection_printing.notice_pdf(office_db, out, worker=wid, on=ON)
    assert "王芳" in _pages(out)[0]


# ------------------------------------------------------------------------------------- registry and CLI
def test_forms_are_registered() -> None:
    assert printing.FORMS["protection-ledger"].title == "女职工四期保护台账"
    assert printing.FORMS["protection-notice"].title == "女职工孕期/产期/哺乳期保护告知单"
    assert "roster" in printing.FORMS


def test_cli_prints_both_forms(office_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(office_db)
    db = str(office_db.path)
    ledger = tmp_path / "ledger.pdf"
    assert main(["pdf", "protection-ledger", "--db", db, "--out", str(ledger), "--on", "2026-11-23"]) == 0
    assert ledger.is_file() and "共7人" in _pages(ledger)[0]
    notice = tmp_path / "notice.pdf"
    assert (
        main(["pdf", "protection-notice", "--db", db, "--worker", WANG_ID, "--out", str(notice), "--on", "2026-11-23"])
        == 0
    )
    assert notice.is_file() and "王芳" in _pages(notice)[0]
    assert f"已生成 {notice}" in capsys.readouterr().out
    default_day = tmp_path / "today.pdf"
    assert main(["pdf", "protection-ledger", "--db", db, "--out", str(default_day)]) == 0
    assert default_day.is_file()


def test_cli_errors_are_one_clear_line(office_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(office_db)
    db = str(office_db.path)
    out = tmp_path / "n.pdf"
    assert main(["pdf", "protection-notice", "--db", db, "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "错误：表单 protection-notice 须指定职工：--worker 身份证号"
    assert main(["pdf", "protection-notice", "--db", db, "--worker", "150785199001010000", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    # Echoed masked (issue #15: no message shows a full ID number, even the one typed).
    assert err.count("\n") == 0 and "没有找到身份证号为 150785" in err and "150785199001010000" not in err
    assert main(["pdf", "protection-ledger", "--db", db, "--out", str(out), "--on", "2026-02-30"]) == 1
    assert "不是有效日期" in capsys.readouterr().err
    assert main(["pdf", "roster", "--db", db, "--out", str(out), "--worker", WANG_ID]) == 1
    assert "不使用 --worker" in capsys.readouterr().err
    assert not out.exists()


def test_notice_says_a_contract_ending_in_maternity_leave_runs_on_to_lactation_end(
    office_db: Database, tmp_path: Path
) -> None:
    """#18 item 7: 劳动合同法 art. 42(4), 45 — the contract continues until lactation ends, not only to the end
    of maternity leave. 王芳's contract ends 2027-01-31, inside her leave (2026-10-17 to 2027-03-23)."""
    from db.models import Worker

    populate(office_db)
    with office_db.write() as s:
        wang = s.query(Worker).filter_by(name="王芳").one()
        wang.contract_end = date(2027, 1, 31)
    out = tmp_path / "wang.pdf"
    protection_printing.notice_pdf(office_db, out, worker=WANG_ID, on=ON)
    text = "\n".join(_pages(out))
    _has(
        text,
        "本人合同到期",
        "2027-01-31到期，续延至 2027-10-27",
        "合同到期日 2027-01-31 在产期内，劳动合同应续延至哺乳期满 2027-10-27",
    )
    assert "自动延续至产假结束" not in _flat(text)  # the old wording that stopped at the leave's end
