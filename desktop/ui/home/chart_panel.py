"""The 工作台's charts: five cards in a scroll area, each counted and drawn only when scrolled into view.

The figures come from desktop/services/home/charts.py on a pool thread (desktop/ui/background.py); QtCharts
itself is imported when the first card is drawn, so start-up does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QScrollArea, QVBoxLayout, QWidget

from desktop.services.database import Database
from desktop.ui.background import Loader

if TYPE_CHECKING:  # the services are imported when the first card is counted, not at start-up
    from desktop.services.home import charts as home_charts

CHART_KEYS: tuple[str, ...] = ("coverage", "money", "periods", "reach", "needs")
TITLES: dict[str, str] = {
    "coverage": "体检筛查覆盖率（按单位）",
    "money": "慰问金额（按月，与去年对比）",
    "periods": "四期保护人数（按时期）",
    "reach": "品牌活动覆盖面（按单位）",
    "needs": "职工需求（按状态/类别）",
}


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


class ChartsPanel(QScrollArea):
    """The chart cards, built when they come into view; ``chart_ready`` names each drawn (or emptied) card."""

    chart_ready = Signal(str)

    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.loader = Loader(self)
        self.cards: dict[str, Any] = {}  # key → ChartCard, made on first need (QtCharts is imported then)
        self.slots: dict[str, QWidget] = {}
        self.slot_layouts: dict[str, QVBoxLayout] = {}
        self.loaded: set[str] = set()
        self.plan_id: int | None = None
        self.plan_combo: QComboBox | None = None
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(4, 4, 4, 4)
        self.body_layout.setSpacing(8)
        for key in CHART_KEYS:
            slot = QWidget()
            slot.setMinimumHeight(120)  # room for a card not drawn yet, so the scroll bar is honest
            self.slot_layouts[key] = QVBoxLayout(slot)
            self.slot_layouts[key].setContentsMargins(0, 0, 0, 0)
            self.slots[key] = slot
            self.body_layout.addWidget(slot)
        self.body_layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._schedule())
        self.viewport().installEventFilter(self)
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(0)
        self._check.timeout.connect(self.load_visible)

    # -- when to load ------------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._schedule()
        return super().eventFilter(obj, event)

    def _schedule(self) -> None:
        self._check.start()

    def visible_keys(self) -> list[str]:
        if not self.isVisible():
            return []
        view = self.viewport().rect()
        out = []
        for key, slot in self.slots.items():
            top_left = slot.mapTo(self.viewport(), slot.rect().topLeft())
            if view.intersects(QRect(top_left, slot.size())):
                out.append(key)
        return out

    def load_visible(self) -> None:
        for key in self.visible_keys():
            if key not in self.loaded and not self.loader.busy(key):
                self.load(key)

    def invalidate(self) -> None:
        """The data changed: every card is counted again when next in view (the ones in view now)."""
        self.loaded.clear()
        self._schedule()

    # -- loading -----------------------------------------------------------------------------------------
    def card(self, key: str) -> Any:
        card = self.cards.get(key)
        if card is None:
            from desktop.ui.widgets.charts import ChartCard

            card = ChartCard(TITLES[key])
            self.cards[key] = card
            self.slot_layouts[key].addWidget(card)
            if key == "coverage":
                self.plan_combo = QComboBox()
                self.plan_combo.setToolTip("选择要看的体检计划")
                self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                self.plan_combo.activated.connect(lambda _i: self._plan_picked())
                card.add_picker("体检计划", self.plan_combo)
        return card

    def _reader(self, key: str) -> Callable[[], Any]:
        from desktop.services.home import charts as home_charts

        db, on, plan_id = self.db, self.today(), self.plan_id

        def read() -> Any:
            with db.read() as s:
                if key == "coverage":
                    return home_charts.screening_coverage(s, on, plan_id)
                if key == "money":
                    return home_charts.condolence_by_month(s, on.year)
                if key == "periods":
                    return home_charts.women_by_period(s, on)
                if key == "needs":
                    return home_charts.needs_by_category(s, on.year)
                return home_charts.activity_reach(s, on.year)

        return read

    def load(self, key: str) -> None:
        card = self.card(key)
        if not card.has_chart:
            card.set_message("正在统计…")
        self.loader.run(
            key,
            self._reader(key),
            on_done=lambda data: self._draw(key, data),
            on_failed=lambda exc: self._failed(key, exc),
        )

    def _failed(self, key: str, exc: BaseException) -> None:
        import logging

        from desktop.services.faults import explain

        logging.getLogger(__name__).warning("chart %s failed", key, exc_info=exc)
        self.loaded.add(key)  # not retried on every scroll; 刷新 or the next change tries again
        self.card(key).set_message(f"无法统计：{explain(exc) or f'程序出错（{type(exc).__name__}）'}")
        self.chart_ready.emit(key)

    def _plan_picked(self) -> None:
        assert self.plan_combo is not None
        self.plan_id = self.plan_combo.currentData()
        self.load("coverage")

    # -- drawing -----------------------------------------------------------------------------------------
    def _draw(self, key: str, data: Any) -> None:
        self.loaded.add(key)
        getattr(self, f"_draw_{key}")(self.card(key), data)
        self.chart_ready.emit(key)

    def _draw_coverage(self, card: Any, data: home_charts.CoverageChart) -> None:
        from desktop.ui.widgets.charts import Series, bar_chart

        combo = self.plan_combo
        assert combo is not None
        combo.blockSignals(True)
        combo.clear()
        for pid, name in data.plans:
            combo.addItem(name, pid)
        combo.setCurrentIndex(combo.findData(data.plan_id))
        combo.setVisible(len(data.plans) > 1)
        combo.blockSignals(False)
        if data.plan_id is None:
            card.set_message("还没有体检计划 — 到“体检筛查”点“新建计划”")
            return
        self.plan_id = data.plan_id
        total = data.total
        summary = data.plan_name
        if total is not None and total.eligible:
            summary += f"：应检 {total.eligible} 人，已检 {total.done} 人，检查率 {total.percent_text}"
        if not data.units:
            card.set_message("该计划还没有应检人员 — 到“体检筛查”检查计划的对象条件并生成排期", summary)
            return
        tips = [
            f"{u.unit}：应检 {u.eligible} 人，已预约 {u.scheduled} 人，已检 {u.done} 人，缺检 {u.missed} 人，"
            f"检查率 {u.percent_text}"
            for u in data.units
        ]
        # Already examined of those due beside each name: a 0 % bar is invisible, "0/208" is not.
        names = [f"{u.unit} {u.done}/{u.eligible}" for u in data.units]
        chart = bar_chart(
            names,
            [Series("检查率", [u.percent for u in data.units], tips)],
            horizontal=True,
            axis_title="检查率（%）",
            axis_max=100,
            labels="@value%",
        )
        card.set_chart(chart, summary, height=self._bars_height(len(data.units), 1))

    def _draw_money(self, card: Any, data: home_charts.MonthlyMoney) -> None:
        from desktop.ui.widgets.charts import Series, bar_chart

        year = data.year
        if not data.this_total and not data.last_total:
            card.set_message("今年和去年都还没有慰问记录 — 到“慰问帮扶”登记慰问或新建发放批次")
            return
        top = max(data.this_year + data.last_year)
        wan = top >= 100_000 * 100  # ≥ 100,000 yuan in a month: the axis in 万元 keeps its labels short
        unit, div = ("万元", 10_000_00) if wan else ("元", 100)
        months = [f"{m}月" for m in range(1, 13)]
        series = [
            Series(f"{y}年", [v / div for v in values], [f"{y}年{m}月：{_yuan(v)} 元" for m, v in enumerate(values, 1)])
            for y, values in ((year, data.this_year), (year - 1, data.last_year))
        ]
        chart = bar_chart(months, series, axis_title=f"金额（{unit}）")
        month = self.today().month if self.today().year == year else 12
        same = sum(data.last_year[:month])
        summary = (
            f"{year}年合计 {_yuan(data.this_total)} 元；{year - 1}年同期（1–{month}月）{_yuan(same)} 元，"
            f"全年 {_yuan(data.last_total)} 元"
        )
        card.set_chart(chart, summary, height=280)

    def _draw_periods(self, card: Any, data: list[home_charts.PeriodCount]) -> None:
        from desktop.ui.widgets.charts import Series, bar_chart

        total = sum(p.count for p in data)
        if not total:
            card.set_message("目前没有处于四期的女职工 — 有职工怀孕时到“四期保护”点“登记怀孕”")
            return
        labels = [p.label for p in data]
        chart = bar_chart(
            labels,
            [Series("人数", [p.count for p in data], [f"{p.label}：{p.count} 人" for p in data])],
            axis_title="人数",
            labels="@value",
        )
        card.set_chart(chart, f"{self.today().isoformat()} 处于四期的女职工共 {total} 人", height=240)

    def _draw_reach(self, card: Any, data: list[home_charts.UnitReachBar]) -> None:
        from desktop.ui.widgets.charts import Series, bar_chart

        year = self.today().year
        if not data:
            card.set_message("还没有在册职工 — 先到“职工名册”导入花名册")
            return
        women = sum(b.women for b in data)
        women_in = sum(b.women_took_part for b in data)
        people_in = sum(b.people_took_part for b in data)
        if not people_in:
            card.set_message(f"{year}年还没有活动签到 — 到“品牌活动”新建活动并登记签到")
            return
        units = [b.unit for b in data]
        series = [
            Series(
                "女职工参与率",
                [b.women_percent for b in data],
                [f"{b.unit}：女职工 {b.women_took_part}/{b.women} 人参加（{b.women_percent:.1f}%）" for b in data],
            ),
            Series(
                "全体职工参与率",
                [b.people_percent for b in data],
                [f"{b.unit}：全体 {b.people_took_part}/{b.people} 人参加（{b.people_percent:.1f}%）" for b in data],
            ),
        ]
        chart = bar_chart(units, series, horizontal=True, axis_title="参与率（%）", axis_max=100, labels="@value%")
        rate = f"{100 * women_in / women:.1f}%" if women else "—"
        card.set_chart(
            chart,
            f"{year}年：女职工 {women_in}/{women} 人参加过活动（{rate}）",
            height=self._bars_height(len(units), 2),
        )

    def _draw_needs(self, card: Any, data: list[home_charts.NeedCategoryBar]) -> None:
        from desktop.core.surveys import STATUS_ORDER, STATUSES
        from desktop.ui.widgets.charts import Series, bar_chart

        year = self.today().year
        if not data:
            card.set_message(f"{year}年还没有收集职工需求 — 到“需求调研”的职工需求清单点“登记需求”")
            return
        series = [
            Series(
                STATUSES[code],
                [b.counts[n] for b in data],
                [f"{b.label}：{STATUSES[code]} {b.counts[n]} 项（共 {b.total} 项）" for b in data],
            )
            for n, code in enumerate(STATUS_ORDER)
        ]
        chart = bar_chart([b.label for b in data], series, horizontal=True, axis_title="需求（项）", labels="@value")
        steps = "，".join(
            f"{STATUSES[code]} {sum(b.counts[n] for b in data)} 项" for n, code in enumerate(STATUS_ORDER)
        )
        card.set_chart(
            chart,
            f"{year}年收集的职工需求共 {sum(b.total for b in data)} 项：{steps}",
            height=self._bars_height(len(data), len(STATUS_ORDER)),
        )

    def _bars_height(self, categories: int, series: int) -> int:
        """Tall enough that every unit's name and each bar's value label stay legible, however many units."""
        bar = self.fontMetrics().height() + 2
        return max(220, 90 + categories * (bar * series + 8))
