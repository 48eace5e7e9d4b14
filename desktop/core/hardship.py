"""Hardship files (困难职工档案, 一户一档): grades, statuses, per-capita income and the checks of a file.

Incomes are yearly amounts in fen. Per-capita income is the household's yearly income divided by the
household size, rounded half up to the fen, so the figure on the card is the one anybody recomputes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from desktop.core.dates import add_years
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import normalize, parse_id_number

GRADES: Mapping[str, str] = {"deep": "深度困难", "relative": "相对困难", "accident": "意外致困"}
STATUS: Mapping[str, str] = {"active": "在档", "out": "脱困", "withdrawn": "退档"}
CAUSES: tuple[str, ...] = ("因病", "因残", "因子女就学", "单亲", "下岗失业", "意外灾害", "收入低", "赡养负担重", "其他")
WITHDRAW_REASONS: tuple[str, ...] = ("退休", "调离", "去世", "其他")
MAX_HOUSEHOLD = 20
MAX_INCOME_FEN = 1_000_000_000  # 1000万元 a year: beyond is a typing slip


def per_capita_fen(household_income_fen: int, household_size: int) -> int:
    """Yearly household income / size, rounded half up to the fen (integers only, no float error)."""
    if household_size < 1:
        raise DomainError("家庭人口至少为1人", field="household_size")
    if household_income_fen < 0:
        raise DomainError("家庭年收入不能为负数", field="household_income_fen")
    return (2 * household_income_fen + household_size) // (2 * household_size)


def mask_account(account: str) -> str:
    """**** 1234: only the last four digits of a bank account, as banks print them."""
    digits = "".join((account or "").split())
    if len(digits) <= 4:
        return "*" * len(digits)
    return "**** " + digits[-4:]


def review_due(opened_on: date, last_reviewed_on: date | None) -> date:
    """Files are reviewed yearly: a year after the last review, or after opening when never reviewed."""
    return add_years(last_reviewed_on or opened_on, 1)


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    id_number: str = ""
    health: str = ""
    income_fen: int = 0
    school_or_work: str = ""


def check_members(members: Sequence[Member], *, today: date | None = None) -> list[Member]:
    """Cleaned members; FieldErrors under "members" naming the row and the problem."""
    problems: list[str] = []
    out: list[Member] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(members, 1):
        name = "".join((m.name or "").split())
        if not name:
            problems.append(f"第{i}位家庭成员：请填写姓名")
            continue
        number = normalize(m.id_number)
        if number:
            try:
                number = parse_id_number(number, today=today).number
            except DomainError as e:
                problems.append(f"家庭成员“{name}”：{e.message}")
            if number in seen:
                problems.append(f"家庭成员“{name}”的身份证号与第{seen[number]}位重复")
            seen[number] = i
        if not (m.relation or "").strip():
            problems.append(f"家庭成员“{name}”：请填写与本人关系")
        if m.income_fen < 0 or m.income_fen > MAX_INCOME_FEN:
            problems.append(f"家庭成员“{name}”：年收入不合理")
        out.append(
            Member(
                name,
                m.relation.strip(),
                number,
                (m.health or "").strip(),
                m.income_fen,
                (m.school_or_work or "").strip(),
            )
        )
    if problems:
        raise FieldErrors({"members": "；".join(problems)})
    return out


def check_household(
    *, own_income_fen: int, household_income_fen: int, household_size: int, members: Sequence[Member]
) -> None:
    """The numbers of a file must agree: the household includes the worker and every listed member."""
    errors: dict[str, str] = {}
    if not 1 <= household_size <= MAX_HOUSEHOLD:
        errors["household_size"] = f"家庭人口应为1到{MAX_HOUSEHOLD}人"
    elif household_size < len(members) + 1:
        errors["household_size"] = f"家庭人口{household_size}人少于本人加已登记的{len(members)}位家庭成员"
    for key, v, label in (
        ("own_income_fen", own_income_fen, "本人年收入"),
        ("household_income_fen", household_income_fen, "家庭年收入"),
    ):
        if v < 0 or v > MAX_INCOME_FEN:
            errors[key] = f"{label}不合理"
    listed = own_income_fen + sum(m.income_fen for m in members)
    if "household_income_fen" not in errors and household_income_fen < listed:
        from desktop.core.condolences import yuan

        errors["household_income_fen"] = (
            f"家庭年收入{yuan(household_income_fen)}元少于本人与家庭成员收入之和{yuan(listed)}元"
        )
    if errors:
        raise FieldErrors(errors)


def check_transition(current: str, new: str, *, on: date | None, reason: str) -> None:
    """在档 → 脱困/退档 and back to 在档 (a household that falls back into hardship keeps its one file)."""
    if new not in STATUS:
        raise DomainError(f"档案状态应为：{'、'.join(STATUS.values())}", field="status")
    if new == current:
        raise DomainError(f"档案已是“{STATUS[new]}”状态", field="status")
    if current != "active" and new != "active":
        raise DomainError(f"“{STATUS[current]}”的档案须先恢复在档，才能改为“{STATUS[new]}”", field="status")
    errors: dict[str, str] = {}
    if on is None:
        errors["status_on"] = "请填写状态变更日期"
    if not (reason or "").strip():
        errors["status_reason"] = f"改为“{STATUS[new]}”须写明原因"
    if errors:
        raise FieldErrors(errors)


# --- the file a clerk enters (moved from the service, #20) ---------------------------------------------


@dataclass(frozen=True)
class FileDraft:
    grade: str = "relative"
    main_cause: str = ""
    secondary_causes: str = ""
    health: str = ""
    disability: str = ""
    marital_status: str = ""
    housing: str = ""
    single_parent: bool = False
    own_income_fen: int = 0
    household_income_fen: int = 0
    household_size: int = 1
    bank_name: str = ""
    bank_account: str = ""
    opened_on: date | None = None
    last_reviewed_on: date | None = None
    base_opinion: str = ""
    base_signed_on: date | None = None
    higher_opinion: str = ""
    higher_signed_on: date | None = None
    notes: str = ""
    members: tuple[Member, ...] = field(default_factory=tuple)


SCALARS = [f.name for f in fields(FileDraft) if f.name != "members"]

FIELD_LABELS: dict[str, str] = {
    "worker_id": "职工",
    "grade": "困难类别",
    "main_cause": "主要致困原因",
    "secondary_causes": "次要致困原因",
    "health": "健康状况",
    "disability": "残疾情况",
    "marital_status": "婚姻状况",
    "housing": "住房情况",
    "single_parent": "单亲",
    "own_income_fen": "本人年收入",
    "household_income_fen": "家庭年收入",
    "household_size": "家庭人口",
    "bank_name": "开户银行",
    "bank_account": "银行账号",
    "opened_on": "建档日期",
    "last_reviewed_on": "最近复核日期",
    "base_opinion": "基层工会意见",
    "base_signed_on": "基层工会签署日期",
    "higher_opinion": "上级工会意见",
    "higher_signed_on": "上级工会签署日期",
    "notes": "备注",
    "members": "家庭成员",
    "status": "档案状态",
    "status_on": "状态日期",
    "status_reason": "状态原因",
}


def check_file(draft: FileDraft, *, today: date | None = None) -> FileDraft:
    """A cleaned copy or FieldErrors naming every wrong field (pure)."""
    today = today or date.today()
    errors: dict[str, str] = {}
    if draft.grade not in GRADES:
        errors["grade"] = f"困难类别应为：{'、'.join(GRADES.values())}"
    if not draft.main_cause.strip():
        errors["main_cause"] = "请填写主要致困原因"
    if draft.opened_on is None:
        errors["opened_on"] = "请填写建档日期"
    elif draft.opened_on > today:
        errors["opened_on"] = "建档日期晚于今天，请核对"
    if draft.last_reviewed_on and draft.opened_on and draft.last_reviewed_on < draft.opened_on:
        errors["last_reviewed_on"] = "复核日期早于建档日期"
    account = "".join(draft.bank_account.split())
    if account and (not account.isdigit() or not 8 <= len(account) <= 30):
        errors["bank_account"] = "银行账号应为8到30位数字"
    members: list[Member] = []
    try:
        members = check_members(draft.members, today=today)
    except FieldErrors as e:
        errors.update(e.errors)
    try:
        check_household(
            own_income_fen=draft.own_income_fen,
            household_income_fen=draft.household_income_fen,
            household_size=draft.household_size,
            members=members,
        )
    except FieldErrors as e:
        errors.update(e.errors)
    if errors:
        raise FieldErrors(errors)
    text = {
        k: " ".join(str(getattr(draft, k) or "").split())
        for k in ("main_cause", "secondary_causes", "health", "disability", "marital_status", "housing", "bank_name")
    }
    return FileDraft(
        **{
            **{k: getattr(draft, k) for k in SCALARS},
            **text,
            "bank_account": account,
            "base_opinion": draft.base_opinion.strip(),
            "higher_opinion": draft.higher_opinion.strip(),
            "notes": draft.notes.strip(),
            "members": tuple(members),
        }
    )
