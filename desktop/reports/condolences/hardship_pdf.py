"""困难职工档案表: the full card of one household (domain.md §4) — identity, health, work and housing,
income and per-capita income, members, causes, bank account, assistance history and the two sign-offs.

Pure report: it receives a plain ``HardshipCard``; ID numbers and the bank account are masked unless the
caller passes them whole (the printed card goes into a paper file that many hands open).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.core.condolences import yuan
from desktop.core.dates import format_date
from desktop.core.hardship import GRADES, STATUS, Member
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.reports.pdf.blocks import Opinion, key_value_table, opinion_table
from desktop.reports.pdf.form import (
    BLACK,
    BOX_WIDTH,
    GRID_WIDTH,
    HEADER_FILL,
    BoldText,
    build_document,
    frame_width,
    page_footer,
    para,
    title_block,
)

TITLE = "困难职工档案表"


@dataclass(frozen=True)
class HardshipCard:
    uid: str
    serial: str  # 帮2026-0001, the 档案编号 the clerk files the paper copy under
    name: str
    sex: str
    birth_date: date
    ethnicity: str
    id_number: str
    unit_name: str
    post: str
    phone: str
    grade: str
    main_cause: str
    secondary_causes: str
    health: str
    disability: str
    marital_status: str
    housing: str
    single_parent: bool
    own_income_fen: int
    household_income_fen: int
    household_size: int
    per_capita_fen: int
    bank_name: str
    bank_account: str
    """Already masked by the caller unless full numbers were asked for."""
    status: str
    opened_on: date
    status_on: date | None
    status_reason: str
    last_reviewed_on: date | None
    review_due: date
    base_opinion: str
    base_signed_on: date | None
    higher_opinion: str
    higher_signed_on: date | None
    notes: str
    members: Sequence[Member] = ()
    assistance: Sequence[tuple[int, int, int]] = field(default_factory=tuple)
    """(year, visits, fen), newest first."""


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    data = [[para(h, 9.5, "center") for h in header]]
    data += [[para(c, 9.5, "center") for c in r] for r in rows] or [
        [para("（无）", 9.5, "center")] + [""] * (len(header) - 1)
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    return Table(data, colWidths=list(widths), style=TableStyle(style), repeatRows=1)


def card_story(card: HardshipCard, *, office_name: str, full_ids: bool = False) -> list[Flowable]:
    """The card: identity and household figures, members, yearly assistance, the two opinions, notes."""
    width = frame_width()
    story: list[Flowable] = title_block(
        TITLE,
        office_name,
        subtitles=[(f"档案编号：{card.serial or card.uid}", f"建档日期：{format_date(card.opened_on)}")],
    )
    story.append(key_value_table(_identity(card, full_ids), width, wide=("住房情况", "状态变更"), label_width=82))
    story.append(Spacer(1, 8))
    story.append(BoldText("家庭成员", 11, "left", space_after=3))
    story.append(_members_table(card.members, width, full_ids))
    story.append(Spacer(1, 8))
    story.append(BoldText("帮扶记录（按年汇总）", 11, "left", space_after=3))
    help_rows = [[f"{y}年", f"{n} 次", f"{yuan(fen)} 元"] for y, n, fen in card.assistance]
    story.append(_grid(("年度", "慰问帮扶次数", "金额（含慰问品价值）"), help_rows, (width / 3,) * 3))
    story.append(Spacer(1, 8))
    story.append(_opinions(card, width))
    if card.notes:
        story.append(Spacer(1, 4))
        story.append(para(f"备注：{card.notes}", 9.5))
    return story


def _identity(card: HardshipCard, full_ids: bool) -> list[tuple[str, str]]:
    """The key-value box: who she is, her work and health, the household's income, bank and reviews."""
    ident = [
        ("姓名", card.name),
        ("性别", card.sex),
        # Masked, the card shows the birth year only: with the date the masked number would be a few guesses.
        ("出生日期", format_date(card.birth_date))
        if full_ids
        else ("出生年份", f"{card.birth_date.year}年" if card.birth_date else "—"),
        ("民族", card.ethnicity),
        ("身份证号", card.id_number if full_ids else mask(card.id_number)),
        ("联系电话", card.phone or "—"),
        ("工作单位", card.unit_name),
        ("岗位", card.post or "—"),
        ("健康状况", card.health or "—"),
        ("残疾情况", card.disability or "无"),
        ("婚姻状况", card.marital_status or "—"),
        ("单亲家庭", "是" if card.single_parent else "否"),
        ("住房情况", card.housing or "—"),
        ("困难类别", GRADES.get(card.grade, card.grade)),
        ("档案状态", STATUS.get(card.status, card.status)),
        ("主要致困原因", card.main_cause),
        ("次要致困原因", card.secondary_causes or "—"),
        ("本人年收入", f"{yuan(card.own_income_fen)} 元"),
        ("家庭年收入", f"{yuan(card.household_income_fen)} 元"),
        ("家庭人口", f"{card.household_size} 人"),
        ("家庭人均年收入", f"{yuan(card.per_capita_fen)} 元（家庭年收入 ÷ {card.household_size} 人）"),
        ("开户银行", card.bank_name or "—"),
        ("银行账号", card.bank_account or "—"),
        ("最近复核", format_date(card.last_reviewed_on) or "未复核"),
        ("下次复核", format_date(card.review_due)),
    ]
    if card.status != "active":
        ident.append(("状态变更", f"{format_date(card.status_on)} {card.status_reason}"))
    return ident


def _members_table(members: Sequence[Member], width: float, full_ids: bool) -> Table:
    rows = [
        [
            m.name,
            m.relation,
            m.id_number if full_ids else mask(m.id_number),
            m.health,
            yuan(m.income_fen),
            m.school_or_work,
        ]
        for m in members
    ]
    w = width / 12
    return _grid(
        ("姓名", "与本人关系", "身份证号", "健康状况", "年收入（元）", "就学或工作单位"),
        rows,
        (w * 1.6, w * 1.4, w * 2.7, w * 1.8, w * 1.6, w * 2.9),
    )


def _signed(opinion: str, signed: date | None) -> str:
    return "\n".join(t for t in (opinion, f"（{format_date(signed)}签署）" if signed else "") if t)


def _opinions(card: HardshipCard, width: float) -> Table:
    """基层工会 and 上级工会 opinions, each with the day it was signed."""
    return opinion_table(
        [
            Opinion("基层工会意见", _signed(card.base_opinion, card.base_signed_on), "负责人签字（盖章）", lines=3),
            Opinion("上级工会意见", _signed(card.higher_opinion, card.higher_signed_on), "负责人签字（盖章）", lines=3),
        ],
        width,
    )


def render_hardship_file(
    card: HardshipCard, out: Path | BinaryIO, *, office_name: str, full_ids: bool = False, job: Job | None = None
) -> int:
    story = card_story(card, office_name=office_name, full_ids=full_ids)
    right = f"{office_name}·{card.name}" if office_name else card.name
    return build_document(
        out,
        story,
        title=f"{TITLE}（{card.name}）",
        author=office_name,
        subject=TITLE,
        decorate=page_footer("内含个人敏感信息，妥善保管", right),
        job=job,
    )
