"""The value axis of the 工作台's bar charts: every tick label distinct and whole, whatever the figures."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QValueAxis

from desktop.ui.widgets.charts import Series, bar_chart


def _tick_labels(values: list[float], axis_max: float | None) -> list[str]:
    chart = bar_chart(
        ["甘河林场", "吉文林场", "营林科"],
        [Series("检查率", values)],
        horizontal=True,
        axis_title="检查率（%）",
        axis_max=axis_max,
        labels="@value%",
    )
    axis = next(a for a in chart.axes() if isinstance(a, QValueAxis))
    count = axis.tickCount()
    step = (axis.max() - axis.min()) / (count - 1)
    ticks = [axis.min() + i * step for i in range(count)]
    # The labels as the axis prints them (its format is "%.0f").
    return [f"{t:.0f}" for t in ticks]


@pytest.mark.parametrize(
    ("values", "axis_max"),
    [
        ([0.0, 0.0, 0.0], 100),  # a plan just made: nobody checked yet (the axis read "0 0 0 1 1 1")
        ([0.0, 0.5, 0.0], 100),
        ([2.0, 1.0, 0.0], None),  # a few activities or women per period in a small office
        ([7.0, 3.0, 0.0], 100),
    ],
)
def test_small_figures_get_distinct_whole_ticks(qtbot: object, values: list[float], axis_max: float | None) -> None:
    labels = _tick_labels(values, axis_max)
    assert len(labels) == len(set(labels)), labels
    assert labels[0] == "0"


def test_a_rate_near_full_keeps_the_0_to_100_axis(qtbot: object) -> None:
    assert _tick_labels([95.2, 91.9, 7.9], 100) == ["0", "20", "40", "60", "80", "100"]


def test_a_hidden_picker_takes_its_label_with_it(qtbot: object) -> None:
    """One plan: the 工作台 hides the plan picker; the label "体检计划" stood alone above the chart."""
    from PySide6.QtWidgets import QComboBox, QLabel

    from desktop.ui.widgets.charts import ChartCard

    card = ChartCard("体检筛查覆盖率（按单位）")
    qtbot.addWidget(card)  # type: ignore[attr-defined]
    combo = QComboBox()
    card.add_picker("体检计划", combo)
    combo.setVisible(False)  # before the card is first shown, as when the chart is drawn while scrolled away
    card.show()
    caption = next(w for w in card.findChildren(QLabel) if w.text() == "体检计划")
    assert not caption.isVisible()
    combo.setVisible(True)  # a second plan was made
    assert caption.isVisible() and combo.isVisible()
    combo.setVisible(False)
    assert not caption.isVisible()
    card.hide()  # the tab left: the label stays the picker's, not hidden for good
    combo.setVisible(True)
    card.show()
    assert caption.isVisible()
