from datetime import date

import pytest

from desktop.core.errors import DomainError
from desktop.core.idcard import check_char, is_mask_of, mask, mask_in_text, parse_id_number


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("150785198503120022", date(1985, 3, 12), "F"),
        ("150782199007071132", date(1990, 7, 7), "M"),
        ("15078519920815008X", date(1992, 8, 15), "F"),
    ],
)
def test_domain_examples_are_valid(number: str, birth: date, sex: str) -> None:
    info = parse_id_number(number)
    assert (info.birth_date, info.sex, info.number) == (birth, sex, number)


def test_lowercase_x_and_padding_are_normalised() -> None:
    assert parse_id_number(" 15078519920815008x\u3000").number == "15078519920815008X"


def test_check_character_computed_by_hand() -> None:
    # Σ digit×weight for 15078519850312002 is 296; 296 mod 11 = 10, and the table 1 0 X 9 8 7 6 5 4 3 2
    # maps 10 to "2". For 15078519920815008 the sum is 365; 365 mod 11 = 2 → "X".
    assert check_char("15078519850312002") == "2"
    assert check_char("15078519920815008") == "X"


def test_wrong_check_digit_names_expected() -> None:
    with pytest.raises(DomainError, match="校验位错误.*应为 2"):
        parse_id_number("150785198503120023")


def test_impossible_birth_date() -> None:
    with pytest.raises(DomainError, match="2月30日 不存在"):
        parse_id_number("150782199002301234")


def test_future_birth_date_rejected() -> None:
    future = "15078520300101" + "0012"
    with pytest.raises(DomainError, match="不合理"):
        parse_id_number(future, today=date(2026, 11, 23))


@pytest.mark.parametrize("raw", [1.50785198503120e17, 150785198503120022, "1.50785E+17"])
def test_numbers_mangled_by_excel_are_caught(raw: object) -> None:
    with pytest.raises(DomainError, match="Excel"):
        parse_id_number(raw)


def test_wrong_length() -> None:
    with pytest.raises(DomainError, match="应为18位"):
        parse_id_number("15078519850312002")


def test_mask_keeps_region_and_check_character_only() -> None:
    assert mask("150785198503120022") == "150785***********2"
    assert mask("15078519920815008X") == "150785***********X"
    assert mask("") == ""


def test_older_masks_are_still_recognised() -> None:
    assert is_mask_of("150785***********2", "150785198503120022")
    assert is_mask_of("150785********0022", "150785198503120022")  # workbooks exported before the change
    assert not is_mask_of("150785********0023", "150785198503120022")
    assert not is_mask_of("", "150785198503120022")


def test_mask_in_text_hides_valid_numbers_only() -> None:
    assert mask_in_text("调入，原证号150785198503120022。") == "调入，原证号150785***********2。"
    assert mask_in_text("15078519850312009x 补办") == "150785***********X 补办"  # lower-case x too
    # A digit run with a wrong check character (a bank account, an order number) is left alone.
    assert mask_in_text("账号 150785198503120023") == "账号 150785198503120023"
    assert mask_in_text("6222020200112233445566") == "6222020200112233445566"
    assert mask_in_text("短文本") == "短文本"
