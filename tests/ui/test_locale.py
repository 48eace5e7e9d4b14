"""The window speaks Chinese in dates and numbers too (issue #20): QLocale's default is set at start, so a date
editor reads 2026/3/8 and 星期一 whatever the computer's own locale (an English Windows, a C locale in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit

from desktop.ui import app


@pytest.fixture
def english_computer() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def test_make_app_sets_the_chinese_locale(english_computer: None, qtbot: object) -> None:
    app.make_app()
    assert QLocale().language() == QLocale.Language.Chinese
    assert QLocale().territory() == QLocale.Country.China
    editor = QDateEdit(QDate(date(2026, 3, 8)))
    assert editor.locale().language() == QLocale.Language.Chinese
    assert editor.locale().dayName(1) == "星期一"
    assert editor.text() == "2026/3/8"  # not 3/8/26
    editor.deleteLater()
