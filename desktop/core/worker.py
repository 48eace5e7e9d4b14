"""The rules a worker record must satisfy, independent of where it came from (dialog or import)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from desktop.core import enums, free_text, hazards
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import parse_id_number
from desktop.core.text import validate_name, validate_phone

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "id_number": "身份证号",
    "unit_id": "所属单位",
    "post": "岗位",
    "hazards": "岗位禁忌作业",
    "employment_type": "用工形式",
    "union_member": "是否工会会员",
    "union_join_date": "入会日期",
    "phone": "联系电话",
    "hire_date": "入职日期",
    "contract_end": "合同到期日",
    "status": "状态",
    "notes": "备注",
}


# Typed by the clerk; each is held to desktop.core.free_text (备注 up to NOTE_MAX, the others to a line).
_FREE_TEXT = ("name", "ethnicity", "post", "phone", "notes")


@dataclass
class WorkerDraft:
    """What the clerk entered; sex may be empty (then it is taken from the ID number)."""

    name: str = ""
    id_number: str = ""
    sex: str = ""
    ethnicity: str = ""
    unit_id: int | None = None
    post: str = ""
    hazards: str = ""
    employment_type: str = "active"
    union_member: bool = True
    union_join_date: date | None = None
    phone: str = ""
    hire_date: date | None = None
    contract_end: date | None = None
    """合同到期日 (may lie in the future); checked against her protected periods (#18 item 7)."""
    status: str = "on_roll"
    notes: str = ""
    birth_date: date | None = field(default=None)


def check_worker(draft: WorkerDraft, *, today: date | None = None) -> WorkerDraft:
    """Return a cleaned copy with birth date and sex derived from the ID number, or raise FieldErrors.

    Every field is checked and all problems are reported at once, in the order of the form.
    """
    today = today or date.today()
    out = replace(draft)
    errors = _free_text_problems(draft)
    _check_name(draft, out, errors)
    _check_id_number(draft, out, errors, today)
    if draft.unit_id is None:
        errors["unit_id"] = "请选择所属单位"
    _check_choices(draft, errors)
    _check_phone(draft, out, errors)
    try:
        out.hazards = hazards.encode(hazards.decode(draft.hazards))
    except DomainError as e:
        errors["hazards"] = e.message
    out.post = (draft.post or "").strip()
    out.ethnicity = (draft.ethnicity or "").strip()
    out.notes = (draft.notes or "").strip()
    _check_dates(draft, out.birth_date, errors, today)
    if not draft.union_member:
        out.union_join_date = None
    if errors:
        raise FieldErrors(errors)
    return out


def _free_text_problems(draft: WorkerDraft) -> dict[str, str]:
    # Free text first (control characters, length): a 5,000,000-character cell is named by its length, never
    # echoed back inside a message by the rules below.
    errors: dict[str, str] = {}
    for key in _FREE_TEXT:
        value = getattr(draft, key)
        if isinstance(value, str):
            problem = free_text.text_problem(value, FIELD_LABELS[key], free_text.limit_for(key))
            if problem is not None:
                errors[key] = problem
    return errors


def _check_name(draft: WorkerDraft, out: WorkerDraft, errors: dict[str, str]) -> None:
    if "name" in errors:
        return
    try:
        out.name = validate_name(draft.name)
    except DomainError as e:
        errors["name"] = e.message


def _check_id_number(draft: WorkerDraft, out: WorkerDraft, errors: dict[str, str], today: date) -> None:
    """The ID number decides birth date and sex; a sex or birth date typed against it is an error."""
    try:
        info = parse_id_number(draft.id_number, today=today)
    except DomainError as e:
        errors["id_number"] = e.message
        return
    out.id_number = info.number
    out.birth_date = info.birth_date
    if draft.sex and draft.sex != info.sex:
        errors["sex"] = (
            f"性别填的是“{enums.label(enums.SEX, draft.sex)}”，但身份证号第17位表示"
            f"“{enums.label(enums.SEX, info.sex)}”，请核对"
        )
    out.sex = info.sex
    if draft.birth_date and draft.birth_date != info.birth_date:
        errors["birth_date"] = (
            f"出生日期填的是 {draft.birth_date.isoformat()}，与身份证号中的 {info.birth_date.isoformat()} 不一致"
        )


def _check_choices(draft: WorkerDraft, errors: dict[str, str]) -> None:
    for key, mapping in (
        ("employment_type", enums.EMPLOYMENT_TYPE),
        ("status", enums.WORKER_STATUS),
    ):
        if getattr(draft, key) not in mapping:
            errors[key] = f"{FIELD_LABELS[key]}“{getattr(draft, key)}”不是可选值"


def _check_phone(draft: WorkerDraft, out: WorkerDraft, errors: dict[str, str]) -> None:
    if "phone" in errors:
        return
    try:
        out.phone = validate_phone(draft.phone)
    except DomainError as e:
        errors["phone"] = e.message


def _check_dates(draft: WorkerDraft, birth: date | None, errors: dict[str, str], today: date) -> None:
    """Hire and join dates lie between birth and today; the contract ends after birth and hire."""
    for key in ("hire_date", "union_join_date"):
        when: date | None = getattr(draft, key)
        if when is None:
            continue
        if when > today:
            errors[key] = f"{FIELD_LABELS[key]} {when.isoformat()} 晚于今天"
        elif birth and when < birth:
            errors[key] = f"{FIELD_LABELS[key]} {when.isoformat()} 早于出生日期"
    end = draft.contract_end
    if end is None:
        return
    if birth and end < birth:
        errors["contract_end"] = f"合同到期日 {end.isoformat()} 早于出生日期"
    elif draft.hire_date is not None and end < draft.hire_date:
        errors["contract_end"] = f"合同到期日 {end.isoformat()} 早于入职日期 {draft.hire_date.isoformat()}"
