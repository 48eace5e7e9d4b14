"""Phone numbers on printed sheets (docs/decisions.md, "Masking that holds")."""

from __future__ import annotations

import pytest

from desktop.core.text import mask_phone


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("13812345678", "138****5678"),
        (" 138 1234 5678", "138****5678"),  # as typed, cleaned like validate_phone
        ("0470-3521234", "0470-***1234"),  # the area code names the town; it stays
        ("04703521234", "0470-***1234"),
        ("010-12345678", "010-****5678"),
        ("0470-3521234-801", "0470-***1234-801"),  # an extension names a desk, not a person
        ("12345", "*****"),  # too short to show four digits of
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(raw: object, shown: str) -> None:
    assert mask_phone(raw) == shown


def test_keep_together_joins_each_paragraphs_tail() -> None:
    from desktop.core.text import WORD_JOINER, keep_together

    assert keep_together("数据文件还没有账户。\n短") == f"数据文件还没{WORD_JOINER.join('有账户。')}\n短"
    assert keep_together("建立账户。").replace(WORD_JOINER, "") == "建立账户。"
