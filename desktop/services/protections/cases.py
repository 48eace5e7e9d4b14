"""Protection cases (四期保护): register a pregnancy, record what happens, archive — one use case each.

A case stores only what the clerk learned (dates, babies, a reassignment); every derived date comes from
desktop.core.protection_timeline with the rules in force on the case's deciding day
(desktop.services.protections.rules). Each write validates the whole resulting case with the core, so a
delivery date that contradicts the due date is refused the moment it is typed, naming the field.

One woman, one pregnancy at a time: a case's pregnancy runs from LMP to the delivery or miscarriage
(open-ended while neither is recorded), and two cases of the same woman may not overlap. So a second
registration is refused while one is open, yet a new pregnancy during the lactation of the previous
child is possible.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, ProtectionCase, Worker, utcnow
from desktop.core import enums, hazards
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.protection_timeline import PregnancyCase, ProtectionState, Timeline, build_timeline, state_on
from desktop.core.protections import ProtectionRules, as_date, check_babies, check_dystocia
from desktop.services import audit, lookup
from desktop.services.protections.rules import RuleBook, case_rules, load_rulebook, thaw
from desktop.services.roster.workers import new_uid

ENTITY = "protection_case"


@dataclass(frozen=True)
class CaseDraft:
    """Everything the clerk may enter for one case; the edit dialog works on this."""

    lmp: date | None = None
    due_date: date | None = None
    doctor_certificate: bool = False
    reduced_workload: str = ""
    reassigned_from_post: str = ""
    reassigned_to_post: str = ""
    reassigned_to_hazards: str = ""
    reassigned_on: date | None = None
    delivery_date: date | None = None
    dystocia: bool = False
    babies: int = 1
    miscarriage_date: date | None = None
    leave_start: date | None = None
    return_to_work: date | None = None
    lactation_stopped: date | None = None
    notes: str = ""


DRAFT_FIELDS = [f.name for f in fields(CaseDraft)]

FIELD_LABELS: dict[str, str] = {
    "lmp": "末次月经",
    "due_date": "预产期",
    "doctor_certificate": "医生证明",
    "reduced_workload": "减轻工作量",
    "reassigned_from_post": "原岗位",
    "reassigned_to_post": "调整后岗位",
    "reassigned_to_hazards": "调整后岗位危害条件",
    "reassigned_on": "调岗日期",
    "delivery_date": "分娩日期",
    "dystocia": "难产",
    "babies": "婴儿数",
    "miscarriage_date": "流产日期",
    "leave_start": "产假开始日期",
    "return_to_work": "返岗日期",
    "lactation_stopped": "停止哺乳日期",
    "notes": "备注",
}

# The core names its fields after the rule (due, delivery); the dialog after the column (due_date …).
_CORE_FIELD = {"due": "due_date", "delivery": "delivery_date", "miscarriage": "miscarriage_date"}

# Events that cannot lie in the future: recording them early would print a birth that has not happened.
_PAST_ONLY = ("lmp", "delivery_date", "miscarriage_date", "lactation_stopped")

_POST_MAX = 50


def to_core(m: ProtectionCase | CaseDraft) -> PregnancyCase:
    """The core's view of a stored case or a draft."""
    return PregnancyCase(
        lmp=m.lmp,
        due=m.due_date,
        delivery=m.delivery_date,
        babies=m.babies,
        dystocia=m.dystocia,
        miscarriage=m.miscarriage_date,
        leave_start=m.leave_start,
        return_to_work=m.return_to_work,
        lactation_stopped=m.lactation_stopped,
    )


def evaluate(
    case: PregnancyCase, book: RuleBook, *, fallback: date, frozen: ProtectionRules | None = None
) -> tuple[Timeline, ProtectionRules]:
    """The timeline under the case's frozen rules (#18 item 5) or else the rules of its deciding day;
    raises DomainError on contradictory facts."""
    rules = case_rules(case, book, fallback=fallback, frozen=frozen)
    return build_timeline(case, rules), rules


def frozen_rules(case: ProtectionCase) -> ProtectionRules | None:
    """The rules a case kept when a later rule change would have moved it (None: it follows the rule data)."""
    return thaw(case.rules_frozen)


# --- reading ---------------------------------------------------------------------------------------


def get_case(session: Session, case_id: int) -> ProtectionCase:
    return lookup.fetch(session, ProtectionCase, case_id, "该保护登记不存在（可能已被他人修改），请刷新")


def get_draft(session: Session, case_id: int) -> CaseDraft:
    case = get_case(session, case_id)
    return CaseDraft(**audit.snapshot(case, DRAFT_FIELDS))


def worker_case_ids(session: Session, worker_id: int, *, include_archived: bool = False) -> list[int]:
    """Her cases, newest pregnancy first, for the detail pane's history."""
    stmt = select(ProtectionCase.id).where(ProtectionCase.worker_id == worker_id)
    if not include_archived:
        stmt = stmt.where(ProtectionCase.archived_at.is_(None))
    # Cases of one woman never overlap, so any of their dates orders them.
    newest = func.coalesce(ProtectionCase.due_date, ProtectionCase.delivery_date, ProtectionCase.lmp)
    stmt = stmt.order_by(newest.desc(), ProtectionCase.id.desc())
    return list(session.scalars(stmt))


def case_timeline(session: Session, case_id: int, on: date | None = None) -> tuple[Timeline, ProtectionState | None]:
    """Her explained dates and her state on ``on`` (today by default), with the rules in force."""
    day = on or date.today()
    case = get_case(session, case_id)
    core = to_core(case)
    timeline, rules = evaluate(core, load_rulebook(session), fallback=day, frozen=frozen_rules(case))
    return timeline, state_on(core, day, rules)


def case_history(session: Session, case_id: int) -> list[AuditEntry]:
    return audit.history(session, ENTITY, case_id)


# --- writing ---------------------------------------------------------------------------------------


def register_pregnancy(
    session: Session,
    worker_id: int,
    *,
    lmp: date | None = None,
    due_date: date | None = None,
    doctor_certificate: bool = False,
    reduced_workload: str = "",
    notes: str = "",
    actor: str,
    today: date | None = None,
) -> ProtectionCase:
    """Open a case when a woman reports her pregnancy; LMP or due date (or both) is required."""
    if lmp is None and due_date is None:
        raise FieldErrors({"lmp": "请填写末次月经或预产期（至少一项）"})
    draft = CaseDraft(
        lmp=lmp,
        due_date=due_date,
        doctor_certificate=doctor_certificate,
        reduced_workload=reduced_workload,
        notes=notes,
    )
    return add_case(session, worker_id, draft, actor=actor, today=today)


def add_case(
    session: Session, worker_id: int, draft: CaseDraft, *, actor: str, today: date | None = None
) -> ProtectionCase:
    """Store a case with any facts already known (a history entered late, an import, demo data)."""
    worker = _woman(session, worker_id)
    clean = _check(session, draft, worker=worker, case_id=None, today=today)
    now = utcnow()
    case = ProtectionCase(
        uid=new_uid(session),
        worker_id=worker.id,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
        **asdict(clean),
    )
    audit.add(session, case, fields=DRAFT_FIELDS, actor=actor, entity=ENTITY, parent={"worker_id": worker.id})
    return case


def update_case(
    session: Session, case_id: int, draft: CaseDraft, *, actor: str, today: date | None = None
) -> ProtectionCase:
    """Save the edit dialog: every field at once, validated as a whole."""
    return _apply(session, case_id, draft, action="update", actor=actor, today=today)


def record_delivery(
    session: Session,
    case_id: int,
    *,
    delivery_date: date,
    babies: int = 1,
    dystocia: bool = False,
    actor: str,
    today: date | None = None,
) -> ProtectionCase:
    """The birth; a planned leave start after the birth moves to the birth (see ``with_delivery``)."""
    draft = get_draft(session, case_id)
    if draft.miscarriage_date is not None:
        raise FieldErrors({"delivery_date": "该登记已记录流产，不能再记录分娩；如流产日期录错，请先编辑删去"})
    if delivery_date is None:
        raise FieldErrors({"delivery_date": "请填写分娩日期"})
    changed = with_delivery(draft, delivery_date=delivery_date, babies=babies, dystocia=dystocia)
    # The moved leave start is saved with the birth, so the change log shows it as 产假开始日期: old → new.
    return _apply(session, case_id, changed, action="delivery", actor=actor, today=today)


def with_delivery(draft: CaseDraft, *, delivery_date: date, babies: int = 1, dystocia: bool = False) -> CaseDraft:
    """The case once the birth is recorded, as ``record_delivery`` saves it (the dialog previews the same).

    A leave start later than the birth can only have been a plan she never took: she delivered before
    starting leave, so her leave starts on the delivery date (domain.md §3). It becomes that date rather
    than empty, because empty means due − 15 days, which may lie before a birth she worked up to. A leave
    start equal to the previously recorded birth meant "from the birth", so it follows a corrected birth
    date. Any other leave start stays as entered, and the core still refuses one more than 15 days before
    the birth.
    """
    leave_start = draft.leave_start
    planned_later = isinstance(leave_start, date) and isinstance(delivery_date, date) and leave_start > delivery_date
    from_old_birth = leave_start is not None and leave_start == draft.delivery_date
    if planned_later or from_old_birth:
        leave_start = delivery_date
    return replace(draft, delivery_date=delivery_date, babies=babies, dystocia=dystocia, leave_start=leave_start)


def delivery_note(before: CaseDraft, after: CaseDraft) -> str:
    """What recording the birth changed besides the birth itself, for the dialog to tell the clerk."""
    if before.leave_start is None or after.leave_start is None or after.leave_start == before.leave_start:
        return ""
    old, new = before.leave_start.isoformat(), after.leave_start.isoformat()
    if before.leave_start > after.leave_start:
        why = "分娩早于产假开始时，产假从分娩当天开始"
    else:
        why = "原产假开始日即原分娩日，随分娩日期更正"
    return f"已登记的产假开始日期 {old} 将改为分娩日 {new}（{why}）"


def record_miscarriage(
    session: Session, case_id: int, *, miscarriage_date: date, actor: str, today: date | None = None
) -> ProtectionCase:
    draft = get_draft(session, case_id)
    if draft.delivery_date is not None:
        raise FieldErrors({"miscarriage_date": "该登记已记录分娩，不能再记录流产；如分娩日期录错，请先编辑删去"})
    if miscarriage_date is None:
        raise FieldErrors({"miscarriage_date": "请填写流产日期"})
    # A planned maternity-leave start has no meaning after a miscarriage; the core would refuse it.
    changed = replace(draft, miscarriage_date=miscarriage_date, leave_start=None)
    return _apply(session, case_id, changed, action="miscarriage", actor=actor, today=today)


def record_leave_start(
    session: Session, case_id: int, *, leave_start: date | None, actor: str, today: date | None = None
) -> ProtectionCase:
    """The day she actually starts maternity leave; None goes back to the default (due − 15 days)."""
    changed = replace(get_draft(session, case_id), leave_start=leave_start)
    return _apply(session, case_id, changed, action="leave_start", actor=actor, today=today)


def record_return(
    session: Session, case_id: int, *, return_to_work: date | None, actor: str, today: date | None = None
) -> ProtectionCase:
    changed = replace(get_draft(session, case_id), return_to_work=return_to_work)
    return _apply(session, case_id, changed, action="return", actor=actor, today=today)


def record_reassignment(
    session: Session,
    case_id: int,
    *,
    to_post: str,
    to_hazards: str,
    reassigned_on: date,
    from_post: str | None = None,
    actor: str,
    today: date | None = None,
) -> ProtectionCase:
    """She moves to a post without the prohibited work; from_post defaults to her roster post."""
    case = get_case(session, case_id)
    if from_post is None:
        from_post = case.worker.post
    changed = replace(
        get_draft(session, case_id),
        reassigned_from_post=from_post,
        reassigned_to_post=to_post,
        reassigned_to_hazards=to_hazards,
        reassigned_on=reassigned_on,
    )
    return _apply(session, case_id, changed, action="reassign", actor=actor, today=today)


def stop_lactation(
    session: Session, case_id: int, *, last_day: date | None, actor: str, today: date | None = None
) -> ProtectionCase:
    """``last_day`` is the last day she still breastfed; protection ends after it. None undoes it."""
    draft = get_draft(session, case_id)
    if last_day is not None and draft.delivery_date is None:
        raise FieldErrors({"lactation_stopped": "尚未记录分娩，不能填写停止哺乳日期"})
    changed = replace(draft, lactation_stopped=last_day)
    return _apply(session, case_id, changed, action="stop_lactation", actor=actor, today=today)


def archive_case(session: Session, case_id: int, *, actor: str, archived: bool = True) -> ProtectionCase:
    """Take a case off every list (e.g. registered by mistake, or she left); restore brings it back."""
    case = get_case(session, case_id)
    if (case.archived_at is not None) == archived:
        return case
    if not archived:
        _check_overlap(
            session, case.worker_id, get_draft(session, case_id), case_id, load_rulebook(session), date.today()
        )
    audit.set_archived(session, case, archived, entity=ENTITY, actor=actor, flag=True)
    return case


def recalculate_case(session: Session, case_id: int, *, actor: str, today: date | None = None) -> ProtectionCase:
    """重新计算 (#18 item 5): drop the rules a case kept after a rule change, so it follows the rule data in
    force on its deciding day again. The history records the dates and numbers before and after."""
    case = get_case(session, case_id)
    if case.archived_at is not None:
        raise DomainError("该保护登记已归档，不能重新计算；如需修改请先恢复")
    kept = frozen_rules(case)
    if kept is None:
        raise DomainError("该登记已按现行规则计算，无需重新计算")
    day = today or date.today()
    core = to_core(case)
    book = load_rulebook(session)
    old, _ = evaluate(core, book, fallback=day, frozen=kept)
    try:
        new, _ = evaluate(core, book, fallback=day)
    except DomainError as e:
        raise DomainError(f"按现行规则重新计算时登记不成立：{e.message}；请先编辑更正，原规则保持不变") from None
    before = {label: value for label, value, _r in old.rows()}
    after = {label: value for label, value, _r in new.rows()}
    changed = [k for k in [*after, *before] if before.get(k) != after.get(k)]
    since = case.rules_frozen_on.isoformat() if case.rules_frozen_on else "变更前"
    case.rules_frozen, case.rules_frozen_on = "", None
    case.updated_at, case.updated_by = utcnow(), actor
    audit.record(
        session,
        actor=actor,
        action="recalculate",
        entity=ENTITY,
        entity_id=case.id,
        before={"适用规则": f"保留的 {since} 有效的规则", **{k: before.get(k, "（无）") for k in changed}},
        after={"适用规则": "现行规则数据", **{k: after.get(k, "（无）") for k in changed}},
    )
    return case


# --- checks ----------------------------------------------------------------------------------------


def _apply(
    session: Session, case_id: int, draft: CaseDraft, *, action: str, actor: str, today: date | None
) -> ProtectionCase:
    case = get_case(session, case_id)
    if case.archived_at is not None:
        raise DomainError("该保护登记已归档，不能修改；如需修改请先恢复")
    clean = _check(session, draft, worker=case.worker, case_id=case_id, today=today, frozen=frozen_rules(case))
    audit.update(session, case, asdict(clean), fields=DRAFT_FIELDS, actor=actor, entity=ENTITY, action=action)
    return case


def _woman(session: Session, worker_id: int) -> Worker:
    worker = session.get(Worker, worker_id)
    if worker is None:
        raise DomainError("该职工记录不存在（可能已被他人修改），请刷新", field="worker_id")
    if worker.sex != "F":
        raise DomainError(f"“{worker.name}”是男职工；四期保护只为女职工登记", field="worker_id")
    if worker.archived_at is not None:
        raise DomainError(f"“{worker.name}”已归档，不能登记；如仍在职请先在名册中恢复", field="worker_id")
    if worker.status != "on_roll":
        status = enums.label(enums.WORKER_STATUS, worker.status)
        raise DomainError(f"“{worker.name}”的人员状态为“{status}”，只能为在册职工登记", field="worker_id")
    return worker


def _check(
    session: Session,
    draft: CaseDraft,
    *,
    worker: Worker,
    case_id: int | None,
    today: date | None,
    frozen: ProtectionRules | None = None,
) -> CaseDraft:
    """A cleaned copy, or FieldErrors naming every wrong field; then the core checks the case as a whole."""
    today = today or date.today()
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    for name in (
        "lmp",
        "due_date",
        "reassigned_on",
        "delivery_date",
        "miscarriage_date",
        "leave_start",
        "return_to_work",
        "lactation_stopped",
    ):
        try:
            day = as_date(getattr(draft, name), field=name, label=FIELD_LABELS[name], required=False)
        except DomainError as e:
            errors[name] = e.message
            continue
        if day is not None and name in _PAST_ONLY and day > today:
            errors[name] = f"{FIELD_LABELS[name]} {day.isoformat()} 晚于今天（{today.isoformat()}），请核对"
        values[name] = day
    try:
        values["babies"] = check_babies(draft.babies)
    except DomainError as e:
        errors["babies"] = e.message
    try:
        values["dystocia"] = check_dystocia(draft.dystocia)
    except DomainError as e:
        errors["dystocia"] = e.message
    values["doctor_certificate"] = bool(draft.doctor_certificate)
    for name in ("reduced_workload", "notes", "reassigned_from_post", "reassigned_to_post"):
        values[name] = " ".join(str(getattr(draft, name) or "").split())
    for name in ("reassigned_from_post", "reassigned_to_post"):
        if len(str(values[name])) > _POST_MAX:
            errors[name] = f"{FIELD_LABELS[name]}过长（最多{_POST_MAX}个字）"
    try:
        values["reassigned_to_hazards"] = hazards.encode(hazards.decode(draft.reassigned_to_hazards))
    except DomainError as e:
        errors["reassigned_to_hazards"] = e.message

    if not errors:
        _check_reassignment(values, errors)
    if (
        not errors
        and values.get("lmp") is None
        and values.get("due_date") is None
        and values.get("delivery_date") is None
    ):
        errors["lmp"] = "请填写末次月经或预产期（至少一项）"
    if errors:
        raise FieldErrors(errors)

    clean = CaseDraft(**values)  # type: ignore[arg-type]  # values: the draft's fields by name, cleaned above
    book = load_rulebook(session)
    try:
        timeline, _ = evaluate(to_core(clean), book, fallback=today, frozen=frozen)
    except DomainError as e:
        field = _CORE_FIELD.get(e.field or "", e.field or "lmp")
        raise FieldErrors({field: e.message}) from None
    if clean.reassigned_on is not None and timeline.lmp is not None and clean.reassigned_on < timeline.lmp.day:
        raise FieldErrors(
            {
                "reassigned_on": f"调岗日期 {clean.reassigned_on.isoformat()} 早于末次月经 "
                f"{timeline.lmp.day.isoformat()}，请核对"
            }
        )
    _check_overlap(session, worker.id, clean, case_id, book, today)
    return clean


def _check_reassignment(values: dict[str, object], errors: dict[str, str]) -> None:
    any_given = values["reassigned_to_post"] or values["reassigned_to_hazards"] or values["reassigned_from_post"]
    if values.get("reassigned_on") is None:
        if any_given:
            errors["reassigned_on"] = "请填写调岗日期"
    elif not values["reassigned_to_post"]:
        errors["reassigned_to_post"] = "请填写调整后的岗位"


def _pregnancy_span(
    case: PregnancyCase, book: RuleBook, today: date, frozen: ProtectionRules | None = None
) -> tuple[date, date | None]:
    """LMP through the end of the pregnancy; the end is None while neither birth nor miscarriage is known."""
    timeline, rules = evaluate(case, book, fallback=today, frozen=frozen)
    end = case.delivery or case.miscarriage
    if timeline.lmp is not None:
        start = timeline.lmp.day
    else:  # only a delivery date was entered
        assert end is not None
        start = end - timedelta(days=rules.pregnancy_days)
    return start, end


def _check_overlap(
    session: Session, worker_id: int, draft: CaseDraft, case_id: int | None, book: RuleBook, today: date
) -> None:
    stmt = select(ProtectionCase).where(ProtectionCase.worker_id == worker_id, ProtectionCase.archived_at.is_(None))
    if case_id is not None:
        stmt = stmt.where(ProtectionCase.id != case_id)
    others = list(session.scalars(stmt))
    if not others:
        return
    start, end = _pregnancy_span(to_core(draft), book, today)
    for other in others:
        try:
            o_start, o_end = _pregnancy_span(to_core(other), book, today, frozen_rules(other))
        except DomainError:
            continue  # a stored case that no longer passes the rules is flagged in the ledger instead
        if o_end is None and (end is None or end >= o_start):
            what = f"预产期 {other.due_date.isoformat()}" if other.due_date else f"末次月经 {o_start.isoformat()}"
            raise DomainError(
                f"{other.worker.name}已有一条尚未结束的妊娠登记（{what}），同一时间只能有一条；"
                "请在该登记中记录分娩或流产，或将误登的一条归档",
                field="lmp",
            )
        if (end is None or end >= o_start) and (o_end is None or o_end >= start):
            assert o_end is not None
            raise DomainError(
                f"与{other.worker.name}的另一条妊娠登记（{o_start.isoformat()} 至 {o_end.isoformat()}）时间重叠，"
                "请核对末次月经、预产期和分娩日期",
                field="lmp",
            )
