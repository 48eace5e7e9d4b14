"""Printing the condolence forms: 慰问金(品)发放签收表 (a batch or a filtered list), 慰问审批表 (one visit) and
困难职工档案表 (one household). Queries here, layout in desktop.reports.pdf; registered in ``printing.FORMS``
so ``union-desk pdf condolence-signoff --batch 批2026-003`` and the tab's 打印 menu find them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core import condolences as condolence_rules
from desktop.core import enums
from desktop.core.errors import DomainError
from desktop.core.hardship import mask_account, per_capita_fen, review_due
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.condolences.hardship_pdf import TITLE as FILE_TITLE
from desktop.reports.condolences.hardship_pdf import HardshipCard, render_hardship_file
from desktop.reports.condolences.signoff_pdf import APPROVAL_TITLE, TITLE, render_approval, render_signoff
from desktop.services import serials
from desktop.services.condolences.batches import get_batch
from desktop.services.condolences.hardship import assistance_by_year, file_of_worker, get_draft
from desktop.services.condolences.ledger import VisitFilter, fetch_visit_rows, visit_rows
from desktop.services.condolences.standards import load_standards
from desktop.services.database import Database
from desktop.services.office import unit_labels, unit_tree
from desktop.services.printing import PdfForm, office_name, register
from desktop.services.protections.printing import find_worker


def signoff_pdf(
    db: Database,
    out: Path,
    *,
    batch: int | str | None = None,
    flt: VisitFilter | None = None,
    filter_text: str = "",
    job: Job | None = None,
) -> int:
    """A batch's sign-off sheet, or the visits a filter selects (sorted by unit and name)."""
    with db.read() as s:
        if batch is not None:
            b = get_batch(s, serials.find_id(s, "batch", batch))  # 批2026-003, a uid or a row id
            rows = visit_rows(s, VisitFilter(batch_id=b.id), sort="name", descending=False)
            # The batch number on every page: what the clerk quotes and `pdf --batch` takes (#17 item 3).
            heading, words = f"{b.title}（{b.serial}）", filter_text or b.group_text
        else:
            rows = visit_rows(s, flt or VisitFilter(year=date.today().year), sort="name", descending=False)
            heading, words = "慰问记录", filter_text
        # A page group per 林场 or 科室 (the first level below the company), in the unit tree's order.
        tree = unit_tree(s)
        order = {n.id: i for i, n in enumerate(tree)}
        drop = 1 if sum(n.parent_id is None for n in tree) == 1 else 0
        sheets = {n.id: (n.path.split("/")[drop:] or [n.name])[0] for n in tree}
        rows.sort(key=lambda r: (order.get(r.unit_id, len(order)), r.name, r.visit_date))
        name = office_name(s)
    return render_signoff(rows, out, office_name=name, heading=heading, filter_text=words, sheets=sheets, job=job)


def standard_text(session: Session, occasion: str, day: date) -> str:
    std = load_standards(session).on(occasion, day)
    parts = [condolence_rules.MODES.get(std.mode, std.mode), f"默认{condolence_rules.yuan(std.default_fen)}元"]
    if std.cap_fen:
        parts.append(f"每次上限{condolence_rules.yuan(std.cap_fen)}元")
    if std.yearly_cap_fen:
        parts.append(f"每人每年上限{condolence_rules.yuan(std.yearly_cap_fen)}元")
    if std.max_per_year:
        parts.append(f"每年最多{std.max_per_year}次")
    if std.once_per_cause:
        parts.append("同一事由每年一次")
    since = "默认标准" if std.effective_from <= date(2000, 1, 1) else f"{std.effective_from.isoformat()}起执行"
    # The settings hint in brackets belongs on screen, not on a form filed with the payment.
    return "；".join(parts) + f"（{since}，{std.source.split('（')[0]}）"


def approval_pdf(db: Database, out: Path, *, visit: int | str, full_ids: bool = False, job: Job | None = None) -> int:
    with db.read() as s:
        rows = fetch_visit_rows(s, [serials.find_id(s, "visit", visit)])
        if not rows:
            raise DomainError(f"没有编号为 {visit} 的慰问记录", field="visit")
        row = rows[0]
        text = standard_text(s, row.occasion, row.visit_date)
        required = load_standards(s).on(row.occasion, row.visit_date).documents
        name = office_name(s)
    return render_approval(
        row, out, office_name=name, standard_text=text, full_ids=full_ids, job=job, required_documents=required
    )


def hardship_card(
    session: Session, worker: str | int, *, full_ids: bool = False, full_phones: bool = False
) -> HardshipCard:
    w = find_worker(session, worker)
    f = file_of_worker(session, w.id)
    if f is None:
        raise DomainError(f"“{w.name}”没有困难职工档案", field="worker")
    draft = get_draft(session, f.id)
    return HardshipCard(
        uid=f.uid,
        serial=f.serial,
        name=w.name,
        sex=enums.label(enums.SEX, w.sex),
        birth_date=w.birth_date,
        ethnicity=w.ethnicity,
        id_number=w.id_number,
        unit_name=unit_labels(session).get(w.unit_id, w.unit.name),
        post=w.post,
        phone=w.phone if full_phones else mask_phone(w.phone),
        grade=f.grade,
        main_cause=f.main_cause,
        secondary_causes=f.secondary_causes,
        health=f.health,
        disability=f.disability,
        marital_status=f.marital_status,
        housing=f.housing,
        single_parent=f.single_parent,
        own_income_fen=f.own_income_fen,
        household_income_fen=f.household_income_fen,
        household_size=f.household_size,
        per_capita_fen=per_capita_fen(f.household_income_fen, f.household_size),
        bank_name=f.bank_name,
        bank_account=f.bank_account if full_ids else mask_account(f.bank_account) if f.bank_account else "",
        status=f.status,
        opened_on=f.opened_on,
        status_on=f.status_on,
        status_reason=f.status_reason,
        last_reviewed_on=f.last_reviewed_on,
        review_due=review_due(f.opened_on, f.last_reviewed_on),
        base_opinion=f.base_opinion,
        base_signed_on=f.base_signed_on,
        higher_opinion=f.higher_opinion,
        higher_signed_on=f.higher_signed_on,
        notes=f.notes,
        members=draft.members,
        assistance=tuple((y, n, fen) for y, (n, fen) in assistance_by_year(session, w.id).items()),
    )


def hardship_pdf(
    db: Database,
    out: Path,
    *,
    worker: str | int,
    full_ids: bool = False,
    full_phones: bool = False,
    job: Job | None = None,
) -> int:
    """The household's file; ID numbers (with the birth date cut to a year) and phone masked by default."""
    with db.read() as s:
        card = hardship_card(s, worker, full_ids=full_ids, full_phones=full_phones)
        name = office_name(s)
    return render_hardship_file(card, out, office_name=name, full_ids=full_ids, job=job)


signoff_pdf = register(
    PdfForm(
        "condolence-signoff",
        TITLE,
        "一个发放批次（--batch 批次编号，如 批2026-003）或本年慰问记录的签收表，按单位分组小计",
        signoff_pdf,
    )
)
approval_pdf = register(
    PdfForm(
        "condolence-approval",
        APPROVAL_TITLE,
        "一次慰问的审批表（--visit 记录编号，如 慰2026-0042），含执行标准与特批理由",
        approval_pdf,
    )
)
hardship_pdf = register(
    PdfForm(
        "hardship-file",
        FILE_TITLE,
        "一户困难职工的档案表（--worker 身份证号），身份证号与银行账号默认隐去",
        hardship_pdf,
    )
)
