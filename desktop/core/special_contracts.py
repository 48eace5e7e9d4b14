"""女职工权益保护专项集体合同 (special collective contract for women workers): clauses and compliance.

The article (seed-articles.txt, 丁宁) names the contract as the tool that writes "四期保护", health exams and
special-disease insurance into enforceable clauses; the union must check each year that they are applied.
Pure rules here: what a clause may promise, which contract is in force on a day, the yearly compliance verdict
from figures the service counts, and how a clause tightens the law's numbers (stricter wins).

A clause promises one number of a known kind:
- protection: 孕期禁忌作业调岗时限 — a pregnant worker in a post the decree forbids is moved within N days of
  the case being registered (登记) with the union;
- exam: 健康体检 every N years (coverage of women workers by the annual exam);
- screening: 两癌筛查 every N years (coverage of women in the screening age band);
- insurance: 特种病保险 enrolment rate N %;
- menstrual_leave: N days of 经期假 a month (not law in force, domain.md §2; the contract grants it);
- other: free text the union checks by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.core.dates import add_years
from desktop.core.errors import FieldErrors

CLAUSE_KINDS: Mapping[str, str] = {
    "protection": "四期保护",
    "exam": "健康体检",
    "screening": "两癌筛查",
    "insurance": "特种病保险",
    "menstrual_leave": "经期假",
    "other": "其他",
}

STATUS: Mapping[str, str] = {
    "draft": "草拟中",
    "signed": "已签订",
    "filed": "已备案",
    "terminated": "已终止",
}
IN_FORCE_STATUSES: tuple[str, ...] = ("signed", "filed")
"""A draft binds nobody; a terminated contract no longer does."""


@dataclass(frozen=True)
class KindSpec:
    unit: str
    low: int
    high: int
    value_label: str
    """What the number means, for the dialog and the explanations."""
    needs_value: bool = True


KIND_SPECS: Mapping[str, KindSpec] = {
    "protection": KindSpec("天", 1, 365, "调岗时限"),
    "exam": KindSpec("年", 1, 5, "体检间隔"),
    "screening": KindSpec("年", 1, 5, "筛查间隔"),
    "insurance": KindSpec("%", 1, 100, "参保率"),
    "menstrual_leave": KindSpec("天", 1, 10, "每月经期假"),
    "other": KindSpec("", 0, 1_000_000, "约定数值", needs_value=False),
}

EXAM_TYPES_OF_KIND: Mapping[str, tuple[str, ...]] = {"exam": ("annual",), "screening": ("two_cancer",)}
"""Which exam plans a clause interval governs (desktop.core.exams.EXAM_TYPE codes)."""

MAX_TITLE = 100
MAX_TERM_YEARS = 5
MAX_TEXT = 1000


@dataclass(frozen=True)
class ClauseFacts:
    kind: str
    value: int | None
    text: str = ""
    article: str = ""
    """Where it stands in the contract: "第八条"."""
    target_percent: int | None = None
    """For exam, screening and protection: the share the union counts as kept (blank: 100 %)."""
    unit: str = ""
    """Only for "other": the clerk's own unit (other kinds have a fixed one, ``unit_of``)."""


def unit_of(kind: str, unit: str = "") -> str:
    """The unit a clause's value is counted in: fixed by the kind, the clerk's own for "other"."""
    spec = KIND_SPECS.get(kind)
    return unit.strip() if spec is None or not spec.unit else spec.unit


def check_clause(c: ClauseFacts) -> ClauseFacts:
    """The clause as entered, or FieldErrors naming the wrong field in Chinese."""
    errors: dict[str, str] = {}
    spec = KIND_SPECS.get(c.kind)
    if spec is None:
        errors["kind"] = f"未知的条款类别“{c.kind}”，应为{'、'.join(CLAUSE_KINDS.values())}之一"
    else:
        label = CLAUSE_KINDS[c.kind]
        if c.value is None:
            if spec.needs_value:
                errors["value"] = f"{label}条款须填写{spec.value_label}（{spec.low}–{spec.high}{spec.unit}）"
        elif isinstance(c.value, bool) or not isinstance(c.value, int):
            errors["value"] = f"{spec.value_label}须为整数，现为“{c.value}”"
        elif not spec.low <= c.value <= spec.high:
            errors["value"] = (
                f"{label}条款的{spec.value_label}应在{spec.low}到{spec.high}{spec.unit}之间，现为{c.value}{spec.unit}"
            )
        if c.kind == "other" and not c.text.strip():
            errors["text"] = "“其他”条款须写明条款内容"
        if c.target_percent is not None:
            if c.kind not in ("exam", "screening", "protection"):
                errors["target_percent"] = f"{label}条款不设达标比例"
            elif not 1 <= c.target_percent <= 100:
                errors["target_percent"] = f"达标比例应在1到100%之间，现为{c.target_percent}%"
    if len(c.text) > MAX_TEXT:
        errors["text"] = f"条款内容最多{MAX_TEXT}字，现为{len(c.text)}字"
    if len(c.article.strip()) > 20:
        errors["article"] = "条款序号最多20字（如“第八条”）"
    if errors:
        raise FieldErrors(errors)
    return c


def describe_clause(c: ClauseFacts) -> str:
    """The promise in words: "两癌筛查每2年一次（覆盖率不低于90%）"."""
    pct = f"（覆盖率不低于{c.target_percent}%）" if c.target_percent else ""
    if c.kind == "screening":
        return f"两癌筛查每{c.value}年一次{pct}"
    if c.kind == "exam":
        return f"健康体检每{c.value}年一次{pct}"
    if c.kind == "protection":
        handled = f"（按时调岗不低于{c.target_percent}%）" if c.target_percent else ""
        return f"孕期禁忌作业自登记起{c.value}天内调岗{handled}"
    if c.kind == "insurance":
        return f"特种病保险参保率不低于{c.value}%"
    if c.kind == "menstrual_leave":
        return f"经期假每月{c.value}天"
    text = c.text.strip()
    return text if c.value is None else f"{text}（{c.value}{unit_of(c.kind, c.unit)}）"


@dataclass(frozen=True)
class ContractFacts:
    id: int
    title: str
    status: str
    term_start: date | None
    term_end: date | None
    signed_on: date | None = None
    archived: bool = False


def check_contract(
    title: str,
    status: str,
    term_start: date | None,
    term_end: date | None,
    signed_on: date | None,
    union_party: str,
    company_party: str,
) -> None:
    """FieldErrors naming the field: a signed contract needs its term, its signing day and both parties."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写合同名称"
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = f"合同名称最多{MAX_TITLE}字"
    if status not in STATUS:
        errors["status"] = f"未知的合同状态“{status}”"
    if term_start is None:
        errors["term_start"] = "请填写合同期限的起始日"
    if term_end is None:
        errors["term_end"] = "请填写合同期限的终止日"
    if term_start is not None and term_end is not None:
        if term_end < term_start:
            errors["term_end"] = f"终止日 {term_end.isoformat()} 早于起始日 {term_start.isoformat()}"
        elif term_end >= add_years(term_start, MAX_TERM_YEARS):
            # 集体合同规定 art. 38: a collective contract runs 1 to 3 years; 5 leaves room for a slip-free renewal.
            errors["term_end"] = f"合同期限超过{MAX_TERM_YEARS}年，请核对（集体合同期限一般为1至3年）"
    if status in IN_FORCE_STATUSES or status == "terminated":
        if signed_on is None:
            errors["signed_on"] = f"状态为“{STATUS.get(status, status)}”的合同须填写签订日期"
        if not union_party.strip():
            errors["union_party"] = "请填写工会一方（如“××林业公司工会委员会”）"
        if not company_party.strip():
            errors["company_party"] = "请填写企业一方"
    if signed_on is not None and term_end is not None and signed_on > term_end:
        errors["signed_on"] = f"签订日期 {signed_on.isoformat()} 晚于合同终止日 {term_end.isoformat()}"
    if errors:
        raise FieldErrors(errors)


def is_in_force(c: ContractFacts, day: date) -> bool:
    return (
        not c.archived
        and c.status in IN_FORCE_STATUSES
        and c.term_start is not None
        and c.term_end is not None
        and c.term_start <= day <= c.term_end
    )


def in_force_on(contracts: Iterable[ContractFacts], day: date) -> ContractFacts | None:
    """The contract binding on ``day``: signed or filed, not archived, its term covering the day. Two overlapping
    terms (a renewal signed before the old one ends) → the later start wins, then the later signing."""
    live = [c for c in contracts if is_in_force(c, day)]
    if not live:
        return None
    return max(live, key=lambda c: (c.term_start, c.signed_on or date.min, c.id))


def contract_for_year(contracts: Iterable[ContractFacts], year: int) -> ContractFacts | None:
    """The contract a year's check measures: the one in force on 31 December, else the last one in force during
    the year (a contract that ended in June is still checked for that year)."""
    items = list(contracts)
    at_end = in_force_on(items, date(year, 12, 31))
    if at_end is not None:
        return at_end
    touching = [
        c
        for c in items
        if not c.archived
        and c.status in IN_FORCE_STATUSES
        and c.term_start
        and c.term_end
        and c.term_start <= date(year, 12, 31)
        and c.term_end >= date(year, 1, 1)
    ]
    return max(touching, key=lambda c: (c.term_end, c.term_start, c.id)) if touching else None


# --- stricter wins ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tightened:
    """A number after the contract had its say, and why (the contract named when it decided)."""

    value: int
    by_contract: bool
    reason: str
    source: str = ""
    """The contract and article that decided: "《…专项集体合同》第八条" ("" when the contract did not)."""


def stricter_interval(
    plan_interval: int, clause_interval: int | None, contract_title: str = "", article: str = ""
) -> Tightened:
    """An exam interval (years) with the contract's: the shorter wins. A plan interval of 0 means "no interval
    check" (everybody eligible each time), which no contract can make stricter."""
    if clause_interval is None or plan_interval == 0 or clause_interval >= plan_interval:
        return Tightened(plan_interval, False, "")
    source = f"《{contract_title}》{article}"
    return Tightened(
        clause_interval, True, f"按{source}每{clause_interval}年一次（严于计划的每{plan_interval}年）", source
    )


def stricter_leave_days(
    rule_days: int, clause_days: int | None, contract_title: str = "", article: str = ""
) -> Tightened:
    """Leave days with the contract's: the more days wins."""
    if clause_days is None or clause_days <= rule_days:
        return Tightened(rule_days, False, "")
    source = f"《{contract_title}》{article}"
    law = f"规则数据{rule_days}天" if rule_days else "现行法规无经期假"
    return Tightened(clause_days, True, f"按{source}每月{clause_days}天（{law}）", source)


# --- yearly compliance ------------------------------------------------------------------------------------

VERDICT: Mapping[str, str] = {
    "met": "已履行",
    "not_met": "未达到",
    "no_data": "无数据",
    "manual": "须人工核查",
}


@dataclass(frozen=True)
class Figures:
    """What the program's own data says for one clause and year; counts, never percentages (exact)."""

    done: int | None = None
    of: int | None = None
    note: str = ""
    """A fact the verdict quotes ("无数据（未登记特种病保险）")."""


@dataclass(frozen=True)
class ClauseCheck:
    kind: str
    article: str
    promise: str
    actual: str
    verdict: str
    explanation: str

    @property
    def verdict_label(self) -> str:
        return VERDICT[self.verdict]


def percent_text(done: int, of: int) -> str:
    return f"{100.0 * done / of:.1f}%" if of else "—"


def check_clause_compliance(c: ClauseFacts, figures: Figures, year: int, contract_title: str) -> ClauseCheck:
    """One clause's verdict for ``year`` from the counted figures.

    exam / screening / protection: kept when done / of reaches the target share (blank: everybody); no one to
    count (of = 0) is no data, not a pass. insurance has no data until the insurance module exists.
    menstrual_leave and other are not counted by the program: the verdict says so rather than guessing.
    """
    promise = describe_clause(c)
    source = f"依《{contract_title}》{c.article}".rstrip()
    if c.kind in ("exam", "screening", "protection"):
        if figures.of is None or figures.done is None or figures.of == 0:
            note = figures.note or "本年度没有应统计的人员"
            return ClauseCheck(c.kind, c.article, promise, "—", "no_data", f"{source}：{note}")
        target = c.target_percent or 100
        actual = percent_text(figures.done, figures.of)
        # Integer comparison: 9 of 10 against 90 % must pass, which a float 89.99999 could fail.
        met = figures.done * 100 >= target * figures.of
        first = year - (c.value or 1) + 1
        years = f"{first}—{year}年" if first != year else f"{year}年"
        counted = {
            "exam": f"{figures.of}名女职工中{figures.done}人在{years}参加健康体检",
            "screening": f"{figures.of}名应筛查女职工中{figures.done}人在{years}完成两癌筛查",
            "protection": f"{figures.of}件须调岗的孕期保护中{figures.done}件在{c.value}天内调岗",
        }[c.kind]
        what = "件" if c.kind == "protection" else "人"
        gap = "" if met else f"，距目标{target}%还差{_missing(figures.done, figures.of, target)}{what}"
        note = f"；{figures.note}" if figures.note else ""
        return ClauseCheck(
            c.kind,
            c.article,
            promise,
            f"{actual}（{figures.done}/{figures.of}）",
            "met" if met else "not_met",
            f"{source}：{counted}，达标线{target}%{gap}{note}",
        )
    if c.kind == "insurance":
        if figures.of is None or figures.done is None:
            return ClauseCheck(
                c.kind,
                c.article,
                promise,
                "无数据（未登记特种病保险）",
                "no_data",
                f"{source}：程序尚未登记特种病保险参保，无法计算参保率",
            )
        met = figures.done * 100 >= (c.value or 0) * figures.of and figures.of > 0
        return ClauseCheck(
            c.kind,
            c.article,
            promise,
            f"{percent_text(figures.done, figures.of)}（{figures.done}/{figures.of}）",
            "met" if met else "not_met",
            f"{source}：{figures.of}名女职工中{figures.done}人参保",
        )
    if c.kind == "menstrual_leave":
        return ClauseCheck(
            c.kind,
            c.article,
            promise,
            figures.note or "—",
            "manual",
            f"{source}：程序不登记经期假的休假记录，请核对考勤；{figures.note}".rstrip("；"),
        )
    return ClauseCheck(c.kind, c.article, promise, "—", "manual", f"{source}：请对照条款人工核查")


def _missing(done: int, of: int, target: int) -> int:
    """How many more would reach the target share: the least n with (done + n) * 100 >= target * of."""
    need = -(-target * of // 100)
    return max(need - done, 0)


@dataclass(frozen=True)
class YearCheck:
    year: int
    contract_title: str
    rows: Sequence[ClauseCheck]

    @property
    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in VERDICT}
        for r in self.rows:
            out[r.verdict] += 1
        return out

    def summary(self) -> str:
        n = self.counts
        parts = [f"{VERDICT[k]}{v}项" for k, v in n.items() if v]
        return f"{self.year}年度共{len(self.rows)}项条款：" + "，".join(parts) if self.rows else "合同没有条款"


def year_check(year: int, contract_title: str, clauses: Sequence[ClauseFacts], figures: Sequence[Figures]) -> YearCheck:
    """Every clause's verdict, in the contract's order; ``figures[i]`` belongs to ``clauses[i]``."""
    pairs = zip(clauses, figures, strict=True)
    return YearCheck(year, contract_title, [check_clause_compliance(c, f, year, contract_title) for c, f in pairs])
