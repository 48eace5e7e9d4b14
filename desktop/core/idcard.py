"""Resident ID numbers (GB 11643-1999): checksum, birth date, sex, masking (domain.md §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.core.errors import DomainError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # "M" or "F"
    region: str


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: object) -> str:
    """Strip spaces (full-width too) and upper-case the x check character."""
    text = "" if raw is None else str(raw)
    return re.sub(r"[\s\u3000]", "", text).upper()


def parse_id_number(raw: object, *, today: date | None = None) -> IdInfo:
    """Validate an ID number and read its birth date and sex; DomainError names what is wrong."""
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        raise DomainError(
            f"身份证号被 Excel 存成了数字（{raw!r}），末位或后几位可能已丢失；请把该列设为文本后重新填写",
            field="id_number",
        )
    number = normalize(raw)
    if not number:
        raise DomainError("身份证号不能为空", field="id_number")
    if _SCIENTIFIC.match(number):
        raise DomainError(
            f"身份证号“{number}”是科学计数法，Excel 已丢失后几位数字；请把该列设为文本后重新填写",
            field="id_number",
        )
    if len(number) != 18:
        raise DomainError(f"身份证号应为18位，“{number}”是{len(number)}位", field="id_number")
    if not _SHAPE.match(number):
        raise DomainError(f"身份证号“{number}”含有非法字符（前17位须为数字，末位为数字或X）", field="id_number")
    y, m, d = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        birth = date(y, m, d)
    except ValueError:
        raise DomainError(f"身份证号“{number}”中的出生日期 {y}年{m}月{d}日 不存在", field="id_number") from None
    if birth > (today or date.today()) or y < 1900:
        raise DomainError(f"身份证号“{number}”中的出生日期 {birth.isoformat()} 不合理", field="id_number")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise DomainError(
            f"身份证号“{number}”校验位错误（按前17位计算应为 {expected}），请核对是否有输错的数字",
            field="id_number",
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, birth_date=birth, sex=sex, region=number[:6])


_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


def mask_in_text(text: str) -> str:
    """Free text with every valid ID number in it masked (a clerk may type one into a note or a reason)."""
    if len(text) < 18:
        return text

    def hide(m: re.Match[str]) -> str:
        number = m.group(0).upper()
        return mask(number) if check_char(number[:17]) == number[17] else m.group(0)

    return _IN_TEXT.sub(hide, text)


# What a masked number keeps (docs/decisions.md, "Masking that holds"): the 6-digit region and the check
# character. Colleagues know a worker's birthday and see her sex, so birth date and sex are no secret; the
# only secret part is the 3-digit sequence. Keeping the last four (the older 150785********0022) kept the
# whole sequence, so any birth date rebuilt the number; hiding it leaves about 45 numbers even to someone
# who knows the exact birthday, and thousands to someone who has only a birth year or an age.
MASK_KEEP_START = 6
MASK_KEEP_END = 1


def mask(number: str | None) -> str:
    """150785***********2: only the region and the check character stay (PIPL art. 28)."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:MASK_KEEP_START] + "*" * (len(number) - MASK_KEEP_START - MASK_KEEP_END) + number[-MASK_KEEP_END:]


def legacy_mask(number: str | None) -> str:
    """The mask older exports used (region and last four, 150785********0022): only to recognise masked
    numbers in workbooks exported before the change; never written any more."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def is_mask_of(masked: object, number: str) -> bool:
    """Whether ``masked`` (as read from a sheet) is ``number`` masked now or by an older version."""
    text = normalize(masked)
    return bool(text) and text in (mask(number), legacy_mask(number))
