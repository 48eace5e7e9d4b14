"""Demo 专项集体合同: the contract the article describes (四期保护, exams, 两癌 screening, special-disease insurance
written into clauses), in force for three years from the start of last year, with a clause of each kind, so the
contract tab, its yearly check and the reminders have something real to show."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.models_contracts import SpecialContract
from desktop.services.contracts import contracts as contract_service
from desktop.services.database import Database
from desktop.services.office import get_office

CLAUSES: tuple[contract_service.ClauseDraft, ...] = (
    contract_service.ClauseDraft(
        "protection",
        15,
        article="第六条",
        target_percent=100,
        text="女职工在孕期不能适应原劳动岗位的，企业应自工会登记之日起15日内予以调岗，孕期禁忌作业一律调离。",
    ),
    contract_service.ClauseDraft(
        "exam", 1, article="第七条", target_percent=90, text="企业每年组织女职工进行一次健康体检。"
    ),
    contract_service.ClauseDraft(
        "screening",
        2,
        article="第八条",
        target_percent=85,
        text="企业每两年为35至64岁女职工免费进行一次宫颈癌、乳腺癌筛查。",
    ),
    contract_service.ClauseDraft(
        "menstrual_leave", 1, article="第九条", text="从事野外或流动作业的女职工，经期可休息1天，工资照发。"
    ),
    contract_service.ClauseDraft(
        "insurance", 90, article="第十二条", text="工会组织女职工参加特种病互助保障，参保率不低于90%。"
    ),
    contract_service.ClauseDraft("other", None, article="第十五条", text="企业在各林场设立女职工休息室（母婴室）。"),
)


def add_demo_contract(db: Database, *, on: date | None = None) -> int:
    """Add the contract (once); returns its id, or 0 when a contract exists already."""
    today = on or date.today()
    with db.write() as s:
        if s.scalar(select(SpecialContract.id).limit(1)) is not None:
            return 0
        office = get_office(s)
        company = (office.name if office else "林业公司工会").removesuffix("工会") or "林业公司"
        start = date(today.year - 1, 1, 1)
        contract = contract_service.add_contract(
            s,
            contract_service.ContractDraft(
                title=f"{company}女职工权益保护专项集体合同",
                status="filed",
                term_start=start,
                term_end=date(start.year + 2, 12, 31),
                signed_on=date(start.year - 1, 12, 26),
                union_party=f"{company}工会委员会",
                union_rep="王芳",
                company_party=company,
                company_rep="李明",
                notes="经职工代表大会审议通过，已报人社部门备案。",
            ),
            actor=db.actor,
        )
        for clause in CLAUSES:
            contract_service.add_clause(s, contract.id, clause, actor=db.actor)
        return contract.id
