"""慰问金(品)发放签收表: one line per member and an empty signature column wide enough to sign in, in one
page group per unit (each 林场 signs its own sheets) with its 小计, then a summary of all units; plus
慰问审批表 for a single visit.

Pure report: it receives rows shaped like desktop.services.condolences.ledger.VisitRow; amounts are fen and
are printed as yuan with two decimals, so the column sums on paper are the sums in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from reportlab.platypus import Flowable, Spacer

from desktop.core.condolences import STATUS, documents_text, yuan
from desktop.core.dates import format_date
from desktop.core.idcard import mask
from desktop.core.money import capital_amount
from desktop.core.progress import Job
from desktop.reports.pdf.blocks import Opinion, key_value_table, opinion_table, signature_block
from desktop.reports.pdf.form import Subtitle, build_document, frame_width, page_footer, para, title_block
from desktop.reports.pdf.table import Column, TableForm, TableGroup, render_table_form

TITLE = "慰问金（品）发放签收表"
APPROVAL_TITLE = "慰问审批表"
SIGNERS = ("经办人", "审核人", "工会主席")


class SignoffRow(Protocol):
    # Read-only members: the services' rows are frozen dataclasses.
    @property
    def name(self) -> str: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def visit_date(self) -> date: ...
    @property
    def cash_fen(self) -> int: ...
    @property
    def goods(self) -> str: ...
    @property
    def goods_fen(self) -> int: ...
    @property
    def approved_by(self) -> str: ...
    @property
    def override_reason(self) -> str: ...

    @property
    def occasion_text(self) -> str: ...


@dataclass(frozen=True)
class _Field:
    """One possible column: its header, how a row fills it, and what a constant value means for it."""

    column: Column
    value: Callable[[SignoffRow], str]
    constant: str = ""  # header label when every row has the same value ("" = never moved to the header)
    amount: Callable[[SignoffRow], int] | None = None  # summed on 小计/合计 lines


def _occasion(r: SignoffRow) -> str:
    # An authorised override is marked on the sheet itself, so the auditor sees it beside the signature.
    return f"{r.occasion_text}（特批）" if r.override_reason else r.occasion_text


def _fields(sheets: Mapping[int, str]) -> list[_Field]:
    def unit(r: SignoffRow) -> str:
        # The group heading names the 林场 or 科室: the column names the team below it, and the 林场 itself for
        # its own staff (a blank cell read as "unit unknown", #17 item 5).
        sheet = _sheet_name(r, sheets)
        return r.unit_name.split("/")[-1] if _own_staff(r, sheets) else r.unit_name.removeprefix(f"{sheet}/")

    return [
        _Field(Column("姓名", 1.1), lambda r: r.name),
        _Field(Column("单位", 1.6), unit),
        _Field(Column("慰问事由", 1.9), _occasion, "慰问事由"),
        _Field(Column("慰问日期", 1.25, wrap=False), lambda r: format_date(r.visit_date), "慰问日期"),
        _Field(
            Column("慰问金（元）", 1.2, "right", wrap=False), lambda r: _sum(r.cash_fen), amount=lambda r: r.cash_fen
        ),
        _Field(Column("慰问品", 1.6), lambda r: r.goods, "慰问品"),
        _Field(
            Column("价值（元）", 1.15, "right", wrap=False), lambda r: _sum(r.goods_fen), amount=lambda r: r.goods_fen
        ),
        _Field(Column("审批人", 1.0), lambda r: r.approved_by, "审批人"),
        _Field(Column("领取人签名", 2.0), lambda r: ""),
    ]


def _sum(fen: int) -> str:
    # An empty amount stays blank on paper rather than showing 0.00 in every line and under every unit.
    return yuan(fen) if fen else ""


def _sheet_name(r: SignoffRow, sheets: Mapping[int, str]) -> str:
    return sheets.get(r.unit_id) or r.unit_name.split("/")[0]


def _own_staff(r: SignoffRow, sheets: Mapping[int, str]) -> bool:
    """Assigned to the 林场 or 科室 a page group is for, not to a team under it."""
    return r.unit_name == _sheet_name(r, sheets)


def _plan(rows: Sequence[SignoffRow], sheets: Mapping[int, str]) -> tuple[list[_Field], list[str]]:
    """The columns that vary and, for those the same on every line (事由、日期 of a batch), the header text.

    An amount column nobody receives (a batch of goods only) goes too, and 单位 when every line is a
    sheet's own staff; 姓名 and the signature always stay.
    """
    kept: list[_Field] = []
    header: list[str] = []
    for f in _fields(sheets):
        values = {f.value(r) for r in rows}
        if rows and f.constant and len(values) == 1:
            value = values.pop()
            if value:
                header.append(f"{f.constant}：{value}")
            continue
        if rows and f.amount is not None and not any(map(f.value, rows)):
            continue
        if rows and f.column.title == "单位" and all(_own_staff(r, sheets) for r in rows):
            continue  # the group heading already names the unit of every line
        kept.append(f)
    return kept, header


def _total_line(label: str, items: Sequence[SignoffRow], fields: Sequence[_Field]) -> list[str]:
    out = [label]
    for f in fields[1:]:
        if f.amount is not None:
            out.append(_sum(sum(f.amount(r) for r in items)))
        else:
            out.append("—" if f.column.title == "领取人签名" else "")
    return out


def signoff_form(
    rows: Sequence[SignoffRow],
    *,
    office_name: str,
    heading: str,
    filter_text: str = "",
    sheets: Mapping[int, str] | None = None,
) -> TableForm:
    """The sheet as a table form: one page group per unit (``sheets``: unit id → the 林场 or 科室 whose
    sheets it goes on; by default the first level of the unit's name), each numbered from 1 with its own
    小计 and signatures, then a summary page of every unit's 小计 and the 合计."""
    sheets = sheets or {}
    fields, constants = _plan(rows, sheets)
    by_sheet: dict[str, list[SignoffRow]] = {}
    for r in rows:  # the caller's order (the unit tree's), within each sheet too
        by_sheet.setdefault(_sheet_name(r, sheets), []).append(r)
    groups = []
    summary = []
    for sheet, items in by_sheet.items():
        value = sum(r.cash_fen + r.goods_fen for r in items)
        groups.append(
            TableGroup(
                f"领取单位：{sheet}（{len(items)}人次，{yuan(value)}元）",
                [[f.value(r) for f in fields] for r in items],
                [_total_line(f"小计（{len(items)}人次）", items, fields)],
            )
        )
        summary.append(_total_line(f"{sheet}（{len(items)}人次）", items, fields))
    summary.append(_total_line(f"合计（{len(rows)}人次）", rows, fields))
    total = sum(r.cash_fen + r.goods_fen for r in rows)
    subtitles: list[Subtitle] = [(f"发放事项：{heading}", f"共{len(rows)}人次，{yuan(total)}元")]
    if filter_text:
        subtitles.append(f"范围：{filter_text}")
    if constants:
        subtitles.append("；".join(constants))
    return TableForm(
        title=TITLE,
        columns=[f.column for f in fields],
        row_count=len(rows),
        office_name=office_name,
        subtitles=subtitles,
        landscape=True,
        signatures=SIGNERS,
        min_row_height=24.0,
        footer_note="领取人须本人签名；代领须注明代领人姓名及关系",
        empty_text="（没有慰问记录）",
        author=office_name,
        groups=groups,
        group_pages=True,
        totals=summary if rows else [],
        total_span=3 if any(f.column.title == "单位" for f in fields) else 2,
        running_text=f"发放事项：{heading}",
        totals_heading="各单位汇总",
    )


def render_signoff(
    rows: Sequence[SignoffRow],
    out: Path | BinaryIO,
    *,
    office_name: str,
    heading: str,
    filter_text: str = "",
    sheets: Mapping[int, str] | None = None,
    job: Job | None = None,
) -> int:
    """Write the sign-off sheet; ``heading`` is the batch title or "慰问记录"; returns the page count."""
    spec = signoff_form(rows, office_name=office_name, heading=heading, filter_text=filter_text, sheets=sheets)
    return render_table_form(spec, out, job=job)


class ApprovalVisit(SignoffRow, Protocol):
    @property
    def id_number(self) -> str: ...
    @property
    def uid(self) -> str: ...
    @property
    def serial(self) -> str: ...
    @property
    def cause(self) -> str: ...
    @property
    def relative_name(self) -> str: ...
    @property
    def relative_relation(self) -> str: ...
    @property
    def event_date(self) -> date | None: ...
    @property
    def visitors(self) -> str: ...
    @property
    def documents(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def approved_on(self) -> date | None: ...
    @property
    def paid_on(self) -> date | None: ...
    @property
    def override_rules(self) -> str: ...
    @property
    def notes(self) -> str: ...


def amount_text(v: ApprovalVisit) -> str:
    """人民币壹仟贰佰元整（¥1,200.00）, with the parts when goods are counted in."""
    total = v.cash_fen + v.goods_fen
    text = f"人民币{capital_amount(total)}（¥{yuan(total)}）"
    if v.cash_fen and v.goods_fen:
        text += f"，其中慰问金{yuan(v.cash_fen)}元、慰问品{yuan(v.goods_fen)}元"
    return text


def approval_story(
    v: ApprovalVisit,
    *,
    office_name: str,
    standard_text: str,
    full_ids: bool = False,
    required_documents: Sequence[str] = (),
) -> list[Flowable]:
    width = frame_width()
    relative = f"{v.relative_relation} {v.relative_name}".strip()
    # Two pairs to a line, a long value on a line of its own (``wide``): the order keeps the grid full.
    pairs = [
        ("姓名", v.name),
        ("身份证号", v.id_number if full_ids else mask(v.id_number)),
        ("单位", v.unit_name),
        ("慰问事由", v.occasion_text),
        ("慰问日期", format_date(v.visit_date)),
        ("事件日期", format_date(v.event_date) or "—"),
        ("去世亲属", relative or "—"),
        ("慰问人", v.visitors or "—"),
        ("状态", STATUS.get(v.status, v.status)),
        ("慰问金", f"{yuan(v.cash_fen)} 元" if v.cash_fen else "—"),
        ("慰问品", f"{v.goods}（价值 {yuan(v.goods_fen)} 元）" if v.goods_fen else "—"),
        ("金额（大写）", amount_text(v)),
        ("执行标准", standard_text),
        ("已查验材料", documents_text(v.documents, required_documents)),
        ("记录编号", v.serial or v.uid),
        ("发放日期", format_date(v.paid_on) or "—"),
    ]
    if v.override_reason:
        pairs += [("突破标准", v.override_rules), ("特批理由", v.override_reason)]
    if v.notes:
        pairs.append(("备注", v.notes))
    wide = ("单位", "金额（大写）", "执行标准", "已查验材料", "突破标准", "特批理由", "备注")
    story: list[Flowable] = title_block(APPROVAL_TITLE, office_name)
    story.append(key_value_table(pairs, width, wide=wide, label_width=78))
    story.append(Spacer(1, 10))
    approved = f"已在系统中审批：{v.approved_by} {format_date(v.approved_on)}".strip() if v.approved_by else ""
    story.append(
        opinion_table(
            [
                Opinion("经办人意见", lines=4),
                Opinion("工会主席\n审批意见", approved, lines=5),
            ],
            width,
        )
    )
    story.append(Spacer(1, 6))
    story.append(para("注：审批后凭本表及签收表发放；支持材料复印件附后。", 9))
    story.append(Spacer(1, 14))
    story.append(signature_block(("领取人",)))
    return story


def render_approval(
    v: ApprovalVisit,
    out: Path | BinaryIO,
    *,
    office_name: str,
    standard_text: str,
    full_ids: bool = False,
    job: Job | None = None,
    required_documents: Sequence[str] = (),
) -> int:
    story = approval_story(
        v,
        office_name=office_name,
        standard_text=standard_text,
        full_ids=full_ids,
        required_documents=required_documents,
    )
    right = f"{office_name}·{v.name}" if office_name else v.name
    return build_document(
        out,
        story,
        title=f"{APPROVAL_TITLE}（{v.name}）",
        author=office_name,
        subject=APPROVAL_TITLE,
        decorate=page_footer("", right),
        job=job,
    )
