"""A unit tree pasted as text (首次设置): indentation, "/" paths, bullets, full-width spaces."""

from __future__ import annotations

import pytest

from desktop.core.errors import DomainError
from desktop.core.unit_outline import guess_kind, normalize_path, parse_outline, under_company


def test_indentation_makes_sub_units() -> None:
    text = "甘河林场\n    营林一班\n    营林二班\n\t\t管护组\n营林科\n"
    assert parse_outline(text) == [
        "甘河林场",
        "甘河林场/营林一班",
        "甘河林场/营林二班",
        "甘河林场/营林二班/管护组",
        "营林科",
    ]


def test_paths_name_their_parents_once() -> None:
    text = "阿里河森工公司/吉文林场/一班\n吉文林场/二班\n阿里河森工公司/吉文林场/一班\n"
    assert parse_outline(text) == [
        "阿里河森工公司",
        "阿里河森工公司/吉文林场",
        "阿里河森工公司/吉文林场/一班",
        "吉文林场",
        "吉文林场/二班",
    ]


def test_an_indented_path_sits_below_the_line_above() -> None:
    assert parse_outline("甘河林场\n  管护站/一组") == ["甘河林场", "甘河林场/管护站", "甘河林场/管护站/一组"]


def test_word_lists_bullets_numbers_and_full_width_spaces() -> None:
    text = "（一）机关\n\u3000\u3000办公室\n1. 车间\n  - 一 班\n• 贮木场\n\n   \n"
    assert parse_outline(text) == ["机关", "机关/办公室", "车间", "车间/一班", "贮木场"]


def test_a_pasted_sentence_is_refused_by_line() -> None:
    with pytest.raises(DomainError, match="第2行：单位名称.*过长"):
        parse_outline("甘河林场\n" + "很长" * 30)


def test_company_prefix_is_dropped_and_kinds_guessed() -> None:
    paths = parse_outline("阿里河森工公司/甘河林场/一班\n营林科")
    assert under_company(paths, " 阿里河森工公司 ") == ["甘河林场", "甘河林场/一班", "营林科"]
    assert normalize_path(" 甘河林场 ／ 一班\\二组 ") == "甘河林场/一班/二组"
    assert [guess_kind(n) for n in ("阿里河森工公司", "甘河林场", "机修车间", "财务科", "一班", "其它")] == [
        "company",
        "farm",
        "workshop",
        "section",
        "team",
        "other",
    ]
