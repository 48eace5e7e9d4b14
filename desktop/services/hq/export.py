"""Export the office's HQ workbook (上报工作簿) for a period: every area, masked ID numbers, fingerprints.

Which rows an area sheet holds (docs/hq-workbook.md):
- 职工名册, 困难职工档案: every record not archived, as it stands now (snapshots);
- 四期保护: cases in a period on the last day of the period, or with a date inside it, with the state on
  that last day;
- 体检筛查 (by exam or appointment day), 慰问记录 (visit day), 品牌活动 and 活动参与 (activity start),
  荣誉 (award day, else 1 January of its year): the records dated inside the period.

ID numbers are masked unless ``full_ids`` (an administrator's explicit request, written to the change log
by export_workbook). Bank accounts keep only their last four digits whatever is asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

import desktop
from db.migrate import head_revision
from db.models import Worker
from db.models_activities import Activity, ActivityBrand, ActivityParticipant, Honour
from db.models_condolences import CondolenceBatch, CondolenceVisit, HardshipFile
from db.models_exams import ExamAppointment, ExamPlan
from db.models_insurance import InsuranceClaim, InsuranceEnrolment
from db.models_rights import RightsRequest
from db.models_surveys import SurveyNeed
from desktop.core import activities as act
from desktop.core import condolences as cond
from desktop.core import enums, exams, hardship, idcard
from desktop.core import rights_requests as rights_core
from desktop.core import special_contracts as contract_core
from desktop.core import special_insurance as insurance_core
from desktop.core import surveys as survey_core
from desktop.core.errors import DomainError, PermissionDenied
from desktop.core.progress import Job
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.reports.hq import format as fmt
from desktop.reports.hq.export_xlsx import ExportInfo, write_hq_workbook
from desktop.services.contracts.contracts import clause_figures, contract_for_year
from desktop.services.contracts.contracts import facts_of as clause_facts
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook
from desktop.services.office import get_office, group_key, unit_labels
from desktop.services.protections.ledger import STATE_CHOICES, build_row, load_cases
from desktop.services.protections.rules import load_rulebook
from desktop.services.rights.requests import facts_of as request_facts
from desktop.services.rights.requests import scope as rights_scope

CHUNK = 2000
ENDED = "已结束"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(f"统计期间的结束日期 {self.end} 早于开始日期 {self.start}", field="period")

    @classmethod
    def year(cls, year: int) -> Period:
        if not 2000 <= year <= 2100:
            raise DomainError(f"年份 {year} 不在 2000–2100 之间", field="year")
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class _Person:
    uid: str
    name: str
    sex: str
    id_number: str
    fingerprint: str
    unit: str


class _People:
    """Every worker (archived ones too: their past visits and honours still count), loaded once."""

    def __init__(self, session: Session, *, key: str, full_ids: bool) -> None:
        labels = unit_labels(session)
        self.by_id: dict[int, _Person] = {}
        stmt = select(Worker.id, Worker.uid, Worker.name, Worker.sex, Worker.id_number, Worker.unit_id)
        for wid, uid, name, sex, number, unit_id in session.execute(stmt):
            self.by_id[wid] = _Person(
                uid,
                name,
                enums.label(enums.SEX, sex),
                number if full_ids else idcard.mask(number),
                fmt.fingerprint(number, key),
                labels.get(unit_id, ""),
            )

    def columns(self, worker_id: int) -> dict[str, object]:
        p = self.by_id[worker_id]
        return {
            "worker_record_id": p.uid,
            "name": p.name,
            "sex": p.sex,
            "id_number": p.id_number,
            "fingerprint": p.fingerprint,
            "unit": p.unit,
        }


def _roster(session: Session, people: _People) -> Iterator[dict[str, object]]:
    stmt = (
        select(
            Worker.id,
            Worker.birth_date,
            Worker.post,
            Worker.employment_type,
            Worker.union_member,
            Worker.union_join_date,
            Worker.hire_date,
            Worker.status,
        )
        .where(Worker.archived_at.is_(None))
        .order_by(Worker.id)
    )
    for wid, birth, post, employment, member, joined, hired, status in session.execute(stmt):
        row = people.columns(wid)
        # The year only, in full-ID exports too: there the number itself holds the date.
        row.update(
            record_id=row.pop("worker_record_id"),
            birth_year=birth.year if birth else None,
            post=post,
            employment=enums.label(enums.EMPLOYMENT_TYPE, employment),
            member=member,
            join_date=joined,
            hire_date=hired,
            status=enums.label(enums.WORKER_STATUS, status),
        )
        yield row


def _day(item: object) -> date | None:
    return getattr(item, "day", None)


def _protection(session: Session, people: _People, period: Period) -> Iterator[dict[str, object]]:
    book = load_rulebook(session)
    for case, worker, unit_name in load_cases(session, period.end):
        r = build_row(case, worker, unit_name, book, period.end)
        dates = [
            _day(d)
            for d in (
                r.lmp,
                r.due,
                r.delivery,
                r.leave_start,
                r.leave_end,
                r.lactation_end,
                r.miscarriage,
                r.miscarriage_leave_end,
            )
        ]
        if r.state_code is None and not any(d in period for d in dates if d is not None):
            continue
        row = people.columns(worker.id)
        row.update(
            record_id=r.uid,
            state=STATE_CHOICES[r.state_code] if r.state_code else ENDED,
            weeks=r.weeks,
            lmp=_day(r.lmp),
            due=_day(r.due),
            seven_month=_day(r.seven_month),
            delivery=_day(r.delivery),
            babies=r.babies if r.delivery else None,
            dystocia=r.dystocia if r.delivery else None,
            miscarriage=_day(r.miscarriage),
            leave_days=r.leave_days.value if r.leave_days is not None else None,
            leave_start=_day(r.leave_start),
            leave_end=_day(r.leave_end),
            lactation_end=_day(r.lactation_end),
            reassignment=r.reassignment,
            state_on=period.end,
        )
        yield row


def _exams(session: Session, people: _People, period: Period) -> Iterator[dict[str, object]]:
    day = func.coalesce(ExamAppointment.actual_date, ExamAppointment.scheduled_date)
    stmt = (
        select(
            ExamAppointment,
            ExamPlan.uid,
            ExamPlan.serial,
            ExamPlan.name,
            ExamPlan.exam_type,
            ExamPlan.year,
            ExamPlan.provider,
        )
        .join(ExamPlan, ExamAppointment.plan_id == ExamPlan.id)
        .where(ExamPlan.archived_at.is_(None), day >= period.start, day <= period.end)
        .order_by(ExamAppointment.id)
    ).execution_options(yield_per=CHUNK)
    for a, plan_uid, plan_serial, plan_name, exam_type, year, provider in session.execute(stmt):
        row = people.columns(a.worker_id)
        row.update(
            record_id=a.uid,
            plan_record_id=plan_uid,
            plan_serial=plan_serial,
            plan=plan_name,
            exam_type=enums.label(exams.EXAM_TYPE, exam_type),
            year=year,
            provider=provider,
            scheduled=a.scheduled_date,
            status=enums.label(exams.APPT_STATUS, a.status),
            actual=a.actual_date,
            result=enums.label(exams.RESULT, a.result) if a.result else "",
            follow_up_due=a.follow_up_due,
            follow_up_done=a.follow_up_done,
            period_date=a.actual_date or a.scheduled_date,
        )
        yield row


def _visits(session: Session, people: _People, period: Period) -> Iterator[dict[str, object]]:
    stmt = (
        select(CondolenceVisit, CondolenceBatch.serial, CondolenceBatch.title)
        .outerjoin(CondolenceBatch, CondolenceVisit.batch_id == CondolenceBatch.id)
        .where(
            CondolenceVisit.archived_at.is_(None),
            CondolenceVisit.visit_date >= period.start,
            CondolenceVisit.visit_date <= period.end,
        )
        .order_by(CondolenceVisit.id)
    ).execution_options(yield_per=CHUNK)
    for v, batch_serial, batch in session.execute(stmt):
        row = people.columns(v.worker_id)
        row.update(
            record_id=v.uid,
            serial=v.serial,
            occasion=enums.label(cond.OCCASIONS, v.occasion),
            festival=enums.label(cond.FESTIVALS, v.festival) if v.festival else "",
            relative=v.relative_name,
            relation=v.relative_relation,
            event_date=v.event_date,
            visit_date=v.visit_date,
            cash=v.cash_fen,
            goods=v.goods,
            goods_value=v.goods_fen or None,
            status=enums.label(cond.STATUS, v.status),
            approved_by=v.approved_by,
            approved_on=v.approved_on,
            paid_on=v.paid_on,
            override=bool(v.override_reason),
            override_rules=v.override_rules,
            override_reason=v.override_reason,
            visitors=v.visitors,
            batch_serial=batch_serial or "",
            batch=batch or "",
            period_date=v.visit_date,
        )
        yield row


def _hardship(session: Session, people: _People) -> Iterator[dict[str, object]]:
    stmt = select(HardshipFile).where(HardshipFile.archived_at.is_(None)).order_by(HardshipFile.id)
    for f in session.scalars(stmt):
        row = people.columns(f.worker_id)
        row.update(
            record_id=f.uid,
            serial=f.serial,
            grade=enums.label(hardship.GRADES, f.grade),
            main_cause=f.main_cause,
            secondary_causes=f.secondary_causes,
            health=f.health,
            disability=f.disability,
            housing=f.housing,
            single_parent=f.single_parent,
            own_income=f.own_income_fen,
            household_income=f.household_income_fen,
            household_size=f.household_size,
            per_capita=hardship.per_capita_fen(f.household_income_fen, max(f.household_size, 1)),
            bank=f.bank_name,
            bank_account=hardship.mask_account(f.bank_account),
            status=enums.label(hardship.STATUS, f.status),
            opened_on=f.opened_on,
            status_on=f.status_on,
            status_reason=f.status_reason,
            reviewed_on=f.last_reviewed_on,
        )
        yield row


def _activity_filter(period: Period) -> tuple[ColumnElement[bool], ...]:
    start = datetime.combine(period.start, datetime.min.time())
    end = datetime.combine(period.end, datetime.max.time())
    return (Activity.archived_at.is_(None), Activity.starts_at >= start, Activity.starts_at <= end)


def _activities(session: Session, period: Period) -> Iterator[dict[str, object]]:
    counts: dict[int, dict[str, int]] = {}
    stmt_counts = (
        select(ActivityParticipant.activity_id, ActivityParticipant.status, func.count())
        .join(Activity, ActivityParticipant.activity_id == Activity.id)
        .where(ActivityParticipant.archived_at.is_(None), *_activity_filter(period))
        .group_by(ActivityParticipant.activity_id, ActivityParticipant.status)
    )
    for activity_id, status, n in session.execute(stmt_counts):
        counts.setdefault(activity_id, {})[status] = n
    stmt = (
        select(Activity, ActivityBrand.name)
        .join(ActivityBrand, Activity.brand_id == ActivityBrand.id)
        .where(*_activity_filter(period))
        .order_by(Activity.starts_at, Activity.id)
    )
    for a, brand in session.execute(stmt):
        c = counts.get(a.id, {})
        yield {
            "serial": a.serial,
            "record_id": a.uid,
            "brand": brand,
            "title": a.title,
            "kind": enums.label(act.KINDS, a.kind),
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "place": a.place,
            "organiser": a.organiser,
            "target": a.target_group,
            "budget": a.budget_fen,
            "actual": a.actual_fen,
            "registered": sum(c.values()),
            "signed": c.get("signed", 0),
            "period_date": a.starts_at.date(),
        }


def _participants(session: Session, people: _People, period: Period) -> Iterator[dict[str, object]]:
    stmt = (
        select(
            ActivityParticipant, Activity.uid, Activity.serial, Activity.title, Activity.starts_at, ActivityBrand.name
        )
        .join(Activity, ActivityParticipant.activity_id == Activity.id)
        .join(ActivityBrand, Activity.brand_id == ActivityBrand.id)
        .where(ActivityParticipant.archived_at.is_(None), *_activity_filter(period))
        .order_by(Activity.starts_at, ActivityParticipant.id)
    ).execution_options(yield_per=CHUNK)
    for p, activity_uid, activity_serial, title, starts_at, brand in session.execute(stmt):
        row = people.columns(p.worker_id)
        row.pop("id_number")
        row.update(
            record_id=p.uid,
            activity_record_id=activity_uid,
            activity_serial=activity_serial,
            activity=title,
            brand=brand,
            status=enums.label(act.STATUSES, p.status),
            role=enums.label(act.ROLES, p.role),
            award=p.award_name,
            rank=p.award_rank,
            hours=None if p.hours_tenths is None else Decimal(p.hours_tenths).scaleb(-1),
            family=p.family_name,
            period_date=starts_at.date(),
        )
        yield row


def _honours(session: Session, people: _People, period: Period) -> Iterator[dict[str, object]]:
    stmt = (
        select(Honour, Activity.uid, Activity.serial)
        .outerjoin(Activity, Honour.activity_id == Activity.id)
        .where(Honour.archived_at.is_(None), Honour.year >= period.start.year, Honour.year <= period.end.year)
        .order_by(Honour.year, Honour.id)
    )
    for h, activity_uid, activity_serial in session.execute(stmt):
        day = h.awarded_on or date(h.year, 1, 1)
        if day not in period:
            continue
        row = people.columns(h.worker_id)
        row.pop("id_number")
        row.update(
            record_id=h.uid,
            serial=h.serial,
            year=h.year,
            title=h.title,
            level=enums.label(act.HONOUR_LEVELS, h.level),
            holder=h.family_name or row["name"],
            awarded_by=h.awarded_by,
            awarded_on=h.awarded_on,
            activity_record_id=activity_uid or "",
            activity_serial=activity_serial or "",
            family=h.family_name,
            period_date=day,
        )
        yield row


def year_slices(period: Period) -> list[Period]:
    """The period cut at year ends: the #19 sheets count per slice, so Jan–Jun and Jul–Dec add up."""
    return [
        Period(max(period.start, date(y, 1, 1)), min(period.end, date(y, 12, 31)))
        for y in range(period.start.year, period.end.year + 1)
    ]


def _slice_id(office_code: str, what: str, part: Period, line: str) -> str:
    return f"{office_code}-{what}-{part.start:%Y%m%d}-{part.end:%Y%m%d}-{line}"


def _contract_check(session: Session, period: Period) -> Iterator[dict[str, object]]:
    """Each year's check against the contract the year is measured by (none in force: no rows that year),
    with the figures as of the export, dated the slice's last day."""
    for part in year_slices(period):
        year = part.start.year
        contract = contract_for_year(session, year)
        if contract is None:
            continue
        items = [c for c in contract.clauses if c.archived_at is None]
        figures = [clause_figures(session, c, year) for c in items]
        check = contract_core.year_check(year, contract.title, [clause_facts(c) for c in items], figures)
        for clause, fig, row in zip(items, figures, check.rows, strict=True):
            yield {
                "record_id": f"{clause.uid}-{year}",
                "contract_record_id": contract.uid,
                "contract": contract.title,
                "year": year,
                "article": clause.article,
                "kind": contract_core.CLAUSE_KINDS.get(clause.kind, clause.kind),
                "promise": row.promise,
                "promised": clause.value,
                "unit": contract_core.unit_of(clause.kind, clause.unit),
                "target": clause.target_percent,
                "done": fig.done,
                "of": fig.of,
                "actual": row.actual,
                "verdict": row.verdict_label,
                "explanation": row.explanation,
                "period_date": part.end,
            }


def _insurance(session: Session, period: Period, office_code: str) -> Iterator[dict[str, object]]:
    """Per slice: enrolments whose coverage starts in it (premiums by payer), then claims diagnosed in it,
    one row per diagnosis class — counts and amounts, no person."""
    e, c = InsuranceEnrolment, InsuranceClaim
    for part in year_slices(period):
        base = {"year": part.start.year, "slice_from": part.start, "period_date": part.end}
        by_payer = {
            payer: (n, fen)
            for payer, n, fen in session.execute(
                select(e.payer, func.count(), func.coalesce(func.sum(e.premium_fen), 0))
                .where(e.archived_at.is_(None), e.coverage_start >= part.start, e.coverage_start <= part.end)
                .group_by(e.payer)
            )
        }
        if by_payer:
            yield {
                **base,
                "record_id": _slice_id(office_code, "INS", part, "enrol"),
                "line": "参保",
                "enrolled": sum(n for n, _ in by_payer.values()),
                "premium": sum(fen for _, fen in by_payer.values()),
                "union_paid": by_payer.get("union", (0, 0))[1],
                "worker_paid": by_payer.get("worker", (0, 0))[1],
                "shared_paid": by_payer.get("shared", (0, 0))[1],
            }
        paid = c.status == "paid"
        claims = {
            code: rest
            for code, *rest in session.execute(
                select(
                    c.diagnosis,
                    func.count(),
                    func.coalesce(func.sum(c.claimed_fen), 0),
                    func.count().filter(paid),
                    func.coalesce(func.sum(c.paid_fen).filter(paid), 0),
                )
                .where(c.archived_at.is_(None), c.diagnosis_date >= part.start, c.diagnosis_date <= part.end)
                .group_by(c.diagnosis)
            )
        }
        # The plan's order of classes, then any code a local plan added.
        for code in [*insurance_core.DIAGNOSES, *sorted(set(claims) - set(insurance_core.DIAGNOSES))]:
            if code not in claims:
                continue
            n, claimed, n_paid, paid_fen = claims[code]
            yield {
                **base,
                "record_id": _slice_id(office_code, "INS", part, f"claim-{code}"),
                "line": "互助金申请",
                "diagnosis": insurance_core.DIAGNOSES.get(code, code),
                "claims": n,
                "claimed": claimed,
                "paid_claims": n_paid,
                "paid": paid_fen,
            }


def _rights(session: Session, period: Period, office_code: str) -> Iterator[dict[str, object]]:
    """Per slice and category: requests received, the stage reached, closed, satisfaction — no names."""
    codes = {label: code for code, label in rights_core.CATEGORIES.items()}
    for part in year_slices(period):
        requests = session.scalars(
            select(RightsRequest).where(
                RightsRequest.archived_at.is_(None),
                RightsRequest.received_on >= part.start,
                RightsRequest.received_on <= part.end,
            )
        )
        for r in rights_core.summarise((q.category, request_facts(q)) for q in requests):
            if r.category == "合计" or not r.total:  # the merge and 汇总 sum the categories themselves
                continue
            yield {
                "record_id": _slice_id(office_code, "RIGHTS", part, codes.get(r.category, r.category)),
                "year": part.start.year,
                "category": r.category,
                "total": r.total,
                **r.by_stage,
                "legal_aid": r.legal_aid,
                "closed": r.closed,
                "resolved": r.resolved,
                "satisfied": r.satisfied,
                "asked": r.asked,
                "slice_from": part.start,
                "period_date": part.end,
            }


def _needs(session: Session, period: Period, office_code: str) -> Iterator[dict[str, object]]:
    """Per slice and need category: live needs collected in it and the step each has reached — no text, no names."""
    n = SurveyNeed
    for part in year_slices(period):
        counts: dict[str, dict[str, int]] = {}
        for category, status, k in session.execute(
            select(n.category, n.status, func.count())
            .where(n.archived_at.is_(None), n.collected_on >= part.start, n.collected_on <= part.end)
            .group_by(n.category, n.status)
        ):
            counts.setdefault(category, {})[status] = int(k)
        for code in [*survey_core.NEED_CATEGORIES, *sorted(set(counts) - set(survey_core.NEED_CATEGORIES))]:
            if code not in counts:
                continue
            steps = counts[code]
            yield {
                "record_id": _slice_id(office_code, "NEEDS", part, code),
                "year": part.start.year,
                "category": survey_core.NEED_CATEGORIES.get(code, code),
                "total": sum(steps.values()),
                **{s: steps.get(s, 0) for s in survey_core.STATUS_ORDER},
                "slice_from": part.start,
                "period_date": part.end,
            }


def _may_see_rights(session: Session) -> bool:
    try:
        return rights_scope(session).everything
    except PermissionDenied:
        return False


AREA_TITLES: tuple[str, ...] = tuple(s.title for s in fmt.AREA_SHEETS)
RIGHTS_TITLE = fmt.RIGHTS.title  # needs Permission.RIGHTS (the export dialog greys it out without)


def export_hq_workbook(
    db: Database,
    path: Path,
    period: Period,
    *,
    areas: Iterable[str] | None = None,
    full_ids: bool = False,
    job: Job | None = None,
    now: datetime | None = None,
    reason: str = "",
) -> dict[str, int]:
    """Write the HQ workbook for ``period``; ``areas`` (sheet titles) limits the area sheets. Returns the
    rows per sheet. Raises Cancelled with no file written, DomainError when something is missing."""
    chosen = list(AREA_TITLES if areas is None else areas)
    unknown = [a for a in chosen if a not in fmt.AREA_BY_TITLE]
    if unknown:
        raise DomainError(f"未知的数据板块：{'、'.join(unknown)}（可选：{'、'.join(AREA_TITLES)}）", field="areas")
    if not chosen:
        raise DomainError("至少选择一个数据板块", field="areas")
    counts: dict[str, int] = {}

    def fill(session: Session, workbook: StreamWorkbook) -> int:
        office = get_office(session)
        if office is None:
            raise DomainError("还没有填写单位代码和工会名称（设置 → 单位与组织），上报工作簿无法标明来源")
        key = group_key(session)  # decrypted with the signed-in account's file secret; "" when none is set
        people = _People(session, key=key, full_ids=full_ids)
        makers: Mapping[str, Iterable[dict[str, object]]] = {
            "职工名册": _roster(session, people),
            "四期保护": _protection(session, people, period),
            "体检筛查": _exams(session, people, period),
            "慰问记录": _visits(session, people, period),
            "困难职工档案": _hardship(session, people),
            "品牌活动": _activities(session, period),
            "活动参与": _participants(session, people, period),
            "荣誉": _honours(session, people, period),
            fmt.CONTRACT_CHECK.title: _contract_check(session, period),
            fmt.INSURANCE.title: _insurance(session, period, office.code),
            fmt.RIGHTS.title: _rights(session, period, office.code),
            fmt.NEEDS.title: _needs(session, period, office.code),
        }
        if fmt.RIGHTS.title in chosen and not _may_see_rights(session):
            if areas is not None:
                raise PermissionDenied(
                    f"当前账户不能查看维权诉求，不能导出“{fmt.RIGHTS.title}”；请取消该板块，"
                    "或由管理员、审批/领导账户导出"
                )
            chosen.remove(fmt.RIGHTS.title)
        info = ExportInfo(
            office_code=office.code,
            office_name=office.name,
            exported_at=(now or datetime.now()).replace(microsecond=0),
            period_from=period.start,
            period_to=period.end,
            program_version=desktop.__version__,
            schema_version=head_revision(),
            full_ids=full_ids,
            fingerprints=bool(key),
            key_id=fmt.key_fingerprint(key),
        )
        sheets = [(fmt.AREA_BY_TITLE[t], makers[t]) for t in AREA_TITLES if t in chosen]
        counts.update(write_hq_workbook(workbook, info, sheets, key=key, job=job))
        return sum(counts.values())

    export_workbook(
        db,
        path,
        fill,
        entity="hq_workbook",
        full_ids=full_ids,
        job=job,
        reason=reason,
        log_details={"from": period.start.isoformat(), "to": period.end.isoformat()},
    )
    return counts
