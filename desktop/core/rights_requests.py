"""维权诉求 (a worker's request or complaint about her rights): what it is about, how far it went on the road
预防 → 调解 → 仲裁 → 诉讼, whether she was referred to legal aid, how it ended and whether she was satisfied. Pure.

The article (seed-articles.txt, 王娇娇) asks for "以预防作为首要任务、以调解作为优先手段、仲裁进行衔接配合、诉讼
起到兜底保障" and for workers' satisfaction to be a measure of the union's work; the union records each request
from intake to closing, and HQ receives counts only (by category and stage), never names.

The stage is not typed: it is the furthest step with a date (received → 预防; a mediation date → 调解 …), so the
stage and its dates cannot disagree. Litigation of a labour dispute comes after arbitration
(《劳动争议调解仲裁法》第五条, 第四十八条, 第五十条: 对仲裁裁决不服的, 可以向人民法院提起诉讼), so a litigation
date needs an arbitration date; mediation may be skipped (第五条: 不愿调解的, 可以直接申请仲裁).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop.core.errors import FieldErrors

CATEGORIES: Mapping[str, str] = {
    "pay": "劳动报酬",
    "leave": "休息休假",
    "protection": "女职工特殊保护",
    "contract": "劳动合同",
    "safety": "劳动安全卫生",
    "other": "其他",
}

STAGES: Mapping[str, str] = {
    "prevention": "预防（工会协调）",
    "mediation": "调解",
    "arbitration": "仲裁",
    "litigation": "诉讼",
}
STAGE_DATES: Mapping[str, str] = {
    "mediation": "mediation_on",
    "arbitration": "arbitration_on",
    "litigation": "litigation_on",
}

OUTCOMES: Mapping[str, str] = {
    "resolved": "已解决",
    "partly": "部分解决",
    "unresolved": "未解决",
    "withdrawn": "职工撤回",
}

SATISFACTION: Mapping[str, str] = {
    "satisfied": "满意",
    "basically": "基本满意",
    "unsatisfied": "不满意",
    "unreachable": "未能回访",
}
SATISFIED: tuple[str, ...] = ("satisfied", "basically")


@dataclass(frozen=True)
class RequestFacts:
    category: str
    summary: str
    received_on: date | None
    mediation_on: date | None = None
    arbitration_on: date | None = None
    litigation_on: date | None = None
    legal_aid_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""
    satisfaction: str = ""


def stage_of(r: RequestFacts) -> str:
    """The furthest step reached: the last stage with a date, else 预防."""
    for stage in ("litigation", "arbitration", "mediation"):
        if getattr(r, STAGE_DATES[stage]) is not None:
            return stage
    return "prevention"


_DATE_LABELS: Mapping[str, str] = {
    "received_on": "受理日期",
    "mediation_on": "调解日期",
    "arbitration_on": "仲裁日期",
    "litigation_on": "诉讼日期",
    "legal_aid_on": "转介法律援助日期",
    "closed_on": "办结日期",
}
_STEPS = ("received_on", "mediation_on", "arbitration_on", "litigation_on")
"""The dated steps in the order a dispute goes through them (受理 ≤ 调解 ≤ 仲裁 ≤ 诉讼)."""


def check_request(r: RequestFacts, *, today: date) -> None:
    """The fields of one request, each message naming its field:

    - a category from the list and a summary of what she asks;
    - dates not after today, each step on or after the one before it (受理 ≤ 调解 ≤ 仲裁 ≤ 诉讼), litigation
      only after arbitration, legal aid on or after intake;
    - closing: on or after every other date, with an outcome and her satisfaction (or 未能回访); outcome and
      satisfaction are for closed requests only.

    A field keeps the first date problem found for it; all fields are reported at once.
    """
    errors: dict[str, str] = {}
    if r.category not in CATEGORIES:
        errors["category"] = "请选择诉求类别"
    if not r.summary.strip():
        errors["summary"] = "请简要写明诉求内容"
    if r.received_on is None:
        errors["received_on"] = "请填写受理日期"
    _check_step_dates(r, today, errors)
    if r.closed_on is not None:
        _check_closing(r, r.closed_on, errors)
    else:
        if r.outcome:
            errors["outcome"] = "未办结的诉求不填写办理结果；办结时请填写办结日期"
        if r.satisfaction:
            errors["satisfaction"] = "满意度在办结回访时填写；请先填写办结日期"
    if errors:
        raise FieldErrors(errors)


def _check_step_dates(r: RequestFacts, today: date, errors: dict[str, str]) -> None:
    """No date after today; each step after the steps before it; litigation after arbitration; aid after intake."""
    for key, label in _DATE_LABELS.items():
        day = getattr(r, key)
        if day is not None and day > today:
            errors.setdefault(key, f"{label}（{day.isoformat()}）晚于今天")
    # Each step after the steps before it that have a date.
    for i, key in enumerate(_STEPS[1:], start=1):
        day = getattr(r, key)
        if day is None:
            continue
        earlier = [(k, getattr(r, k)) for k in _STEPS[:i] if getattr(r, k) is not None]
        late = [(k, d) for k, d in earlier if d > day]
        if late:
            k, d = late[-1]
            errors.setdefault(key, f"{_DATE_LABELS[key]}（{day.isoformat()}）早于{_DATE_LABELS[k]}（{d.isoformat()}）")
    if r.litigation_on is not None and r.arbitration_on is None:
        errors.setdefault("litigation_on", "劳动争议须先经仲裁才能起诉：请先填写仲裁日期")
    if r.legal_aid_on is not None and r.received_on is not None and r.legal_aid_on < r.received_on:
        errors.setdefault("legal_aid_on", f"转介法律援助日期（{r.legal_aid_on.isoformat()}）早于受理日期")


def _check_closing(r: RequestFacts, closed_on: date, errors: dict[str, str]) -> None:
    """Closed on or after every other date, with an outcome and her satisfaction."""
    dated = [(k, getattr(r, k)) for k in [*_STEPS, "legal_aid_on"] if getattr(r, k) is not None]
    late = [(k, d) for k, d in dated if d > closed_on]
    if late:
        k, d = max(late, key=lambda kd: kd[1])
        errors.setdefault("closed_on", f"办结日期（{closed_on.isoformat()}）早于{_DATE_LABELS[k]}（{d.isoformat()}）")
    if r.outcome not in OUTCOMES:
        errors["outcome"] = "办结时请选择办理结果"
    if r.satisfaction not in SATISFACTION:
        errors["satisfaction"] = "办结时请填写职工满意度（无法联系时选“未能回访”）"


@dataclass(frozen=True)
class SummaryRow:
    """One category's counts for the HQ summary: no names, no dates beyond the year."""

    category: str
    total: int
    by_stage: Mapping[str, int]
    legal_aid: int
    closed: int
    resolved: int
    satisfied: int
    asked: int
    """Closed requests whose worker was reached for her satisfaction (未能回访 left out)."""

    @property
    def satisfaction_text(self) -> str:
        return f"{100.0 * self.satisfied / self.asked:.1f}%" if self.asked else "—"


def summarise(rows: Iterable[tuple[str, RequestFacts]]) -> list[SummaryRow]:
    """Counts per category (in the list's order) and a 合计 row last; ``rows`` are (category, facts)."""
    buckets: dict[str, list[RequestFacts]] = {c: [] for c in CATEGORIES}
    for category, facts in rows:
        buckets.setdefault(category, []).append(facts)

    def row(label: str, items: list[RequestFacts]) -> SummaryRow:
        stages = {s: 0 for s in STAGES}
        for f in items:
            stages[stage_of(f)] += 1
        closed = [f for f in items if f.closed_on is not None]
        asked = [f for f in closed if f.satisfaction and f.satisfaction != "unreachable"]
        return SummaryRow(
            label,
            len(items),
            stages,
            sum(1 for f in items if f.legal_aid_on is not None),
            len(closed),
            sum(1 for f in closed if f.outcome == "resolved"),
            sum(1 for f in asked if f.satisfaction in SATISFIED),
            len(asked),
        )

    out = [row(CATEGORIES.get(c, c), items) for c, items in buckets.items()]
    out.append(row("合计", [f for items in buckets.values() for f in items]))
    return out
