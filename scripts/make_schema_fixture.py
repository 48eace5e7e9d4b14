"""Write tests/fixtures/schema-<head>.sqlite: a small real data file of the current schema.

Run once when a schema is released (a migration added), and commit the file; never regenerate an
old one — the upgrade test relies on each file being exactly what that release wrote.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from db.migrate import head_revision
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.database import open_data_file
from desktop.services.roster import workers

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def _add_protection(session: Session, woman_id: int) -> None:
    """From schema 0002 on: one pregnancy case and one dated rule value (skipped for older schemas)."""
    if "protection_case" not in inspect(session.connection()).get_table_names():
        return
    from desktop.services.protections import cases as protections
    from desktop.services.protections import rules as protection_rules

    protection_rules.set_rule(session, "menstrual_leave_days", 1, date(2026, 1, 1), "专项集体合同约定", actor="fixture")
    case = protections.register_pregnancy(
        session,
        woman_id,
        due_date=date(2026, 12, 20),
        doctor_certificate=True,
        reduced_workload="不安排夜班",
        actor="fixture",
        today=date(2026, 11, 23),
    )
    protections.record_reassignment(
        session,
        case.id,
        to_post="资料员",
        to_hazards="",
        reassigned_on=date(2026, 9, 1),
        actor="fixture",
        today=date(2026, 11, 23),
    )


def _add_contract(session: Session) -> None:
    """From schema 0013 on: a signed 专项集体合同 with a screening clause and its signed file."""
    if "special_contract" not in inspect(session.connection()).get_table_names():
        return
    from desktop.services.contracts import contracts as special_contracts

    contract = special_contracts.add_contract(
        session,
        special_contracts.ContractDraft(
            title="阿里河森工公司女职工权益保护专项集体合同",
            status="signed",
            term_start=date(2026, 1, 1),
            term_end=date(2028, 12, 31),
            signed_on=date(2025, 12, 26),
            union_party="阿里河森工公司工会委员会",
            union_rep="王芳",
            company_party="阿里河森工公司",
            company_rep="李明",
        ),
        actor="fixture",
    )
    special_contracts.add_clause(
        session,
        contract.id,
        special_contracts.ClauseDraft("screening", 2, article="第八条", text="女职工两癌筛查每两年一次"),
        actor="fixture",
    )
    special_contracts.attach_signed_file(
        session, contract.id, file_name="专项集体合同.pdf", data=b"%PDF-1.4 fixture", actor="fixture"
    )


def _add_insurance(session: Session, woman_id: int) -> None:
    """From schema 0014 on: a 特种病保险 enrolment paid by the union and a paid claim within it."""
    if "insurance_enrolment" not in inspect(session.connection()).get_table_names():
        return
    from desktop.services.insurance import enrolments as ins

    ins.add_enrolment(
        session,
        ins.EnrolmentDraft(
            worker_id=woman_id,
            coverage_start=date(2026, 1, 1),
            coverage_end=date(2026, 12, 31),
            premium_fen=2500,
            payer="union",
        ),
        actor="fixture",
    )
    ins.add_claim(
        session,
        ins.ClaimDraft(
            worker_id=woman_id,
            diagnosis="breast",
            diagnosis_date=date(2026, 5, 6),
            claimed_fen=1_000_000,
            paid_fen=1_000_000,
            documents=frozenset({"diagnosis", "pathology"}),
            received_on=date(2026, 5, 20),
            status="paid",
            decided_on=date(2026, 6, 30),
        ),
        actor="fixture",
        today=date(2026, 11, 23),
    )


def _add_rights(session: Session, worker_id: int) -> None:
    """From schema 0015 on: a 维权诉求 mediated and closed, her satisfaction recorded."""
    if "rights_request" not in inspect(session.connection()).get_table_names():
        return
    from desktop.services.rights import requests as rights

    rights.add_request(
        session,
        rights.RequestDraft(
            worker_id=worker_id,
            category="pay",
            summary="加班费未按规定计发",
            received_on=date(2026, 3, 2),
            mediation_on=date(2026, 3, 20),
            closed_on=date(2026, 4, 10),
            outcome="resolved",
            satisfaction="satisfied",
        ),
        actor="fixture",
        today=date(2026, 11, 23),
    )


def _add_surveys(session: Session, worker_id: int) -> None:
    """From schema 0016 on: a 问卷 with a choice and a text question, one worker's answers, and a need handled."""
    if "survey" not in inspect(session.connection()).get_table_names():
        return
    from desktop.services.surveys import answers, needs, surveys

    survey = surveys.add_survey(
        session,
        surveys.SurveyDraft("2026年女职工需求调查", "questionnaire", date(2026, 3, 8)),
        actor="fixture",
        today=date(2026, 11, 23),
    )
    q1 = surveys.add_question(
        session,
        survey.id,
        text="最希望工会提供的服务",
        kind="choice",
        options="技能培训\n心理疏导\n子女托管",
        required=True,
        actor="fixture",
    )
    q2 = surveys.add_question(session, survey.id, text="其他建议", kind="text", actor="fixture")
    answers.save_response(session, survey.id, worker_id, {q1.id: "子女托管", q2.id: "暑假托管班"}, actor="fixture")
    need = needs.add_need(
        session,
        needs.NeedDraft(
            "开设职工子女暑期托管班", "children", date(2026, 3, 9), "王芳", worker_id=worker_id, survey_id=survey.id
        ),
        actor="fixture",
        today=date(2026, 11, 23),
    )
    needs.advance_need(
        session,
        need.id,
        "handling",
        on=date(2026, 6, 1),
        by="李明",
        note="与林场协调场地",
        actor="fixture",
        today=date(2026, 11, 23),
    )


def main() -> int:
    target = FIXTURES / f"schema-{head_revision()}.sqlite"
    if target.exists():
        print(f"{target} exists; old fixtures are never regenerated")
        return 1
    db = open_data_file(target)
    with db.write() as s:
        office.save_office(s, code="ALH", name="阿里河森工公司工会", actor="fixture")
        top = office.add_unit(s, name="阿里河森工公司", parent_id=None, kind="company", actor="fixture")
        farm = office.add_unit(s, name="甘河林场", parent_id=top.id, kind="farm", actor="fixture")
        team = office.add_unit(s, name="一班", parent_id=farm.id, kind="team", actor="fixture")
        sec = office.add_unit(s, name="营林科", parent_id=top.id, kind="section", actor="fixture")
        people = [
            ("张丽", "150785198503120022", team.id, "营林工", "cold_water:2,physical:3"),
            ("王建国", "150782199007071132", farm.id, "油锯手", "noise:3,physical:3,vibration"),
            ("阿拉坦·其其格", "15078519920815008X", sec.id, "技术员", ""),
        ]
        ids = []
        for name, idn, unit, post, hz in people:
            w = workers.add_worker(
                s,
                WorkerDraft(
                    name=name,
                    id_number=idn,
                    unit_id=unit,
                    post=post,
                    hazards=hz,
                    phone="0470-3521234",
                    hire_date=date(2010, 3, 1),
                ),
                actor="fixture",
            )
            ids.append(w.id)
        workers.set_archived(s, [ids[1]], archived=True, actor="fixture")
        _add_protection(s, ids[2])
        _add_contract(s)
        _add_insurance(s, ids[0])
        _add_rights(s, ids[2])
        _add_surveys(s, ids[2])
    db.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the repository
    # Small pages: every table and index takes at least one, so 4 KB pages made ~400 KB files of a few rows.
    conn.execute("PRAGMA page_size=512")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
