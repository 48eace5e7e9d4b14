"""女职工孕期/产期/哺乳期保护告知单: one woman's entitlements and dates, each with the rule behind it.

The union hands this to the woman, her department and keeps one copy, all three signed. Every date on it
comes with the sentence the core wrote when it computed the date (the same reasons the tab shows), so a
section chief who doubts "158天" or "不得安排夜班" reads the arithmetic and the article on the paper itself.

Pure report: it receives a row shaped like desktop.services.protections.ledger.CaseRow and the prohibited-
work period of her state on the day; the checklist itself comes from desktop.core.hazards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.core import hazards
from desktop.core.dates import format_date
from desktop.core.errors import DomainError
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.core.protection_timeline import ExplainedDate
from desktop.reports.pdf.blocks import SignatureBlock, key_value_table
from desktop.reports.pdf.form import (
    BLACK,
    BOX_WIDTH,
    GRID_WIDTH,
    HEADER_FILL,
    BoldText,
    LeftRight,
    build_document,
    frame_height,
    frame_width,
    page_footer,
    para,
    paragraph_style,
    story_height,
)
from desktop.reports.pdf.linebreak import CJKParagraph
from desktop.reports.protections.case_row import CaseDetail
from desktop.reports.protections.ledger_pdf import babies_text

TITLE = "女职工孕期/产期/哺乳期保护告知单"
FOOTER_NOTE = "含个人孕产信息，请妥善保管"

BODY = 10.0
TABLE_SIZE = 9.0
SECTION_FILL = "#EFEFEF"

DECREE = "国务院令第619号《女职工劳动保护特别规定》"
ANNEX = "国务院令第619号附录《女职工禁忌从事的劳动范围》"

LEGAL_BASIS = (
    f"告知依据：{DECREE}第五条、第六条、第七条、第九条及附录《女职工禁忌从事的劳动范围》；"
    "《内蒙古自治区人口与计划生育条例》（在国家规定基础上延长产假）；《中华人民共和国劳动合同法》"
    "第四十二条第四项、第四十五条（女职工在孕期、产期、哺乳期的，劳动合同期满应当续延至哺乳期满）；"
    "《中华人民共和国妇女权益保障法》第四十八条（怀孕及产假期间聘用合同或服务协议期满的，至少延续至产假结束）；"
    "本单位女职工权益保护专项集体合同。各项日期的计算方法见上表“依据与计算”一栏。"
)

SIGNERS: tuple[tuple[str, str, str], ...] = (
    ("职工本人", "本人已知悉上述保护待遇、有关日期及其依据。", "本人签字"),
    ("所在部门", "已知悉，将按上述规定安排岗位、休假和哺乳时间。（盖章）", "负责人签字"),
    ("工会", "已告知本人并登记，将跟踪落实。（工会女职工委员会盖章）", "经办人签字"),
)


class NoticeCase(CaseDetail, Protocol):
    """What the notice reads (desktop.services.protections.ledger.CaseRow has all of it)."""

    @property
    def night_overtime_ban(self) -> bool: ...


@dataclass(frozen=True)
class NoticeLine:
    """One line of the entitlement table; a line with only ``item`` is a section heading."""

    item: str
    value: str = ""
    basis: str = ""


def _d(item: ExplainedDate | None) -> str:
    return format_date(item.day) if item is not None else ""


# ------------------------------------------------------------------------------------------- content
def prohibited_scope(period: str) -> str:
    """The decree's checklist for a period in words: "高处作业（任何级别）、噪声作业Ⅲ级及以上、强烈振动…"."""
    rules = hazards.PROHIBITIONS[period]
    items: list[str] = []
    for h in hazards.HAZARDS:
        if h.code not in rules:
            continue
        grade = rules[h.code]
        if grade is None:
            items.append(h.label)
        elif grade == 1:
            items.append(f"{h.label}（任何级别）")
        else:
            items.append(f"{h.label}{hazards.GRADE_NAMES[grade]}级及以上")
    return "、".join(items)


def post_check(row: NoticeCase, period: str | None) -> tuple[str, list[str]]:
    """(verdict, reasons) for her current post in her current period, from the decree's checklist."""
    try:
        prohibited = hazards.prohibited_for(period, row.conditions) if period else []
        night = hazards.night_overtime_conflict(row.conditions)
    except DomainError:
        # Unreadable conditions: the ledger service already worded the problem; never claim "符合".
        return "【无法核对】岗位危害条件无法识别，请在名册中更正", list(row.post_problems)
    if prohibited or (night and row.night_overtime_ban):
        reasons = prohibited + (night if row.night_overtime_ban else [])
        return "【不符合】现岗位有本期禁忌从事的作业或不得安排的夜班、加班，须调整岗位", reasons
    if night and period == "pregnancy" and row.seven_month is not None:
        return (
            f"【暂符合】现岗位安排夜班或延长劳动时间，自{_d(row.seven_month)}（孕满7个月）起不得安排，请提前调整"
        ), night
    if period is None:
        return "【不适用】统计日期不在孕期或哺乳期，无孕期/哺乳期禁忌作业要求", []
    return "【符合】现岗位未发现本期禁忌从事的作业", []


def _conditions_text(conditions: str) -> str:
    try:
        return hazards.describe(conditions)
    except DomainError:
        return f"“{conditions}”（无法识别）"


def situation(row: NoticeCase) -> str:
    """Where the pregnancy stands in one phrase for the header box."""
    if row.delivery is not None:
        kind = f"，{row.birth_type}，{babies_text(row.babies)}" if row.birth_type else ""
        return f"{_d(row.delivery)}分娩{kind}"
    if row.miscarriage is not None:
        return f"{_d(row.miscarriage)}流产"
    if row.due is not None:
        return f"怀孕中，预产期{_d(row.due)}"
    return "怀孕中"


def notice_lines(row: NoticeCase, period: str | None) -> list[NoticeLine]:
    """The entitlement table, in the order the woman lives through it; only what applies to her."""
    return [
        NoticeLine("一、孕产日期"),
        *_date_lines(row),
        NoticeLine("二、假期与待遇"),
        *_pregnancy_lines(row),
        *_leave_lines(row),
        *_lactation_lines(row),
        *_contract_lines(row),
        NoticeLine("三、禁忌作业与岗位核查"),
        *_post_lines(row, period),
    ]


def _date_lines(row: NoticeCase) -> list[NoticeLine]:
    lines: list[NoticeLine] = []
    if row.lmp is not None:
        lines.append(NoticeLine("末次月经", _d(row.lmp), row.lmp.reason))
    if row.due is not None:
        lines.append(NoticeLine("预产期", _d(row.due), row.due.reason))
    if row.delivery is not None:
        kind = f"（{row.birth_type}，{babies_text(row.babies)}）" if row.birth_type else ""
        lines.append(NoticeLine("分娩日期", f"{_d(row.delivery)}{kind}", row.delivery.reason))
    if row.miscarriage is not None:
        lines.append(NoticeLine("流产日期", _d(row.miscarriage), row.miscarriage.reason))
    return lines


def _pregnant(row: NoticeCase) -> bool:
    return row.delivery is None and row.miscarriage is None


def _pregnancy_lines(row: NoticeCase) -> list[NoticeLine]:
    """What she is owed while still pregnant: the 7-month ban, antenatal checks, a lighter workload."""
    if not _pregnant(row):
        # After the birth the 7-month ban is history; lactation carries the same ban in its own line.
        return []
    lines: list[NoticeLine] = []
    if row.seven_month is not None:
        lines.append(
            NoticeLine(
                "孕满7个月",
                f"{_d(row.seven_month)}起不安排夜班劳动，不延长劳动时间，劳动时间内安排一定休息时间",
                row.seven_month.reason,
            )
        )
    lines.append(NoticeLine("产前检查", "在劳动时间内进行产前检查，所需时间计入劳动时间", f"{DECREE}第六条"))
    if row.doctor_certificate or row.reduced_workload:
        cert = "有医疗机构证明" if row.doctor_certificate else "未登记医疗机构证明"
        work = f"；已安排：{row.reduced_workload}" if row.reduced_workload else ""
        lines.append(
            NoticeLine(
                "减轻劳动量",
                f"{cert}{work}",
                f"{DECREE}第六条：不能适应原劳动的，根据医疗机构的证明予以减轻劳动量或者安排其他能够适应的劳动",
            )
        )
    return lines


def _leave_lines(row: NoticeCase) -> list[NoticeLine]:
    """Maternity or miscarriage leave, and her return."""
    lines: list[NoticeLine] = []
    if row.leave_days is not None:
        lines.append(NoticeLine("产假天数", f"{row.leave_days.value}天", row.leave_days.reason))
    if row.leave_start is not None and row.leave_end is not None:
        planned = "（预计，分娩后按实际日期重算）" if _pregnant(row) else ""
        lines.append(
            NoticeLine(
                "产假起止",
                f"{_d(row.leave_start)} 至 {_d(row.leave_end)}{planned}",
                f"{row.leave_start.reason}；{row.leave_end.reason}",
            )
        )
    if row.miscarriage is not None and row.miscarriage_leave_end is not None:
        lines.append(_miscarriage_leave_line(row, row.miscarriage, row.miscarriage_leave_end))
    if row.return_to_work is not None:
        lines.append(NoticeLine("返岗日期", _d(row.return_to_work), row.return_to_work.reason))
    return lines


def _miscarriage_leave_line(row: NoticeCase, miscarriage: ExplainedDate, end: ExplainedDate) -> NoticeLine:
    counted = row.timeline.miscarriage_leave_days if row.timeline is not None else None
    days = counted.value if counted else (end.day - miscarriage.day).days + 1
    why = f"{counted.reason}；" if counted else ""
    return NoticeLine("流产假", f"{days}天：{_d(miscarriage)} 至 {_d(end)}", why + end.reason)


def _lactation_lines(row: NoticeCase) -> list[NoticeLine]:
    lines: list[NoticeLine] = []
    if row.lactation_end is not None:
        lines.append(
            NoticeLine(
                "哺乳期截止", f"{_d(row.lactation_end)}（期内不安排夜班劳动，不延长劳动时间）", row.lactation_end.reason
            )
        )
    if row.lactation_stopped is not None:
        lines.append(NoticeLine("停止哺乳", _d(row.lactation_stopped), row.lactation_stopped.reason))
    if row.breastfeeding_hours is not None:
        lines.append(
            NoticeLine(
                "每日哺乳时间",
                f"每个工作日{row.breastfeeding_hours.value}小时，在劳动时间内安排",
                row.breastfeeding_hours.reason,
            )
        )
    return lines


def _contract_lines(row: NoticeCase) -> list[NoticeLine]:
    # 劳动合同法 art. 42(4)/45 carries a labour contract to the end of lactation; 妇女权益保障法 art. 48 (to the
    # end of maternity leave) is the floor for 聘用合同 and service agreements (#18 item 7).
    lines = [
        NoticeLine(
            "工资与劳动合同",
            "不因怀孕、生育、哺乳降低工资、辞退或解除劳动（聘用）合同；劳动合同在孕期、产期、"
            "哺乳期内期满的，续延至哺乳期满（聘用合同、服务协议至少延续至产假结束）",
            f"{DECREE}第五条；《劳动合同法》第四十二条第四项、第四十五条；《妇女权益保障法》第四十八条",
        )
    ]
    extended = getattr(row, "contract_extension", None)
    contract_end = getattr(row, "contract_end", None)
    if extended is not None and contract_end is not None:
        lines.append(
            NoticeLine("本人合同到期", f"{contract_end.isoformat()}到期，续延至 {_d(extended)}", extended.reason)
        )
    return lines


def _post_lines(row: NoticeCase, period: str | None) -> list[NoticeLine]:
    """The period's prohibited work, her post as recorded, any reassignment, and the verdict."""
    lines: list[NoticeLine] = []
    if period is not None:
        name = hazards.PERIOD_NAMES[period]
        lines.append(NoticeLine(f"{name}禁忌作业", prohibited_scope(period), ANNEX))
    post = row.post or "（名册未填岗位）"
    basis = "调岗登记" if row.reassigned else "职工名册"
    lines.append(
        NoticeLine("现岗位", f"{post}；危害条件：{_conditions_text(row.conditions)}", f"岗位及危害条件取自{basis}")
    )
    if row.reassignment:
        lines.append(
            NoticeLine(
                "调岗情况", row.reassignment if row.reassigned else f"拟调岗：{row.reassignment}", f"{DECREE}第六条"
            )
        )
    verdict, reasons = post_check(row, period)
    lines.append(NoticeLine("岗位核查", verdict, "；".join(reasons) if reasons else ANNEX))
    return lines


# -------------------------------------------------------------------------------------------- layout
@dataclass(frozen=True)
class Look:
    """Type sizes and spacing; the notice tries the roomiest look that keeps it on one page."""

    body: float = BODY
    table: float = TABLE_SIZE
    pad: float = 2.5  # table cell padding, top and bottom
    leading: float = 1.5  # prose leading, times the size
    gap: float = 6.0  # space between the blocks


# Smallest: 8-point table text (7.5 in the basis column) is still read without strain on A4.
LOOKS = (Look(), Look(10.0, 8.5, 2.0, 1.45, 5.0), Look(9.5, 8.5, 1.8, 1.4, 4.0), Look(9.0, 8.0, 1.2, 1.3, 3.0))


def _body_style(size: float, leading: float, indent: bool = True) -> ParagraphStyle:
    # Chinese prose starts each paragraph two characters in.
    return ParagraphStyle(
        f"notice-{size}-{leading}-{indent}",
        parent=paragraph_style(size, leading=size * leading),
        firstLineIndent=2 * size if indent else 0,
    )


def _prose(text: str, size: float, leading: float = 1.5, indent: bool = True) -> Paragraph:
    return CJKParagraph(escape(text), _body_style(size, leading, indent))


def entitlement_table(lines: Sequence[NoticeLine], width: float, look: Look = LOOKS[0]) -> Table:
    """项目 | 日期或待遇 | 依据与计算 — section headings span the row on a light fill."""
    size = look.table
    widths = [width * 0.14, width * 0.36, width * 0.50]
    data: list[list[Any]] = [
        [para("项目", size, "center"), para("日期或待遇", size, "center"), para("依据与计算", size, "center")]
    ]
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
        ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), look.pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), look.pad),
    ]
    for line in lines:
        r = len(data)
        if not line.value and not line.basis:
            data.append([para(line.item, size + 0.5), "", ""])
            cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SECTION_FILL)]
            continue
        data.append([para(line.item, size, "center"), para(line.value, size), para(line.basis, size - 0.5)])
    # The heading row repeats when the table runs onto a second page.
    return Table(data, colWidths=widths, style=TableStyle(cmds), repeatRows=1, hAlign="CENTER")


def signature_table(width: float, look: Look = LOOKS[0]) -> Table:
    """Three boxes side by side — 职工本人 · 所在部门 · 工会 — each with its sentence, a line and a date."""
    col = width / len(SIGNERS)
    inner = col - 10
    size = min(9.5, look.body)
    head = [para(title, look.body, "center") for title, _, _ in SIGNERS]
    body: list[Any] = []
    for _, sentence, signer in SIGNERS:
        sign = SignatureBlock([signer], date_line=True, size=size, space_before=0)
        sign.wrap(inner, 1e9)
        body.append([para(sentence, size, leading=size * 1.37), Spacer(1, 4), sign])
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
            ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    return Table([head, body], colWidths=[col] * len(SIGNERS), style=style, hAlign="CENTER")


def _story(row: NoticeCase, office_name: str, on: date, period: str | None, look: Look) -> list[Flowable]:
    width = frame_width(False)
    story: list[Flowable] = [BoldText(TITLE, 17.0, space_after=look.gap + 2)]
    left = f"单位：{office_name}" if office_name else ""
    story.append(LeftRight(left, f"告知日期：{format_date(on)}"))
    story.append(Spacer(1, 4))
    info = [
        ("姓名", row.name),
        ("身份证号", mask(row.id_number)),
        ("所在单位", row.unit_name or ""),
        ("岗位", row.post or ""),
        ("当前状态", row.state_label or "不在保护期内"),
        ("孕产情况", situation(row)),
    ]
    story.append(key_value_table(info, width, per_row=2, label_width=64, size=look.body))
    story.append(Spacer(1, look.gap))
    story.append(_prose(f"{row.name}同志：", look.body, look.leading, indent=False))
    story.append(
        _prose(
            "根据国家和自治区关于女职工劳动保护的规定，按您登记的孕产情况，现将您依法享有的保护待遇、有关日期及其"
            "计算依据告知如下。如情况有变化（分娩、流产、返岗、停止哺乳、调整岗位等），请及时告知所在部门和工会，"
            "以便重新核定。",
            look.body,
            look.leading,
        )
    )
    story.append(Spacer(1, 4))
    story.append(entitlement_table(notice_lines(row, period), width, look))
    story.append(Spacer(1, look.gap))
    small = look.body - 1
    story.append(_prose(LEGAL_BASIS, small, look.leading, indent=False))
    story.append(Spacer(1, 3))
    # The signatures never stand on a page without the sentence they acknowledge.
    story.append(
        KeepTogether(
            [
                _prose(
                    "本告知单一式三份，职工本人、所在部门、工会各留存一份。对上述日期或待遇有疑问的，"
                    "可持医疗机构证明等材料到工会女职工委员会核对。",
                    small,
                    look.leading,
                    indent=False,
                ),
                Spacer(1, look.gap),
                signature_table(width, look),
            ]
        )
    )
    return story


def notice_story(row: NoticeCase, *, office_name: str, on: date, period: str | None) -> list[Flowable]:
    """The notice in the roomiest look that fits one page; a notice too long for any stays in the first."""
    for look in LOOKS:
        story = _story(row, office_name, on, period, look)
        if story_height(story, frame_width(False)) <= frame_height(False):
            return story
    return _story(row, office_name, on, period, LOOKS[0])


def render_protection_notice(
    row: NoticeCase, out: Path | BinaryIO, *, office_name: str, on: date, period: str | None, job: Job | None = None
) -> int:
    """Write one woman's notice (A4 portrait); ``period`` is "pregnancy", "lactation" or None on ``on``."""
    if period is not None and period not in hazards.PROHIBITIONS:
        raise DomainError(f"未知的保护期“{period}”")
    story = notice_story(row, office_name=office_name, on=on, period=period)
    right = f"{office_name}·{row.name}" if office_name else row.name
    return build_document(
        out,
        story,
        title=f"{TITLE}（{row.name}）",
        author=office_name,
        subject=TITLE,
        decorate=page_footer(FOOTER_NOTE, right),
        job=job,
    )
