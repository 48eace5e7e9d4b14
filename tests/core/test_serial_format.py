"""Record numbers (#17 item 3): the format and what a clerk may type, worked examples."""

from __future__ import annotations

import pytest

from desktop.core import serials as serial_rules


@pytest.mark.parametrize(
    ("kind", "year", "number", "text"),
    [
        ("visit", 2026, 42, "慰2026-0042"),
        ("batch", 2026, 3, "批2026-003"),
        ("activity", 2026, 17, "活2026-017"),
        ("honour", 2026, 5, "证2026-0005"),
        ("plan", 2026, 2, "检2026-002"),
        ("hardship", 2025, 1, "帮2025-0001"),
        ("batch", 2026, 1000, "批2026-1000"),  # past the padding: written in full, never cut
    ],
)
def test_format(kind: str, year: int, number: int, text: str) -> None:
    assert serial_rules.format_serial(kind, year, number) == text
    assert serial_rules.parse_serial(text) == serial_rules.Serial(kind, year, number)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("慰2026-42", "慰2026-0042"),  # zero padding may be left out
        ("慰２０２６－４２", "慰2026-0042"),  # a Chinese input method's full-width digits and dash
        (" 慰2026 - 0042 ", "慰2026-0042"),
        ("慰2026—42", "慰2026-0042"),  # the long dash of a Chinese keyboard
        ("慰202642", "慰2026-0042"),  # no dash: the year is always four digits
        ("批2026-3", "批2026-003"),
        ("活2026-0017", "活2026-017"),  # more padding than needed is the same number
    ],
)
def test_forgiving_parse(typed: str, stored: str) -> None:
    assert serial_rules.canonical(typed) == stored


@pytest.mark.parametrize(
    ("typed", "kind", "words"),
    [
        ("", "visit", "请填写慰问记录编号"),
        ("ALH-ea62f220", "visit", "不是慰问记录编号"),
        ("42", None, "不是记录编号"),
        ("慰26-42", "visit", "不是慰问记录编号"),
        ("批2026-003", "visit", "是发放批次编号，这里要的是慰问记录编号"),
        ("慰2026-0", "visit", "序号应从 1 起"),
        ("慰1066-1", "visit", "年份 1066 不合理"),
        ("甲2026-1", None, "不是记录编号"),
    ],
)
def test_refusals_say_what_a_number_looks_like(typed: str, kind: str | None, words: str) -> None:
    with pytest.raises(serial_rules.SerialError, match=words) as err:
        serial_rules.parse_serial(typed, kind)
    assert "如" in str(err.value)  # an example is always given


def test_kind_check_and_lookalikes() -> None:
    assert serial_rules.parse_serial("证2026-5", "honour") == serial_rules.Serial("honour", 2026, 5)
    assert serial_rules.looks_like_serial("慰2026-1") and serial_rules.looks_like_serial("  检2026-2")
    assert not serial_rules.looks_like_serial("ALH-ea62f220-1c2d") and not serial_rules.looks_like_serial("17")


def test_sort_key_orders_by_number_not_text() -> None:
    serials = ["批2026-1000", "批2026-999", "批2025-010", "慰2026-0001"]
    assert sorted(serials, key=serial_rules.sort_key) == ["批2025-010", "批2026-999", "批2026-1000", "慰2026-0001"]


def test_every_kind_has_its_own_character() -> None:
    assert len(serial_rules.BY_PREFIX) == len(serial_rules.KINDS)
    with pytest.raises(ValueError):
        serial_rules.format_serial("visit", 2026, 0)
