"""Amounts in Chinese capital numerals (大写金额) for forms filed with a payment.

The rules are those of 中国人民银行《支付结算办法》附一《正确填写票据和结算凭证的基本规定》:
- 壹贰叁肆伍陆柒捌玖拾佰仟万亿 and 元角分; an amount to the 元 or to the 角 ends with 整 after 元
  ("壹仟贰佰元整") and may end at 角 without it ("叁佰零伍元伍角"); one with 分 never takes 整;
- zeros between digits are written as one 零 ("壹仟肆佰零玖元伍角", "陆仟零柒元壹角肆分");
- when the 元 digit is 0 but 角 is not, one 零 may be written or not: this module writes it
  ("壹仟陆佰捌拾元零叁角贰分", "壹拾万柒仟元零伍角叁分", the first form the rules give);
- when 角 is 0 and 分 is not, 零 must follow 元 ("壹万陆仟肆佰零玖元零贰分");
- 10 to 19 are written with 壹 ("壹拾元整"), as a cheque requires.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿", "万亿")
MAX_FEN = 10**18 - 1  # below 一万万亿 元: far beyond any union payment, yet every section has a name


def _integer(yuan: int) -> str:
    """Whole yuan in capitals without 元: 107000 → 壹拾万柒仟, 100010000 → 壹亿零壹万."""
    digits = [int(c) for c in str(yuan)]
    n = len(digits)
    out: list[str] = []
    zero = False  # a 0 since the last digit written: the next digit is preceded by one 零
    section_has_digit = False
    for i, d in enumerate(digits):
        place = n - 1 - i
        if d == 0:
            zero = zero or bool(out)
        else:
            if zero:
                out.append("零")
            zero = False
            out.append(DIGITS[d] + _PLACES[place % 4])
            section_has_digit = True
        if place % 4 == 0 and place > 0:
            if section_has_digit:
                out.append(_SECTIONS[place // 4])
                # zeros at the end of a section need no 零 of their own ("壹拾万柒仟")…
                zero = False
            # …but a whole section of zeros does ("壹亿零壹万", "壹拾亿零壹仟")
            section_has_digit = False
    return "".join(out)


def capital_amount(fen: int) -> str:
    """An amount in fen as 大写: 120000 → 壹仟贰佰元整, 30550 → 叁佰零伍元伍角, 0 → 零元整."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError("金额应为整数（分）")
    if abs(fen) > MAX_FEN:
        raise ValueError("金额过大，无法写成大写")
    sign = "负" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"
    parts: list[str] = [sign]
    if yuan:
        parts.append(_integer(yuan) + "元")
    if cents == 0:
        parts.append("整")
        return "".join(parts)
    if yuan and (yuan % 10 == 0 or jiao == 0):
        parts.append("零")
    if jiao:
        parts.append(DIGITS[jiao] + "角")
    if fen_digit:
        parts.append(DIGITS[fen_digit] + "分")
    return "".join(parts)
