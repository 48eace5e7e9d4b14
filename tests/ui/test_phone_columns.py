"""Phone columns sized to the widest value (#17 item 9): the 活动 people table cut a landline to "0470-5622…"."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services.activities.participants import ParticipantRow
from desktop.ui import prefs
from desktop.ui.activities import people_page as activity_people
from desktop.ui.exams import columns as exam_columns
from desktop.ui.roster import columns as roster_columns
from desktop.ui.widgets.lazy_table import LazyTableModel, LazyTableView

PHONES = ("0470-5622318-8012", "0470-56223180", "13904701234")


@pytest.fixture(params=["标准", "特大"])
def font_size(request: pytest.FixtureRequest) -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    prefs.apply_font(prefs.FONT_SIZES[request.param])
    yield
    app.setFont(before)


@pytest.mark.usefixtures("font_size")
def test_activity_people_show_a_whole_landline(qtbot: Any) -> None:
    rows = [
        ParticipantRow(i, i, f"职工{i}", "F", "甘河林场/一班", phone, "signed", "participant", None, "", "", "", 0, "")
        for i, phone in enumerate(PHONES, start=1)
    ]
    model: LazyTableModel[ParticipantRow] = LazyTableModel(
        activity_people.COLUMNS,
        ids=lambda *_a: [r.id for r in rows],
        rows=lambda ids: [r for r in rows if r.id in ids],
        default_sort="unit",
    )
    view = LazyTableView(model, layout_key="test_phone_columns")
    qtbot.addWidget(view)
    view.resize(1200, 400)
    view.show()
    model.set_query(None)
    phone = [c.key for c in activity_people.COLUMNS].index("phone")
    qtbot.waitUntil(lambda: model.rowCount() == len(PHONES))
    qtbot.waitUntil(lambda: not any(view.text_elided(model.index(r, phone)) for r in range(len(PHONES))))


def test_every_phone_column_widens_to_its_values() -> None:
    for columns in (activity_people.COLUMNS, roster_columns.COLUMNS, exam_columns.COLUMNS):
        assert all(c.fit for c in columns if c.key == "phone")
