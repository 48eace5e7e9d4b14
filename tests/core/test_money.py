"""大写金额 by the worked examples of 《支付结算办法》附一 and the usual edge cases (zeros, 万/亿, 角分, 整)."""

from __future__ import annotations

import pytest

from desktop.core.money import capital_amount


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        # the examples the rules give
        (140950, "壹仟肆佰零玖元伍角"),
        (600714, "陆仟零柒元壹角肆分"),
        (168032, "壹仟陆佰捌拾元零叁角贰分"),
        (10700053, "壹拾万柒仟元零伍角叁分"),
        (1640902, "壹万陆仟肆佰零玖元零贰分"),
        (32504, "叁佰贰拾伍元零肆分"),
        # the brief's
        (120000, "壹仟贰佰元整"),
        (30550, "叁佰零伍元伍角"),
        # 整 only when there are no 分
        (50000, "伍佰元整"),
        (50510, "伍佰零伍元壹角"),
        (50001, "伍佰元零壹分"),
        (50511, "伍佰零伍元壹角壹分"),
        # the 元 digit 0 before 角: one 零 (as in 壹仟陆佰捌拾元零叁角贰分)
        (50010, "伍佰元零壹角"),
        # below one yuan and zero
        (50, "伍角"),
        (5, "伍分"),
        (55, "伍角伍分"),
        (0, "零元整"),
        # 壹拾 and zeros inside a section
        (1000, "壹拾元整"),
        (1500, "壹拾伍元整"),
        (11000, "壹佰壹拾元整"),
        (101000, "壹仟零壹拾元整"),
        (100100, "壹仟零壹元整"),
        (100000, "壹仟元整"),
        # 万 and 亿, with whole sections of zeros
        (1000100, "壹万零壹元整"),
        (10000000, "壹拾万元整"),
        (100050000, "壹佰万零伍佰元整"),
        (123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (10000000000, "壹亿元整"),
        (10001000000, "壹亿零壹万元整"),
        (10000000100, "壹亿零壹元整"),
        (100000100000, "壹拾亿零壹仟元整"),
        (100100000000, "壹拾亿零壹佰万元整"),
        (110000000000, "壹拾壹亿元整"),
        (-120000, "负壹仟贰佰元整"),
    ],
)
def test_capital_amount(fen: int, text: str) -> None:
    assert capital_amount(fen) == text


def test_refuses_what_is_not_an_amount_in_fen() -> None:
    with pytest.raises(TypeError):
        capital_amount(12.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        capital_amount(10**19)
