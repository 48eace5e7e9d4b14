"""Policy numbers of the four-period rules as dated rule data (table ``rule_value``).

design.md: regional and policy numbers live in the database with an effective date, defaults from
domain.md. A change never edits history: it is a row valid from its date on, so a woman who gave birth
before an amendment keeps the leave she was granted, and one who gives birth after it gets the new one.

Which day decides the rules of a case (``deciding_day``): the day the entitlement arises —
the delivery date; for a miscarriage the miscarriage date; for a pregnancy not yet ended the due date
(derived from LMP + 280 days when only LMP is known). So a planned leave shown before the birth may
change once the real delivery date is recorded, exactly as the leave itself would.

Backdated changes (#18 item 5): a change reaches every case whose deciding day is on or after its date,
including cases already on leave. ``preview_change`` lists the cases a change would move; ``set_rule`` refuses
a change dated before today that moves any case unless the caller confirms it (the dialog asks). A case whose
leave has started keeps the rules it had: they are frozen on the case (``rules_frozen``), recorded in its
history, until the clerk recalculates it (``protections.recalculate_case``). A case not yet on leave follows the
new rule, and its history records what moved.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ProtectionCase, RuleValue, Unit, Worker, utcnow
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.protection_timeline import PregnancyCase, Timeline, build_timeline
from desktop.core.protections import ProtectionRules, as_date, whole_number
from desktop.core.roles import Permission
from desktop.services import access, audit

ENTITY = "rule_value"

_LAW = "国务院令第619号《女职工劳动保护特别规定》"
_IM = "内蒙古自治区人口与计划生育条例"
_CONVENTION = "本程序计算约定（domain.md §3）"


@dataclass(frozen=True)
class RuleDef:
    """One editable number: how it is named, its default and the plausible range a clerk may enter."""

    key: str
    label: str
    unit: str
    default: int
    low: int
    high: int
    source: str
    confirmed: bool = True
    """False where the legal text could not be checked (domain.md: 育儿假), shown as "待核实"."""
    in_rules: bool = True
    """True for the numbers the date calculations use (fields of ProtectionRules)."""


def _d(name: str) -> int:
    value = next(f.default for f in fields(ProtectionRules) if f.name == name)
    assert isinstance(value, int)
    return value


# Upper bounds catch typing slips (600 for 60) before they reach a form; the core checks the rest.
RULE_DEFS: tuple[RuleDef, ...] = (
    RuleDef("base_maternity_days", "产假基础天数", "天", _d("base_maternity_days"), 1, 365, f"{_LAW}第七条"),
    RuleDef("dystocia_extra_days", "难产增加", "天", _d("dystocia_extra_days"), 0, 180, f"{_LAW}第七条"),
    RuleDef("extra_baby_days", "多胞胎每多一个婴儿增加", "天", _d("extra_baby_days"), 0, 180, f"{_LAW}第七条"),
    RuleDef("regional_extension_days", "内蒙古延长产假", "天", _d("regional_extension_days"), 0, 365, _IM),
    RuleDef("max_prenatal_days", "产前假最多", "天", _d("max_prenatal_days"), 0, 60, f"{_LAW}第七条"),
    RuleDef("miscarriage_short_days", "流产不满4个月", "天", _d("miscarriage_short_days"), 1, 180, f"{_LAW}第七条"),
    RuleDef("miscarriage_long_days", "流产满4个月", "天", _d("miscarriage_long_days"), 1, 180, f"{_LAW}第七条"),
    RuleDef(
        "miscarriage_threshold_months",
        "流产假分界（怀孕月数）",
        "个月",
        _d("miscarriage_threshold_months"),
        1,
        9,
        f"{_LAW}第七条",
    ),
    RuleDef(
        "seven_month_months",
        "孕晚期禁夜班加班起始（怀孕月数）",
        "个月",
        _d("seven_month_months"),
        1,
        9,
        f"{_LAW}第六条",
    ),
    RuleDef(
        "breastfeeding_hours_per_baby",
        "哺乳时间每婴每天",
        "小时",
        _d("breastfeeding_hours_per_baby"),
        0,
        8,
        f"{_LAW}第九条",
    ),
    RuleDef("lactation_months", "哺乳期（婴儿月龄）", "个月", _d("lactation_months"), 1, 24, f"{_LAW}第九条"),
    RuleDef(
        "menstrual_leave_days",
        "经期假（合同约定）",
        "天",
        _d("menstrual_leave_days"),
        0,
        10,
        "1992年内蒙古规定已废止，默认0；生效的专项集体合同有经期假条款且天数更多时按合同（#19）",
    ),
    RuleDef("pregnancy_days", "孕期天数（预产期−末次月经）", "天", _d("pregnancy_days"), 250, 308, _CONVENTION),
    # #18 item 10: decree 619 does not say how its months are counted; the office may choose weeks.
    RuleDef(
        "months_in_weeks",
        "怀孕月数计法（0=自然月，1=按周：7个月=28周，4个月=16周）",
        "",
        _d("months_in_weeks"),
        0,
        1,
        f"{_LAW}未规定怀孕月数的计法；默认按末次月经起的自然月（{_CONVENTION}）",
    ),
    # Not used by the date calculations yet, but the office quotes them and domain.md §2 asks to keep
    # them editable; they are read with ``value_on``.
    RuleDef("nursing_leave_days", "男方护理假", "天", 25, 0, 90, _IM, in_rules=False),
    RuleDef("marriage_leave_days", "婚假（国家3天+延长15天）", "天", 18, 0, 60, _IM, in_rules=False),
    RuleDef(
        "parental_leave_days",
        "育儿假（每年每人，子女满3周岁前）",
        "天",
        10,
        0,
        60,
        f"{_IM}（未核实原文）",
        confirmed=False,
        in_rules=False,
    ),
)

RULE_BY_KEY: dict[str, RuleDef] = {d.key: d for d in RULE_DEFS}


@dataclass(frozen=True)
class RuleChange:
    """One stored row: the value valid from ``effective_from`` until the next row of the same key."""

    id: int
    key: str
    value: int
    effective_from: date
    note: str
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class RuleInfo:
    """One rule for the settings screen: its definition, the value on the asked day, and its history."""

    key: str
    label: str
    unit: str
    default: int
    source: str
    confirmed: bool
    in_rules: bool
    value: int
    """In force on the day asked (the default when no row applies yet)."""
    effective_from: date | None
    """Since when ``value`` applies; None while it is the built-in default."""
    history: list[RuleChange]
    """Every stored row, oldest first; later rows (future changes) included."""


class RuleBook:
    """All stored rule rows, loaded once, to answer "the rules on day X" for many cases without queries."""

    def __init__(self, changes: list[RuleChange]) -> None:
        self._by_key: dict[str, list[RuleChange]] = {}
        for c in sorted(changes, key=lambda c: (c.key, c.effective_from)):
            self._by_key.setdefault(c.key, []).append(c)
        self._days = {k: [c.effective_from for c in rows] for k, rows in self._by_key.items()}
        self._cache: dict[tuple[int | None, ...], ProtectionRules] = {}

    def row_on(self, key: str, day: date) -> RuleChange | None:
        days = self._days.get(key)
        if not days:
            return None
        i = bisect_right(days, day)
        return self._by_key[key][i - 1] if i else None

    def value(self, key: str, day: date) -> int:
        if key not in RULE_BY_KEY:
            raise DomainError(f"没有名为“{key}”的规则", field="key")
        row = self.row_on(key, day)
        return row.value if row else RULE_BY_KEY[key].default

    def history(self, key: str) -> list[RuleChange]:
        return list(self._by_key.get(key, []))

    def on(self, day: date) -> ProtectionRules:
        rows = [self.row_on(d.key, day) for d in RULE_DEFS if d.in_rules]
        cache_key = tuple(r.id if r else None for r in rows)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        values = {r.key: r.value for r in rows if r is not None}
        since = max((r.effective_from for r in rows if r is not None), default=None)
        # One keyword per stored rule (RULE_DEFS names the fields): mypy cannot match str keys to fields.
        rules = ProtectionRules(**values, effective_from=since)  # type: ignore[arg-type]
        self._cache[cache_key] = rules
        return rules

    def change_days(self) -> list[date]:
        """Every day on which some rule changes: the rule set is constant between two of them."""
        return sorted({d for days in self._days.values() for d in days})


def _change(row: RuleValue) -> RuleChange:
    return RuleChange(row.id, row.key, row.value, row.effective_from, row.note, row.created_by, row.created_at)


def load_rulebook(session: Session) -> RuleBook:
    return RuleBook([_change(r) for r in session.scalars(select(RuleValue))])


def rules_on(session: Session, day: date) -> ProtectionRules:
    """The rule set in force on ``day``: per key the row with the latest effective_from <= day, else default."""
    return load_rulebook(session).on(_day(day))


def value_on(session: Session, key: str, day: date) -> int:
    """One rule's value on a day, also for the keys the date calculations do not use."""
    return load_rulebook(session).value(key, _day(day))


def deciding_day(case: PregnancyCase, book: RuleBook) -> date | None:
    """The day whose rules apply to a case (see the module text); None when the case has no date at all."""
    if case.delivery is not None:
        return case.delivery
    if case.miscarriage is not None:
        return case.miscarriage
    if case.due is not None:
        return case.due
    if case.lmp is not None:
        # The due date itself depends on a rule (280 days); the rules on the LMP day give it.
        return case.lmp + timedelta(days=book.on(case.lmp).pregnancy_days)
    return None


def rules_for_case(case: PregnancyCase, book: RuleBook, *, fallback: date) -> ProtectionRules:
    day = deciding_day(case, book)
    return book.on(day if day is not None else fallback)


def list_rules(session: Session, on: date | None = None) -> list[RuleInfo]:
    """Every rule with its label, the value in force on ``on`` (today by default) and its dated history."""
    day = _day(on) if on is not None else date.today()
    book = load_rulebook(session)
    out: list[RuleInfo] = []
    for d in RULE_DEFS:
        row = book.row_on(d.key, day)
        out.append(
            RuleInfo(
                key=d.key,
                label=d.label,
                unit=d.unit,
                default=d.default,
                source=d.source,
                confirmed=d.confirmed,
                in_rules=d.in_rules,
                value=row.value if row else d.default,
                effective_from=row.effective_from if row else None,
                history=book.history(d.key),
            )
        )
    return out


# --- frozen rules of a case (#18 item 5) -------------------------------------------------------------------
_FROZEN_KEYS = tuple(d.key for d in RULE_DEFS if d.in_rules)
CASE_ENTITY = "protection_case"


def freeze(rules: ProtectionRules) -> str:
    """The rule numbers a case keeps, as stored in ``protection_case.rules_frozen``."""
    values: dict[str, object] = {k: getattr(rules, k) for k in _FROZEN_KEYS}
    values["effective_from"] = rules.effective_from.isoformat() if rules.effective_from else None
    return json.dumps(values, sort_keys=True)


def thaw(text: str | None) -> ProtectionRules | None:
    """The frozen rules of a case, or None when it follows the rule data. A key added to the rules later
    (not in the stored text) takes its default, which is what was in force before the key existed."""
    if not text:
        return None
    raw = json.loads(text)
    since = raw.pop("effective_from", None)
    values = {k: v for k, v in raw.items() if k in _FROZEN_KEYS}
    return ProtectionRules(**values, effective_from=date.fromisoformat(since) if since else None)


def case_rules(
    case: PregnancyCase, book: RuleBook, *, fallback: date, frozen: ProtectionRules | None = None
) -> ProtectionRules:
    """The rules a case is computed with: its frozen rules if it has them, else those of its deciding day."""
    return frozen if frozen is not None else rules_for_case(case, book, fallback=fallback)


@dataclass(frozen=True)
class AffectedCase:
    """A case a rule change would move; ``started`` cases keep their rules (frozen) unless recalculated."""

    case_id: int
    worker_id: int
    name: str
    unit: str
    started: bool
    """Her leave (maternity or miscarriage) had started by the day of the change."""
    before: dict[str, str]
    after: dict[str, str]
    """Only the dates and numbers that change: label → value ("产假天数": "158")."""
    rules_day: date | None

    def changes(self) -> str:
        return "；".join(f"{k} {self.before.get(k, '（无）')} → {self.after.get(k, '（无）')}" for k in self.after)

    def text(self) -> str:
        what = (
            "产假已开始，保留原规则（如需按新规则计算，请在该登记中点“重新计算”）"
            if self.started
            else "尚未休假，按新规则计算"
        )
        return f"{self.name}（{self.unit}）：{self.changes()}——{what}"


class BackdatedChange(DomainError):
    """A rule change dated before today would move existing cases; the caller must show them and confirm."""

    def __init__(self, affected: list[AffectedCase], label: str, start: date) -> None:
        self.affected = affected
        names = "、".join(a.name for a in affected[:5]) + ("等" if len(affected) > 5 else "")
        super().__init__(
            f"“{label}”的生效日期 {start.isoformat()} 早于今天，将改变{len(affected)}条已登记的"
            f"四期保护计算（{names}）；请核对后确认",
            field="effective_from",
        )


def _dates(t: Timeline | None, problem: str = "") -> dict[str, str]:
    if t is None:
        return {"登记核对": problem}
    return {label: value for label, value, _reason in t.rows()}


def _started(t: Timeline | None, case: PregnancyCase, today: date) -> bool:
    if case.delivery is not None or case.miscarriage is not None:
        return True
    return t is not None and t.leave_start is not None and t.leave_start.day <= today


def _with_change(book: RuleBook, key: str, value: int, start: date) -> RuleBook:
    rows = [c for k in RULE_BY_KEY for c in book.history(k) if not (c.key == key and c.effective_from == start)]
    rows.append(RuleChange(-1, key, value, start, "", "", utcnow()))
    return RuleBook(rows)


def preview_change(
    session: Session, key: str, value: int, effective_from: date, *, today: date | None = None
) -> list[AffectedCase]:
    """The live cases whose dates or numbers would change if ``key`` became ``value`` from ``effective_from``;
    cases with frozen rules are not moved by any change and are left out."""
    from desktop.services.protections.cases import to_core  # protections imports this module

    day = today or date.today()
    definition = RULE_BY_KEY.get(key)
    if definition is None or not definition.in_rules:
        return []
    try:
        value = whole_number(value, field="value", label=definition.label, low=definition.low, high=definition.high)
    except DomainError as e:
        raise FieldErrors({"value": e.message}) from None
    _check_consistent(session, key, value, _day(effective_from), definition)
    book = load_rulebook(session)
    new_book = _with_change(book, key, value, _day(effective_from))
    stmt = (
        select(ProtectionCase, Worker.name, Unit.name)
        .join(Worker, ProtectionCase.worker_id == Worker.id)
        .join(Unit, Worker.unit_id == Unit.id)
        .where(ProtectionCase.archived_at.is_(None), ProtectionCase.rules_frozen == "")
        .order_by(Unit.name, Worker.name, ProtectionCase.id)
    )
    out: list[AffectedCase] = []
    for case, name, unit in session.execute(stmt).all():
        core = to_core(case)
        found: list[dict[str, str]] = []
        old_t: Timeline | None = None
        for n, b in enumerate((book, new_book)):
            try:
                t = build_timeline(core, rules_for_case(core, b, fallback=day))
            except DomainError as e:
                t, problem = None, e.message
            else:
                problem = ""
            if n == 0:
                old_t = t
            found.append(_dates(t, problem))
        before, after = found
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        if not changed:
            continue
        out.append(
            AffectedCase(
                case_id=case.id,
                worker_id=case.worker_id,
                name=name,
                unit=unit,
                started=_started(old_t, core, day),
                before={k: v for k, v in before.items() if k in changed},
                after={k: after.get(k, "（无）") for k in [*after, *before] if k in changed},
                rules_day=deciding_day(core, book),
            )
        )
    return out


def _apply_to_cases(
    session: Session, affected: list[AffectedCase], book: RuleBook, change: str, *, actor: str, today: date
) -> None:
    """Freeze the rules of started cases and record in every moved case's history what the change did."""
    from desktop.services.protections.cases import to_core

    for item in affected:
        case = session.get(ProtectionCase, item.case_id)
        if case is None:
            continue
        if item.started:
            core = to_core(case)
            rules = rules_for_case(core, book, fallback=today)
            case.rules_frozen, case.rules_frozen_on = freeze(rules), deciding_day(core, book) or today
            # Only changed keys are kept by audit.record, so the change is told as 适用规则: old → new.
            audit.record(
                session,
                actor=actor,
                action="rules_kept",
                entity=CASE_ENTITY,
                entity_id=case.id,
                before={"适用规则": f"规则数据（{case.rules_frozen_on.isoformat()} 有效）"},
                after={
                    "适用规则": f"保留原规则：{change}，她的产假（流产假）已开始，不随变更移动；"
                    f"按新规则将为 {_kv(item.after)}"
                },
            )
        else:
            audit.record(
                session,
                actor=actor,
                action="rule_change",
                entity=CASE_ENTITY,
                entity_id=case.id,
                before={"适用规则": "变更前的规则", **item.before},
                after={"适用规则": change, **item.after},
            )


def _kv(values: dict[str, str]) -> str:
    return "；".join(f"{k} {v}" for k, v in values.items())


def set_rule(
    session: Session,
    key: str,
    value: int,
    effective_from: date,
    note: str = "",
    *,
    actor: str,
    today: date | None = None,
    confirmed: bool = False,
) -> RuleValue:
    """Make ``value`` the rule from ``effective_from`` on (until a later row of the same key).

    A second entry for the same key and day corrects that row (audited as an update) rather than adding
    a rival row, so "which value applies on day X" always has one answer.

    A change that moves existing cases and is dated before ``today`` raises ``BackdatedChange`` (listing them)
    unless ``confirmed``. Cases whose leave has started keep their rules (frozen); see the module text.
    """
    access.require(session, Permission.RULES)
    definition = RULE_BY_KEY.get(key)
    if definition is None:
        raise FieldErrors({"key": f"没有名为“{key}”的规则"})
    errors: dict[str, str] = {}
    checked_value = 0
    try:
        checked_value = whole_number(
            value, field="value", label=definition.label, low=definition.low, high=definition.high
        )
    except DomainError as e:
        errors["value"] = e.message
    start: date | None = None
    try:
        start = as_date(effective_from, field="effective_from", label="生效日期")
    except DomainError as e:
        errors["effective_from"] = e.message
    if errors:
        raise FieldErrors(errors)
    assert start is not None
    note = (note or "").strip()

    existing = session.scalars(select(RuleValue).where(RuleValue.key == key, RuleValue.effective_from == start)).first()
    if definition.in_rules:
        _check_consistent(session, key, checked_value, start, definition)
        day = today or date.today()
        affected = preview_change(session, key, checked_value, start, today=day)
        if affected and start < day and not confirmed:
            raise BackdatedChange(affected, definition.label, start)
        change = f"{definition.label}自{start.isoformat()}起改为{checked_value}{definition.unit}"
        _apply_to_cases(session, affected, load_rulebook(session), change, actor=actor, today=day)

    if existing is not None:
        before = {"value": existing.value, "note": existing.note}
        existing.value, existing.note = checked_value, note
        audit.record(
            session,
            actor=actor,
            action="update",
            entity=ENTITY,
            entity_id=existing.id,
            before=before,
            after={"value": checked_value, "note": note},
        )
        return existing
    row = RuleValue(
        key=key, value=checked_value, effective_from=start, note=note, created_by=actor, created_at=utcnow()
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=ENTITY,
        entity_id=row.id,
        after={"key": key, "value": checked_value, "effective_from": start, "note": note},
    )
    return row


def _check_consistent(session: Session, key: str, value: int, start: date, definition: RuleDef) -> None:
    """Every rule set the change touches must still pass the core's checks (e.g. 44-week limit)."""
    book = load_rulebook(session)
    later = [d for d in book.change_days() if d > start]
    next_same = next((c.effective_from for c in book.history(key) if c.effective_from > start), None)
    for day in [start, *later]:
        if next_same is not None and day >= next_same:
            break
        try:
            replace(book.on(day), **{key: value})  # type: ignore[arg-type]  # key is a RULE_DEFS field name
        except DomainError as e:
            message = f"{definition.label}改为{value}{definition.unit}后规则不成立：{e.message}"
            raise FieldErrors({"value": message}) from None


def _day(day: object) -> date:
    checked = as_date(day, field="day", label="查询日期")
    assert checked is not None
    return checked
