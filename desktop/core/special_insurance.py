"""女职工特殊疾病互助保障 (特种病保险): enrolments, claims and the rules a claim must meet. Pure.

The article (seed-articles.txt, 丁宁) names 特种病保险 beside the 两癌 screening as part of the union's care for
women workers, and the 专项集体合同 writes its enrolment rate into a clause. The union enrols women for a
coverage period (usually one year), pays the premium or collects it from her, and files her claim with the
plan when she is diagnosed with one of the plan's diseases.

The coded list of diseases (``DIAGNOSES``) follows the 8 classes of 中国职工保险互助会《在职女职工特殊疾病互助
保障计划》实施细则, 第二条 (docs/decisions.md, "特种病保险"); a local plan that covers other diseases adds
them here. A diagnosis outside the list is not covered: the claim is refused with the list named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop.core.errors import FieldErrors

DIAGNOSES: Mapping[str, str] = {
    "cervical": "子宫颈癌",
    "fallopian": "输卵管恶性肿瘤",
    "endometrial": "子宫内膜癌",
    "choriocarcinoma": "绒毛膜癌",
    "breast": "乳腺癌",
    "vulvar_vaginal": "原发性外阴癌、阴道癌",
    "uterine_sarcoma": "原发性子宫肉瘤",
    "ovarian": "原发性卵巢癌",
}
"""中国职工保险互助会《在职女职工特殊疾病互助保障计划》实施细则 第二条: the 8 classes of women's special
malignant tumours the plan pays for, in the plan's order."""

PAYERS: Mapping[str, str] = {"union": "工会缴纳", "worker": "个人缴纳", "shared": "工会和个人共同缴纳"}

CLAIM_STATUS: Mapping[str, str] = {
    "received": "已受理",  # the union has her papers
    "submitted": "已报送",  # sent to the plan's office
    "paid": "已给付",
    "rejected": "未获给付",
}
CLOSED_STATUSES: tuple[str, ...] = ("paid", "rejected")

DOCUMENTS: Mapping[str, str] = {
    "diagnosis": "医院诊断证明",
    "pathology": "病理检查报告",
    "record": "病历（首页及出院小结）",
    "id_copy": "身份证复印件",
    "bank": "银行卡复印件",
    "application": "互助金申请表",
}
"""What the union collects before it files a claim; the plan pays on a diagnosis and a pathology report (no
bills), so those two are required before a claim can be 已报送."""
REQUIRED_DOCUMENTS: tuple[str, ...] = ("diagnosis", "pathology")

MAX_COVERAGE_DAYS = 366
"""One enrolment is one coverage period of at most a year: the plan renews yearly, and a longer period typed
by mistake (2026-01-01 至 2027-12-31) would hide a missed renewal."""
MAX_PREMIUM_FEN = 100_000  # 1,000 元: far above any plan's yearly premium; a typo of fen for yuan is caught
MAX_AMOUNT_FEN = 10_000_000  # 100,000 元 for one claim


@dataclass(frozen=True)
class EnrolmentFacts:
    id: int
    worker_id: int
    plan_name: str
    coverage_start: date
    coverage_end: date
    archived: bool = False

    def covers(self, day: date) -> bool:
        return not self.archived and self.coverage_start <= day <= self.coverage_end

    @property
    def period_text(self) -> str:
        return f"{self.coverage_start.isoformat()} 至 {self.coverage_end.isoformat()}"


def check_enrolment(
    plan_name: str,
    coverage_start: date | None,
    coverage_end: date | None,
    premium_fen: int | None,
    payer: str,
    others: Iterable[EnrolmentFacts] = (),
) -> None:
    """An enrolment's own fields, and no overlap with her other enrolments in the same plan (``others``)."""
    errors: dict[str, str] = {}
    if not plan_name.strip():
        errors["plan_name"] = "请填写保障计划名称（如：在职女职工特殊疾病互助保障计划）"
    if coverage_start is None:
        errors["coverage_start"] = "请填写保障期起始日期"
    if coverage_end is None:
        errors["coverage_end"] = "请填写保障期截止日期"
    if coverage_start is not None and coverage_end is not None:
        if coverage_end < coverage_start:
            errors["coverage_end"] = (
                f"保障期截止日期（{coverage_end.isoformat()}）早于起始日期（{coverage_start.isoformat()}）"
            )
        elif (coverage_end - coverage_start).days + 1 > MAX_COVERAGE_DAYS:
            errors["coverage_end"] = (
                f"保障期为{(coverage_end - coverage_start).days + 1}天，一次参保最长一年"
                f"（{MAX_COVERAGE_DAYS}天）；跨年请分年登记"
            )
        else:
            for o in others:
                if o.archived or o.plan_name.strip() != plan_name.strip():
                    continue
                if o.coverage_start <= coverage_end and coverage_start <= o.coverage_end:
                    errors["coverage_start"] = f"与她已登记的“{o.plan_name}”保障期（{o.period_text}）重叠"
                    break
    if premium_fen is None:
        errors["premium_fen"] = "请填写缴费金额（元）"
    elif premium_fen <= 0:
        errors["premium_fen"] = "缴费金额应大于0元"
    elif premium_fen > MAX_PREMIUM_FEN:
        errors["premium_fen"] = f"缴费金额{premium_fen / 100:.2f}元超过{MAX_PREMIUM_FEN // 100}元，请核对（单位是元）"
    if payer not in PAYERS:
        errors["payer"] = "请选择缴费方（工会、个人或共同缴纳）"
    if errors:
        raise FieldErrors(errors)


def covering(enrolments: Iterable[EnrolmentFacts], day: date) -> EnrolmentFacts | None:
    """Her enrolment whose coverage period holds ``day`` (the latest start when two plans do)."""
    found = [e for e in enrolments if e.covers(day)]
    return max(found, key=lambda e: (e.coverage_start, e.id)) if found else None


@dataclass(frozen=True)
class ClaimFacts:
    diagnosis: str
    diagnosis_date: date | None
    claimed_fen: int | None
    paid_fen: int | None
    status: str
    documents: frozenset[str] = frozenset()
    decided_on: date | None = None


def check_claim(c: ClaimFacts, enrolments: Iterable[EnrolmentFacts], *, today: date) -> EnrolmentFacts:
    """The rules a claim must meet; returns the enrolment covering the diagnosis date.

    - the diagnosis is one of the plan's diseases (``DIAGNOSES``);
    - an enrolment of hers covers the diagnosis date (coverage_start ≤ date ≤ coverage_end);
    - the claimed amount is above zero; the paid amount is never above it, is given once the claim is 已给付
      and is empty or zero while it is not;
    - a claim is 已报送 or later only with the diagnosis and the pathology report received.

    All problems are reported at once, in the order of the form (a later rule may replace a field's message).
    """
    errors: dict[str, str] = {}
    if c.diagnosis not in DIAGNOSES:
        errors["diagnosis"] = (
            ("诊断类别不在保障范围内；本计划保障：" + "、".join(DIAGNOSES.values()))
            if c.diagnosis
            else "请选择诊断类别"
        )
    found = _claim_cover(c, enrolments, today, errors)
    _check_claim_amounts(c, errors)
    _check_decision(c, today, errors)
    _check_claim_documents(c, errors)
    if errors:
        raise FieldErrors(errors)
    assert found is not None
    return found


def _claim_cover(
    c: ClaimFacts, enrolments: Iterable[EnrolmentFacts], today: date, errors: dict[str, str]
) -> EnrolmentFacts | None:
    """The enrolment covering the diagnosis date, or None with the reason in ``errors``."""
    if c.diagnosis_date is None:
        errors["diagnosis_date"] = "请填写确诊日期"
        return None
    if c.diagnosis_date > today:
        errors["diagnosis_date"] = f"确诊日期（{c.diagnosis_date.isoformat()}）晚于今天"
        return None
    rows = [e for e in enrolments if not e.archived]
    found = covering(rows, c.diagnosis_date)
    if found is None:
        periods = "、".join(e.period_text for e in sorted(rows, key=lambda e: e.coverage_start))
        errors["diagnosis_date"] = (
            f"确诊日期{c.diagnosis_date.isoformat()}不在她的任何保障期内"
            + (f"（已登记：{periods}）" if periods else "（她没有参保登记）")
            + "，不能申请互助金"
        )
    return found


def _check_claim_amounts(c: ClaimFacts, errors: dict[str, str]) -> None:
    """The claimed amount, the status, and the paid amount the status calls for."""
    if c.claimed_fen is None or c.claimed_fen <= 0:
        errors["claimed_fen"] = "申请金额应大于0元"
    elif c.claimed_fen > MAX_AMOUNT_FEN:
        errors["claimed_fen"] = f"申请金额超过{MAX_AMOUNT_FEN // 100}元，请核对（单位是元）"
    if c.status not in CLAIM_STATUS:
        errors["status"] = "请选择办理状态"
    if c.status == "paid":
        if not c.paid_fen:
            errors["paid_fen"] = "状态为已给付时请填写给付金额"
        if c.decided_on is None:
            errors["decided_on"] = "状态为已给付时请填写给付日期"
    elif c.paid_fen:
        errors["paid_fen"] = f"状态为“{CLAIM_STATUS.get(c.status, c.status)}”时不应填写给付金额"
    if c.paid_fen is not None and c.paid_fen < 0:
        errors["paid_fen"] = "给付金额不能为负数"
    elif c.paid_fen and c.claimed_fen and c.paid_fen > c.claimed_fen:
        errors["paid_fen"] = f"给付金额（{c.paid_fen / 100:.2f}元）超过申请金额（{c.claimed_fen / 100:.2f}元）"


def _check_decision(c: ClaimFacts, today: date, errors: dict[str, str]) -> None:
    """A refusal has its answer date; the decision lies between the diagnosis and today."""
    if c.status == "rejected" and c.decided_on is None:
        errors["decided_on"] = "未获给付时请填写答复日期"
    if c.decided_on is not None and c.diagnosis_date is not None and c.decided_on < c.diagnosis_date:
        errors["decided_on"] = f"给付/答复日期（{c.decided_on.isoformat()}）早于确诊日期"
    if c.decided_on is not None and c.decided_on > today:
        errors["decided_on"] = f"给付/答复日期（{c.decided_on.isoformat()}）晚于今天"


def _check_claim_documents(c: ClaimFacts, errors: dict[str, str]) -> None:
    unknown = set(c.documents) - set(DOCUMENTS)
    if unknown:
        errors["documents"] = "未知的材料：" + "、".join(sorted(unknown))
    elif c.status in ("submitted", "paid"):
        missing = [DOCUMENTS[d] for d in REQUIRED_DOCUMENTS if d not in c.documents]
        if missing:
            errors["documents"] = f"报送前须收齐{'、'.join(missing)}"


def documents_text(codes: Iterable[str]) -> str:
    """Received documents in the list's order: "医院诊断证明、病理检查报告"."""
    chosen = set(codes)
    return "、".join(label for code, label in DOCUMENTS.items() if code in chosen)


def parse_documents(stored: str) -> frozenset[str]:
    return frozenset(c for c in stored.split(",") if c)


def store_documents(codes: Iterable[str]) -> str:
    chosen = set(codes)
    return ",".join(code for code in DOCUMENTS if code in chosen)


@dataclass(frozen=True)
class Renewal:
    """A coverage period ending soon without a later enrolment of hers in the same plan."""

    enrolment_id: int
    worker_id: int
    due: date
    """The reminder's day: ``RENEWAL_DAYS`` before the end."""
    coverage_end: date


RENEWAL_DAYS = 30
"""Renewal is collected with the next year's premium; a month gives the union time to collect from units."""


def renewals(enrolments: Iterable[EnrolmentFacts], start: date, end: date) -> list[Renewal]:
    """Enrolments whose renewal reminder falls in [start, end], or whose day passed while she is still covered
    (shown on ``start`` so a late look does not lose it); one renewed by a later enrolment in the same plan
    (starting by the day after the end) needs nothing."""
    rows = [e for e in enrolments if not e.archived]
    # Her enrolments in the same plan, so each check looks at a handful of rows, not all the office's thousands.
    same: dict[tuple[int, str], list[EnrolmentFacts]] = {}
    for e in rows:
        same.setdefault((e.worker_id, e.plan_name), []).append(e)
    out: list[Renewal] = []
    for e in rows:
        next_day = date.fromordinal(e.coverage_end.toordinal() + 1)
        renewed = any(
            o.id != e.id and e.coverage_end < o.coverage_end and o.coverage_start <= next_day
            for o in same[(e.worker_id, e.plan_name)]
        )
        if renewed:
            continue
        due = date.fromordinal(e.coverage_end.toordinal() - RENEWAL_DAYS)
        if start <= due <= end:
            out.append(Renewal(e.id, e.worker_id, due, e.coverage_end))
        elif due < start <= e.coverage_end:
            out.append(Renewal(e.id, e.worker_id, start, e.coverage_end))
    return out


def enrolment_share(enrolled: int, women: int) -> str:
    return f"{100.0 * enrolled / women:.1f}%" if women else "—"
