"""慰问金(品)发放签收表: one line per member, grouped by unit with subtotals, a grand total and an empty
signature column wide enough to sign in, plus 慰问审批表 for a single visit.

Pure report: it receives rows shaped like desktop.services.condolence_ledger.VisitRow; amounts are fen and
are printed as yuan with two decimals, so the column sums on paper are the sums in the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from reportlab.platypus import Flowable, Spacer

from desktop.core.condolences import STATUS, yuan
from desktop.core.dates import format_date
from desktop.core.idcard import mask
from desktop.core.progress import Job
from desktop.reports.pdf.form import (
    Column,
    TableForm,
    build_document,
    frame_width,
    key_value_table,
    page_footer,
    para,
    render_table_form,
    signature_block,
    title_block,
)

TITLE = "慰问金（品）发放签收表"
APPROVAL_TITLE = "慰问审批表"

COLUMNS = (
    Column("序号", 0.55, wrap=False),
    Column("姓名", 1.1),
    Column("单位", 1.8),
    Column("慰问事由", 1.9),
    Column("慰问日期", 1.25, wrap=False),
    Column("慰问金（元）", 1.15, "right", wrap=False),
    Column("慰问品", 1.6),
    Column("价值（元）", 1.1, "right", wrap=False),
    Column("审批人", 1.0),
    Column("领取人签名", 1.6),
)


class SignoffRow(Protocol):
    name: str
    unit_name: str
    visit_date: date
    cash_fen: int
    goods: str
    goods_fen: int
    approved_by: str
    override_reason: str

    @property
    def occasion_text(self) -> str: ...


def _lines(rows: Sequence[SignoffRow]) -> Iterator[list[str]]:
    """Rows grouped by unit (stable: the caller's order within a unit), a 小计 after each, then 合计."""
    by_unit: dict[str, list[SignoffRow]] = {}
    for r in rows:
        by_unit.setdefault(r.unit_name, []).append(r)
    cash = goods = 0
    number = 0  # numbered here, not by the form: subtotal lines are not people and get no number
    for unit, items in by_unit.items():
        for r in items:
            number += 1
            # An authorised override is marked on the sheet itself, so the auditor sees it beside the signature.
            what = f"{r.occasion_text}（特批）" if r.override_reason else r.occasion_text
            yield [str(number), r.name, r.unit_name, what, format_date(r.visit_date), _sum(r.cash_fen),
                   r.goods, _sum(r.goods_fen), r.approved_by, ""]
        u_cash, u_goods = sum(r.cash_fen for r in items), sum(r.goods_fen for r in items)
        cash, goods = cash + u_cash, goods + u_goods
        if len(by_unit) > 1:
            yield ["", "", f"{unit} 小计（{len(items)}人）", "", "", _sum(u_cash), "", _sum(u_goods), "", "—"]
    total = f"总计 {yuan(cash + goods)} 元"
    yield ["", "", f"合计（{len(rows)}人次）", total, "", _sum(cash), "", _sum(goods), "", "—"]


def _sum(fen: int) -> str:
    # An empty amount stays blank on paper rather than showing 0.00 in every line and under every unit.
    return yuan(fen) if fen else ""


def render_signoff(rows: Sequence[SignoffRow], out: Path | BinaryIO, *, office_name: str, heading: str,
                   filter_text: str = "", job: Job | None = None) -> int:
    """Write the sign-off sheet; ``heading`` is the batch title or "慰问记录"; returns the page count."""
    units = len({r.unit_name for r in rows})
    total = sum(r.cash_fen + r.goods_fen for r in rows)
    subtitles: list[str | tuple[str, str]] = [(f"发放事项：{heading}", f"共{len(rows)}人次，{yuan(total)}元")]
    if filter_text:
        subtitles.append(f"范围：{filter_text}")
    lines = list(_lines(rows))
    spec = TableForm(
        title=TITLE, columns=COLUMNS, rows=lines, row_count=len(lines) + units, office_name=office_name,
        subtitles=subtitles, landscape=True, number_column=None, signatures=("经办人", "审核人", "工会主席"),
        min_row_height=24.0,
        footer_note="领取人须本人签名；代领须注明代领人姓名及关系", empty_text="（没有慰问记录）", author=office_name,
    )
    return render_table_form(spec, out, job=job)


class ApprovalVisit(SignoffRow, Protocol):
    id_number: str
    uid: str
    cause: str
    relative_name: str
    relative_relation: str
    event_date: date | None
    visitors: str
    documents: str
    status: str
    approved_on: date | None
    paid_on: date | None
    override_rules: str
    notes: str


def approval_story(v: ApprovalVisit, *, office_name: str, standard_text: str, full_ids: bool = False
                   ) -> list[Flowable]:
    width = frame_width()
    relative = f"{v.relative_relation} {v.relative_name}".strip()
    pairs = [
        ("姓名", v.name), ("身份证号", v.id_number if full_ids else mask(v.id_number)),
        ("单位", v.unit_name), ("慰问事由", v.occasion_text),
        ("事件日期", format_date(v.event_date)), ("慰问日期", format_date(v.visit_date)),
        ("去世亲属", relative or "—"), ("慰问人", v.visitors or "—"),
        ("慰问金", f"{yuan(v.cash_fen)} 元" if v.cash_fen else "—"),
        ("慰问品", f"{v.goods}（价值 {yuan(v.goods_fen)} 元）" if v.goods_fen else "—"),
        ("执行标准", standard_text), ("已查验材料", "、".join(v.documents.splitlines()) or "—"),
        ("状态", STATUS.get(v.status, v.status)), ("记录编号", v.uid),
    ]
    if v.override_reason:
        pairs += [("突破标准", v.override_rules), ("特批理由", v.override_reason)]
    if v.notes:
        pairs.append(("备注", v.notes))
    wide = ("执行标准", "已查验材料", "突破标准", "特批理由", "备注")
    story: list[Flowable] = title_block(APPROVAL_TITLE, office_name)
    story.append(key_value_table(pairs, width, wide=wide, label_width=78))
    story.append(Spacer(1, 10))
    opinions = [("经办人意见", ""), ("工会主席审批意见", f"{v.approved_by}  {format_date(v.approved_on)}".strip())]
    story.append(key_value_table(opinions, width, per_row=1, label_width=110, size=10.5))
    story.append(Spacer(1, 6))
    story.append(para("注：审批后凭本表及签收表发放；支持材料复印件附后。", 9))
    story.append(Spacer(1, 16))
    story.append(signature_block(("经办人", "审批人", "领取人")))
    return story


def render_approval(v: ApprovalVisit, out: Path | BinaryIO, *, office_name: str, standard_text: str,
                    full_ids: bool = False, job: Job | None = None) -> int:
    story = approval_story(v, office_name=office_name, standard_text=standard_text, full_ids=full_ids)
    right = f"{office_name}·{v.name}" if office_name else v.name
    return build_document(out, story, title=f"{APPROVAL_TITLE}（{v.name}）", author=office_name,
                          subject=APPROVAL_TITLE, decorate=page_footer("", right), job=job)
