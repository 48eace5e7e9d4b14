"""Condolence rules (慰问): occasions, their standards, and the checks every payment must pass.

Union money is audited, so a visit is checked against the standard in force on its visit date: the
occasion must allow what is given (festival goods are never cash, 总工办发〔2017〕32号), the amount must be
within the per-occasion cap, the member's yearly total for the occasion within the yearly cap, and the
office's frequency rules ("same illness once a year", "hospital visits at most twice a year") must hold.
A broken rule is a ``Violation`` whose message names the rule and the numbers; the service refuses the
visit unless an authorised override with a written reason is given.

Money is integer fen throughout; ``parse_yuan`` reads what clerks type and ``yuan`` shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol

from desktop.core.errors import DomainError, FieldErrors

OCCASIONS: Mapping[str, str] = {
    "sick": "生病住院",
    "childbirth": "生育",
    "marriage": "结婚",
    "retirement": "退休",
    "death_member": "本人去世",
    "death_relative": "直系亲属去世",
    "birthday": "生日",
    "festival": "节日慰问",
    "hardship": "困难帮扶",
    "education": "金秋助学",
    "warmth": "送温暖",
    "cooling": "送清凉",
    "other": "其他",
}

# The festivals on which festival goods may be given (#18): 总工办发〔2017〕32号 defines 逢年过节 as the
# statutory festivals — 新年、春节、清明节、劳动节、端午节、中秋节和国庆节 — and the ethnic festivals set up
# with the approval of a people's government at autonomous-region level or above. 三八 is not among them
# (a 三八 event for women members is an activity, not festival goods); 清明 is. The ethnic festivals the
# office has approved are dated rule data (``EthnicFestival``, table condolence_festival).
STATUTORY_FESTIVALS: Mapping[str, str] = {
    "new_year": "元旦",
    "spring": "春节",
    "qingming": "清明",
    "labour_day": "五一",
    "dragon_boat": "端午",
    "mid_autumn": "中秋",
    "national_day": "国庆",
}
FESTIVALS: Mapping[str, str] = {**STATUTORY_FESTIVALS, "womens_day": "三八", "ethnic": "民族节日"}
"""Labels of every festival code, including those of visits entered before the list was closed."""
FESTIVAL_SETTINGS = "“设置 → 慰问标准”的“民族节日…”"
"""Where the office registers the ethnic festivals it approved (named in messages)."""
FESTIVAL_RULE = (
    "总工办发〔2017〕32号：节日慰问品只在国家规定的法定节日（新年、春节、清明节、劳动节、端午节、中秋节、"
    "国庆节）和经自治区以上人民政府批准设立的少数民族节日发放"
)

MODES: Mapping[str, str] = {"cash": "慰问金", "goods": "慰问品", "either": "慰问金或慰问品"}

# Immediate relatives in the national rule (domain.md §4): spouse, parents, children.
RELATIONS: tuple[str, ...] = ("配偶", "父亲", "母亲", "子女")

STATUS: Mapping[str, str] = {"registered": "登记", "approved": "已审批", "paid": "已发放"}
_NEXT_STATUS = {"registered": "approved", "approved": "paid"}

MAX_FEN = 100_000_000  # 100万元: no single condolence comes near; larger is a typing slip


@dataclass(frozen=True)
class Standard:
    """The office's standard for one occasion from ``effective_from`` on (rule data, editable).

    A cap of 0 means "no cap"; ``max_per_year`` 0 means "no frequency limit".
    """

    occasion: str
    mode: str
    default_fen: int
    cap_fen: int
    yearly_cap_fen: int
    max_per_year: int
    once_per_cause: bool
    documents: tuple[str, ...]
    effective_from: date
    source: str = ""


_IM_FESTIVAL = "内工发〔2022〕38号：节日慰问品每人每年不超过2500元（2023-01-01起，原2000元）"
_NATIONAL = "总工办发〔2017〕32号《基层工会经费收支管理办法》"
_OFFICE = "本单位标准（可在“设置 → 慰问标准”修改）"
_NATIONAL_GIFT = f"{_NATIONAL}：结婚、生育发慰问品；金额为本单位标准"
_START = date(2000, 1, 1)


def _std(
    occasion: str,
    mode: str,
    default: int,
    cap: int,
    yearly: int = 0,
    per_year: int = 0,
    once: bool = False,
    docs: Sequence[str] = (),
    since: date = _START,
    source: str = _OFFICE,
) -> Standard:
    return Standard(occasion, mode, default * 100, cap * 100, yearly * 100, per_year, once, tuple(docs), since, source)


# Built-in standards; domain.md §4 "typical caps" where it gives one, the office sets the rest.
DEFAULT_STANDARDS: tuple[Standard, ...] = (
    _std("sick", "cash", 500, 1000, per_year=2, once=True, docs=("住院证明或出院小结", "医疗费票据复印件")),
    # A gift, not cash, on marriage and childbirth (总工办发〔2017〕32号); an office that pays cash records its
    # decision as a dated standard with its reason (check_departure).
    _std("childbirth", "goods", 500, 500, per_year=1, docs=("出生医学证明复印件",), source=_NATIONAL_GIFT),
    _std("marriage", "goods", 500, 1000, per_year=1, docs=("结婚证复印件",), source=_NATIONAL_GIFT),
    _std("retirement", "goods", 300, 500, per_year=1, docs=("退休审批表复印件",)),
    _std("death_member", "cash", 2000, 2000, per_year=1, docs=("死亡证明复印件",)),
    _std("death_relative", "cash", 1000, 1000, once=True, docs=("死亡证明复印件", "亲属关系证明")),
    _std("birthday", "goods", 200, 300, per_year=1, docs=()),
    _std("festival", "goods", 300, 0, yearly=2000, docs=(), source=_NATIONAL),
    _std("festival", "goods", 300, 0, yearly=2500, docs=(), since=date(2023, 1, 1), source=_IM_FESTIVAL),
    _std("hardship", "either", 1000, 0, docs=("困难职工档案",)),
    _std("education", "cash", 1000, 0, per_year=1, docs=("录取通知书复印件",)),
    _std("warmth", "either", 500, 0, docs=()),
    _std("cooling", "goods", 100, 0, docs=()),
    _std("other", "either", 0, 0, docs=("事由说明",)),
)


# What 总工办发〔2017〕32号 allows per occasion (domain.md §4): goods on festivals, birthdays, marriage,
# childbirth and retirement; cash only on hospitalisation and death. Occasions not named are the office's.
NATIONAL_MODES: Mapping[str, str] = {
    "festival": "goods",
    "birthday": "goods",
    "marriage": "goods",
    "childbirth": "goods",
    "retirement": "goods",
    "sick": "cash",
    "death_member": "cash",
    "death_relative": "cash",
}


def departure_from_national(standard: Standard) -> str:
    """Why ``standard`` allows more than the national rule ("" when it does not): cash where it gives goods."""
    if NATIONAL_MODES.get(standard.occasion) != "goods" or standard.mode == "goods":
        return ""
    name = OCCASIONS.get(standard.occasion, standard.occasion)
    return (
        f"按{_NATIONAL}，“{name}”只发慰问品；改为“{MODES.get(standard.mode, standard.mode)}”须写明本单位的依据"
        "（如工会委员会决定的会议、文号和日期）"
    )


def check_departure(standard: Standard, *, note: str) -> None:
    """A standard that allows cash where the national rule gives goods is saved only with its reason."""
    message = departure_from_national(standard)
    if message and not " ".join((note or "").split()):
        from desktop.core.errors import FieldErrors

        raise FieldErrors({"note": message})


def default_standard(occasion: str, day: date) -> Standard:
    """The built-in standard of an occasion in force on ``day``."""
    check_occasion(occasion)
    rows = [s for s in DEFAULT_STANDARDS if s.occasion == occasion and s.effective_from <= day]
    if not rows:
        rows = [s for s in DEFAULT_STANDARDS if s.occasion == occasion]
    return max(rows, key=lambda s: s.effective_from)


def check_occasion(occasion: str) -> str:
    if occasion not in OCCASIONS:
        raise DomainError(f"“{occasion}”不是可选的慰问事由，应为：{'、'.join(OCCASIONS.values())}", field="occasion")
    return occasion


# --- festivals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EthnicFestival:
    """An ethnic festival as the office approved it from ``effective_from`` on (dated rule data).

    ``approved`` False from a date withdraws it; the latest row of a name on or before a day decides.
    """

    name: str
    ethnicity: str
    effective_from: date
    approved: bool = True
    note: str = ""


def ethnic_festival_on(name: str, day: date, ethnic: Iterable[EthnicFestival]) -> EthnicFestival | None:
    """The approved ethnic festival called ``name`` in force on ``day``, or None."""
    rows = [f for f in ethnic if f.name == name and f.effective_from <= day]
    if not rows:
        return None
    latest = max(rows, key=lambda f: f.effective_from)
    return latest if latest.approved else None


def festivals_on(day: date, ethnic: Iterable[EthnicFestival]) -> list[tuple[str, str]]:
    """The closed list on ``day`` as (value stored, label shown): statutory codes, then approved ethnic names."""
    out = list(STATUTORY_FESTIVALS.items())
    names = sorted({f.name for f in ethnic})
    for name in names:
        found = ethnic_festival_on(name, day, ethnic)
        if found is not None:
            out.append((found.name, f"{found.name}（{found.ethnicity}）"))
    return out


def check_festival(festival: str, day: date, ethnic: Iterable[EthnicFestival]) -> None:
    """Festival goods only on a festival of the closed list in force on the visit date (FieldErrors otherwise)."""
    from desktop.core.errors import FieldErrors

    ethnic = list(ethnic)
    if festival in STATUTORY_FESTIVALS or ethnic_festival_on(festival, day, ethnic) is not None:
        return
    label = FESTIVALS.get(festival, festival)
    withdrawn = [f for f in ethnic if f.name == festival and f.effective_from <= day]
    later = [f for f in ethnic if f.name == festival and f.effective_from > day and f.approved]
    if withdrawn:
        why = f"“{label}”自{max(f.effective_from for f in withdrawn).isoformat()}起已不在本单位批准的民族节日之列"
    elif later:
        why = f"“{label}”自{min(f.effective_from for f in later).isoformat()}起才列为本单位批准的民族节日"
    else:
        why = f"“{label}”不是法定节日，也不是本单位批准的民族节日"
    raise FieldErrors({"festival": f"{why}。{FESTIVAL_RULE}；民族节日请先在{FESTIVAL_SETTINGS}中登记批准文件"})


def ethnicity_violation(
    festival: str, day: date, ethnic: Iterable[EthnicFestival], ethnicity: str, name: str = ""
) -> Violation | None:
    """Goods of an ethnic festival go to members of that ethnicity (domain.md §4); another is a breach."""
    found = ethnic_festival_on(festival, day, ethnic)
    if found is None or (ethnicity or "").strip() == found.ethnicity:
        return None
    who = f"{name}的" if name else "该会员"
    return Violation(
        "ethnicity",
        f"“{found.name}”是{found.ethnicity}的节日，节日慰问品只发给{found.ethnicity}会员；"
        f"{who}民族为“{(ethnicity or '').strip() or '未填写'}”",
    )


# --- money -----------------------------------------------------------------------------------------

_YUAN = re.compile(r"^\d+(\.\d{0,2})?$")


def parse_yuan(value: object, *, label: str = "金额", field: str = "amount") -> int:
    """Yuan as clerks type it ("500", "1,200.5", "¥80.00", "300元") → fen; empty → 0. Exact, never a float."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise DomainError(f"{label}“{value}”不是金额", field=field)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, float):
        # Excel hands over floats; repr is the shortest text that reads back the same (19.99, not 19.98999…).
        text = repr(value)
    else:
        text = str(value)
    text = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    text = text.removesuffix("元").strip()
    if not text:
        return 0
    if text.startswith("-"):
        raise DomainError(f"{label}不能为负数", field=field)
    if not _YUAN.match(text):
        raise DomainError(f"{label}“{value}”不是金额（元，最多两位小数，如 500 或 300.50）", field=field)
    try:
        fen = int((Decimal(text) * 100).to_integral_exact())
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是金额", field=field) from None
    if fen > MAX_FEN:
        raise DomainError(f"{label}{yuan(fen)}元过大，请核对", field=field)
    return fen


def yuan(fen: int | None, *, grouping: bool = True) -> str:
    """Fen shown as yuan with two decimals: 250000 → "2,500.00" (grouping off for forms' narrow cells)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    body = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{body}.{cents:02d}"


# --- checks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorVisit:
    """A member's earlier visit, as far as the checks need it."""

    occasion: str
    visit_date: date
    value_fen: int
    cause: str = ""


@dataclass(frozen=True)
class Violation:
    rule: str
    """"mode", "cap", "yearly_cap", "per_year", "once_per_cause", "ethnicity"."""
    message: str


def normalize_cause(text: str) -> str:
    """ "肺炎 " and "肺 炎" are the same illness to a clerk; spaces and case do not make a new cause."""
    return "".join((text or "").split()).lower()


def check_visit(
    standard: Standard,
    *,
    visit_date: date,
    cash_fen: int,
    goods_fen: int,
    cause: str = "",
    prior: Iterable[PriorVisit] = (),
) -> list[Violation]:
    """Every rule of ``standard`` this visit would break, given the member's other visits (any year)."""
    name = OCCASIONS.get(standard.occasion, standard.occasion)
    since = f"（{standard.effective_from.isoformat()}起执行）" if standard.effective_from > _START else ""
    out: list[Violation] = []
    if standard.mode == "goods" and cash_fen > 0:
        out.append(Violation("mode", f"“{name}”只能发放慰问品，不能发放现金或购物卡（本次慰问金{yuan(cash_fen)}元）"))
    if standard.mode == "cash" and goods_fen > 0:
        out.append(Violation("mode", f"“{name}”按标准发放慰问金，不发慰问品（本次慰问品{yuan(goods_fen)}元）"))
    value = cash_fen + goods_fen
    if standard.cap_fen and value > standard.cap_fen:
        out.append(
            Violation(
                "cap",
                f"“{name}”每次最多{yuan(standard.cap_fen)}元{since}，本次{yuan(value)}元，"
                f"超出{yuan(value - standard.cap_fen)}元",
            )
        )
    year = visit_date.year
    same = [p for p in prior if p.occasion == standard.occasion and p.visit_date.year == year]
    if standard.yearly_cap_fen:
        spent = sum(p.value_fen for p in same)
        excess = spent + value - standard.yearly_cap_fen
        if excess > 0:
            out.append(
                Violation(
                    "yearly_cap",
                    f"“{name}”每人每年最多{yuan(standard.yearly_cap_fen)}元{since}：{year}年已发{yuan(spent)}元，"
                    f"本次{yuan(value)}元，合计{yuan(spent + value)}元，超出{yuan(excess)}元",
                )
            )
    if standard.max_per_year and len(same) >= standard.max_per_year:
        days = "、".join(sorted(p.visit_date.isoformat() for p in same))
        out.append(
            Violation(
                "per_year", f"“{name}”每人每年最多慰问{standard.max_per_year}次，{year}年已慰问{len(same)}次（{days}）"
            )
        )
    key = normalize_cause(cause)
    if standard.once_per_cause and key:
        hits = [p for p in same if normalize_cause(p.cause) == key]
        if hits:
            what = "同一亲属" if standard.occasion == "death_relative" else "同一疾病"
            out.append(
                Violation(
                    "once_per_cause", f"{what}每年只慰问一次：“{cause.strip()}”已于{hits[0].visit_date.isoformat()}慰问"
                )
            )
    return out


def describe(violations: Sequence[Violation]) -> str:
    return "；".join(v.message for v in violations)


def uncovered(violations: Sequence[Violation], overridden: str) -> list[Violation]:
    """The violations an earlier override (its stored ``describe`` text) was not given for.

    An override stands only for the rules and numbers it was approved for: a breach whose message
    (rule and numbers) is not among the overridden ones needs a new written reason.
    """
    given = {m.strip() for m in (overridden or "").split("；") if m.strip()}
    return [v for v in violations if v.message.strip() not in given]


def missing_documents(required: Sequence[str], checked: str) -> tuple[str, ...]:
    """The standard's 须查验 documents not ticked as checked, in the standard's order (docs/decisions.md:
    approval waits for them; a draft may be saved without)."""
    done = {" ".join(line.split()) for line in checked.splitlines()}
    return tuple(d for d in required if " ".join(d.split()) not in done)


def documents_text(checked: str, required: Sequence[str]) -> str:
    """What the approval form and the detail pane print under 已查验材料: never a bare dash, so a reader
    can tell "nothing was needed" from "nothing was checked"."""
    ticked = "、".join(line.strip() for line in checked.splitlines() if line.strip())
    missing = "、".join(missing_documents(required, checked))
    if missing:
        return f"{ticked}；未查验：{missing}" if ticked else f"未查验（须查验：{missing}）"
    return ticked or "本项无须查验材料"


def next_status(status: str) -> str:
    """登记 → 已审批 → 已发放; a paid visit goes nowhere further."""
    if status not in _NEXT_STATUS:
        raise DomainError(f"该慰问已是“{STATUS.get(status, status)}”状态，不能再推进", field="status")
    return _NEXT_STATUS[status]


def check_standard(standard: Standard) -> Standard:
    """A standard the office edits must make sense (default within cap, no negative amounts)."""
    check_occasion(standard.occasion)
    errors: dict[str, str] = {}
    if standard.mode not in MODES:
        errors["mode"] = f"发放方式应为：{'、'.join(MODES.values())}"
    for key, label in (("default_fen", "默认金额"), ("cap_fen", "每次上限"), ("yearly_cap_fen", "每人每年上限")):
        v = getattr(standard, key)
        if v < 0 or v > MAX_FEN:
            errors[key] = f"{label}{yuan(v)}元不合理"
    if standard.cap_fen and standard.default_fen > standard.cap_fen:
        errors["default_fen"] = f"默认金额{yuan(standard.default_fen)}元高于每次上限{yuan(standard.cap_fen)}元"
    if standard.yearly_cap_fen and standard.default_fen > standard.yearly_cap_fen:
        errors["default_fen"] = f"默认金额{yuan(standard.default_fen)}元高于每年上限{yuan(standard.yearly_cap_fen)}元"
    if not 0 <= standard.max_per_year <= 366:
        errors["max_per_year"] = "每年次数上限应在0到366之间（0为不限）"
    if errors:
        from desktop.core.errors import FieldErrors

        raise FieldErrors(errors)
    return standard


# --- the visit a clerk enters ------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitDraft:
    """What the clerk enters for one visit; amounts in fen."""

    occasion: str = "sick"
    visit_date: date | None = None
    festival: str = ""
    cause: str = ""
    relative_name: str = ""
    relative_relation: str = ""
    event_date: date | None = None
    visitors: str = ""
    cash_fen: int = 0
    goods: str = ""
    goods_fen: int = 0
    documents: str = ""
    notes: str = ""


DRAFT_FIELDS = [f.name for f in fields(VisitDraft)]
# Changing any of these on an approved visit sends it back to 登记: the approval was for the old money.
REAPPROVAL_FIELDS = ("occasion", "cash_fen", "goods_fen")
_TEXT_FIELDS = ("festival", "cause", "relative_name", "relative_relation", "visitors", "goods")

FIELD_LABELS: dict[str, str] = {
    "worker_id": "职工",
    "occasion": "慰问事由",
    "visit_date": "慰问日期",
    "festival": "节日",
    "cause": "病因/事由",
    "relative_name": "亲属姓名",
    "relative_relation": "亲属关系",
    "event_date": "事件日期",
    "visitors": "慰问人",
    "cash_fen": "慰问金（元）",
    "goods": "慰问品",
    "goods_fen": "慰问品价值（元）",
    "documents": "已查验材料",
    "notes": "备注",
    "status": "状态",
    "approved_by": "审批人",
    "approved_on": "审批日期",
    "paid_on": "发放日期",
    "override_rules": "突破的标准",
    "override_reason": "特批理由",
}


def check_draft(draft: VisitDraft, *, today: date | None = None) -> VisitDraft:
    """A cleaned copy or FieldErrors naming each wrong field (pure: the dialog runs it as the clerk types)."""
    today = today or date.today()
    text = _clean_text(draft)
    errors = {**_occasion_code_error(draft), **_date_errors(draft, today), **_occasion_text_errors(draft, text)}
    errors.update(_money_errors(draft, text, others_wrong=bool(errors)))
    if errors:
        raise FieldErrors(errors)
    docs = "\n".join(d.strip() for d in str(draft.documents or "").splitlines() if d.strip())
    return VisitDraft(
        occasion=draft.occasion,
        visit_date=draft.visit_date,
        event_date=draft.event_date,
        cash_fen=draft.cash_fen,
        goods_fen=draft.goods_fen,
        documents=docs,
        notes=str(draft.notes or "").strip(),
        **text,
    )


def _clean_text(draft: VisitDraft) -> dict[str, str]:
    """The one-line fields with runs of spaces folded, as stored."""
    return {k: " ".join(str(getattr(draft, k) or "").split()) for k in _TEXT_FIELDS}


def _occasion_code_error(draft: VisitDraft) -> dict[str, str]:
    return {} if draft.occasion in OCCASIONS else {"occasion": "请选择慰问事由"}


def _date_errors(draft: VisitDraft, today: date) -> dict[str, str]:
    """A visit date, not absurdly far ahead; the event (hospitalisation, death …) not after the visit."""
    errors: dict[str, str] = {}
    if draft.visit_date is None:
        errors["visit_date"] = "请填写慰问日期"
    elif draft.visit_date.year > today.year + 1:
        errors["visit_date"] = f"慰问日期 {draft.visit_date.isoformat()} 太远，请核对"
    if draft.event_date and draft.visit_date and draft.event_date > draft.visit_date:
        errors["event_date"] = "事件日期晚于慰问日期，请核对"
    return errors


def _occasion_text_errors(draft: VisitDraft, text: Mapping[str, str]) -> dict[str, str]:
    """What each occasion needs written down: the festival, the illness, the relative who died."""
    errors: dict[str, str] = {}
    if draft.occasion == "festival" and not text["festival"]:
        errors["festival"] = "节日慰问请选择或填写节日"
    if draft.occasion == "sick" and not text["cause"]:
        errors["cause"] = "生病住院慰问请填写病因（同一疾病每年只慰问一次）"
    if draft.occasion == "death_relative":
        if not text["relative_name"]:
            errors["relative_name"] = "请填写去世亲属的姓名"
        if text["relative_relation"] not in RELATIONS:
            errors["relative_relation"] = f"直系亲属应为：{'、'.join(RELATIONS)}"
    return errors


def _money_errors(draft: VisitDraft, text: Mapping[str, str], *, others_wrong: bool) -> dict[str, str]:
    """Amounts in range; at least one of cash and goods (said only once the rest reads); goods named."""
    errors: dict[str, str] = {}
    for key in ("cash_fen", "goods_fen"):
        value = getattr(draft, key)
        if not isinstance(value, int) or value < 0 or value > MAX_FEN:
            errors[key] = f"{FIELD_LABELS[key]}不合理"
    if not errors and not others_wrong and draft.cash_fen == 0 and draft.goods_fen == 0:
        errors["cash_fen"] = "请填写慰问金或慰问品价值（至少一项）"
    if isinstance(draft.goods_fen, int) and draft.goods_fen > 0 and not text["goods"]:
        errors["goods"] = "请写明慰问品（如：米、面、油）"
    return errors


class CauseFacts(Protocol):
    """What ``cause_key`` reads: a draft or a stored visit."""

    @property
    def occasion(self) -> str: ...

    @property
    def cause(self) -> str: ...

    @property
    def relative_name(self) -> str: ...

    @property
    def relative_relation(self) -> str: ...


def cause_key(visit: CauseFacts) -> str:
    """What "the same cause" means: the illness for 生病住院, the relative for 直系亲属去世."""
    if visit.occasion == "death_relative":
        return f"{visit.relative_relation}{visit.relative_name}"
    return visit.cause


# --- overrides ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """An authorised override as stored with a visit: the breaches it covers (``describe`` text), the
    written reason and who gave it. All empty: the visit is not recorded as an override."""

    rules: str = ""
    reason: str = ""
    by: str = ""


OVERRIDE_REASON_MIN = 4
SHORT_REASON = "特批理由过短，请写明批准人和理由（如“经工会主席批准：重病二次住院”）"


def clean_reason(text: object) -> str:
    return " ".join(str(text or "").split())


def override_stands(violations: Sequence[Violation], stored: Override) -> bool:
    """The stored override was given for every breach the visit has now (rules and numbers)."""
    return bool(stored.reason) and not uncovered(violations, stored.rules)


def settle_override(violations: Sequence[Violation], *, stored: Override, given: str, actor: str) -> Override | None:
    """The one override rule (#18 item 5, #20), for add, edit, restore and approve alike: what the visit records
    as its override, or None when the step needs a new written reason.

    - it breaks nothing: no override is recorded (an earlier one lapses);
    - a reason is given: it covers every breach the visit has now, recorded as ``actor``'s (FieldErrors when
      too short to name the approver and why);
    - otherwise the stored override stands when it names every breach, recorded for the breaches it covers now;
    - otherwise None.
    """
    if not violations:
        return Override()
    reason = clean_reason(given)
    if reason:
        if len(reason) < OVERRIDE_REASON_MIN:
            raise FieldErrors({"override_reason": SHORT_REASON})
        return Override(describe(violations), reason, actor)
    if override_stands(violations, stored):
        return Override(describe(violations), stored.reason, stored.by)
    return None
