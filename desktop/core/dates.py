"""Date helpers shared by every rule: month arithmetic, ages, and the date styles clerks type."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from desktop.core.errors import DomainError


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic; a day missing in the target month becomes its last day.

    domain.md §3: "a day that does not exist in the target month moves to that month's last day".
    """
    total = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Anniversary in another year; 29 February falls on 1 March in a common year.

    domain.md §3 fixes this for a child born on 29 February (first birthday on 1 March).
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a day (the birthday itself counts as the new age)."""
    years = on.year - birth.year
    if add_years(birth, years) > on:
        years -= 1
    return years


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> date | None:
    """Read a date as clerks write it: Excel dates, 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日.

    Returns None for an empty value; raises DomainError for text that is not a real date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace(" ", "").replace("\u3000", "")
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d)
            except ValueError:
                raise DomainError(f"“{value}”不是有效日期（{y}年没有{mo}月{d}日）") from None
    raise DomainError(f"“{value}”不是可识别的日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日")


def format_date(day: date | None) -> str:
    """yyyy-MM-dd as shown on every screen and form; empty for no date."""
    return day.isoformat() if day else ""
