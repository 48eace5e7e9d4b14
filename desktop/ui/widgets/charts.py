"""Bar charts (QtCharts) in a card with 保存图片… and 打印…, drawn from plain numbers a service computed.

Each card shows a line saying what it counts, the chart, and its buttons; until the chart is built it shows a
one-line message ("正在统计…", or what to do when there is nothing to count). A saved picture and a printed page
carry the title and that line, so a chart pasted into a report still says what it shows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QEvent, QMargins, QMarginsF, QObject, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import prompts

# High-contrast fills that stay apart in grey print: this year / last year, women / everyone.
COLORS: tuple[str, ...] = ("#1f5fa8", "#a9b4c2", "#c0392b", "#2e8b57")
EXPORT_WIDTH = 1400  # pixels of a saved picture: sharp when pasted into a Word report at page width
EXPORT_LAYOUT_WIDTH = 1000  # the chart is laid out this wide for a picture, then scaled to the picture's width
PNG_FILTER = "PNG 图片 (*.png)"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    tips: Sequence[str] = ()
    """One tooltip per category (exact figures), shown when the pointer is on a bar."""


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    horizontal: bool = False,
    axis_title: str = "",
    axis_max: float | None = None,
    labels: str = "",
) -> QChart:
    """A grouped bar chart: one group per category, one bar per series.

    ``horizontal`` puts categories down the left (long unit names stay readable), first category on top.
    ``axis_max`` is the most the axis shows (100 for a rate); smaller figures get a shorter axis.
    ``labels`` is a QtCharts label format such as "@value%" to print each bar's value beside it."""
    cats = list(categories)
    bar_series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    order = list(range(len(cats)))[::-1] if horizontal else list(range(len(cats)))
    # A horizontal group draws its first set lowest: add them in reverse (and reverse the legend) so the first
    # series is on top in the bars as in the legend.
    numbered = list(enumerate(series))
    for n, s in reversed(numbered) if horizontal else numbered:
        bars = QBarSet(s.name)
        bars.append([float(s.values[i]) for i in order])
        bars.setColor(QColor(COLORS[n % len(COLORS)]))
        bars.setBorderColor(QColor(COLORS[n % len(COLORS)]))
        bars.setLabelColor(QColor("#202020"))
        tips = [s.tips[i] for i in order] if s.tips else []
        if tips:
            bars.hovered.connect(
                lambda on, index, tips=tips: (
                    QToolTip.showText(QCursor.pos(), tips[index])
                    if on and 0 <= index < len(tips)
                    else QToolTip.hideText()
                )
            )
        bar_series.append(bars)
    if labels:
        bar_series.setLabelsVisible(True)
        bar_series.setLabelsFormat(labels)
        bar_series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart = QChart()
    chart.addSeries(bar_series)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    category_axis = QBarCategoryAxis()
    category_axis.append([cats[i] for i in order])
    value_axis = QValueAxis()
    value_axis.setLabelFormat("%.0f")
    top = max((float(v) for s in series for v in s.values), default=0.0)
    if axis_max is not None and top * 1.1 >= axis_max:
        value_axis.setRange(0, axis_max)
        value_axis.setTickCount(6)
    else:
        # Room above the tallest bar for its label, then round numbers for the ticks (Qt picks them): a reach of
        # 7 % is read on a 0–8 axis, not as a sliver on 0–100. At least 0–5, so whole-number labels never
        # repeat (a plan nobody has attended yet read "0 0 0 1 1 1" on a 0–1 axis).
        value_axis.setRange(0, max(top * 1.1, 5.0))
        value_axis.applyNiceNumbers()
    if axis_title:
        value_axis.setTitleText(axis_title)
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    bar_series.attachAxis(category_axis)
    bar_series.attachAxis(value_axis)
    legend = chart.legend()
    legend.setReverseMarkers(horizontal)
    legend.setVisible(len(series) > 1)
    legend.setAlignment(Qt.AlignmentFlag.AlignTop)
    return chart


class ChartCard(QFrame):
    """A titled chart with 保存图片… and 打印…; ``set_chart`` puts a chart in, ``set_message`` a line instead."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("保存图片…")
        self.save_button.setToolTip("把这张图保存为 PNG 图片，可插入报告")
        self.save_button.clicked.connect(lambda _c=False: self.ask_save())
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip("预览并打印这张图（也可另存为 PDF）")
        self.print_button.clicked.connect(lambda _c=False: self.print_chart())
        self.header = QHBoxLayout()
        self.pickers = QHBoxLayout()
        self.header.addWidget(self.title_label)
        self.header.addStretch(1)
        self.header.addWidget(self.save_button)
        self.header.addWidget(self.print_button)
        self.message = QLabel("正在统计…")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addLayout(self.header)
        lay.addLayout(self.pickers)
        lay.addWidget(self.summary)
        lay.addWidget(self.stack, 1)
        self.preview: QWidget | None = None
        self._captions: dict[QObject, QLabel] = {}  # picker → its label
        self.set_message("正在统计…")

    def add_picker(self, label: str, widget: QWidget) -> None:
        """A picker (a plan, a year) on its own row under the title, so a long name is not cut. Hiding the
        picker (one plan: nothing to choose, the summary names it) hides its label too."""
        caption = QLabel(label)
        self.pickers.addWidget(caption)
        self.pickers.addWidget(widget, 1)
        self._captions[widget] = caption
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ShowToParent/HideToParent come with the picker's own setVisible, not with the card's or the tab's.
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            caption = self._captions.get(watched)
            if caption is not None:
                caption.setHidden(event.type() == QEvent.Type.HideToParent)
        return super().eventFilter(watched, event)

    @property
    def has_chart(self) -> bool:
        return self.stack.currentWidget() is self.view

    def set_chart(self, chart: QChart, summary: str = "", *, height: int = 260) -> None:
        chart.setFont(self.font())
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        self.stack.setMinimumHeight(height)
        self.stack.setCurrentWidget(self.view)
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def set_message(self, text: str, summary: str = "") -> None:
        self.message.setText(text)
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))
        self.stack.setMinimumHeight(90)
        self.stack.setCurrentWidget(self.message)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

    # -- picture and print ---------------------------------------------------------------------------------
    def image(self, width: int = EXPORT_WIDTH) -> QImage:
        """The title, the summary line and the chart on white, ``width`` pixels wide.

        The chart is laid out at EXPORT_LAYOUT_WIDTH logical pixels whatever its size on screen (a narrow pane
        would elide the month names) and drawn from its scene (vector) scaled to ``width``, so lines and
        text stay sharp at print resolution."""
        chart = self.view.chart()
        scale = width / EXPORT_LAYOUT_WIDTH
        logical = QSizeF(EXPORT_LAYOUT_WIDTH, max(float(self.stack.minimumHeight()), 380.0))
        chart_h = int(logical.height() * scale)
        title_px, body_px = max(12, width // 45), max(10, width // 64)
        pad = width // 80
        title_h = int(title_px * 1.9)
        body_h = int(body_px * 1.7) if self.summary.text() else 0
        image = QImage(width, title_h + body_h + chart_h + pad, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        # Settle pending widget layouts first (a chart just put in would otherwise be resized to the view's size
        # in the middle of drawing), then lay the chart alone out at the picture's size.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        painter = QPainter(image)
        old = chart.size()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setPen(QColor("#101010"))
            font = QFont(self.font())
            font.setPixelSize(title_px)
            font.setBold(True)
            painter.setFont(font)
            left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRect(pad, pad // 2, width - 2 * pad, title_h), left, self.title)
            if body_h:
                font.setPixelSize(body_px)
                font.setBold(False)
                painter.setFont(font)
                painter.drawText(QRect(pad, pad // 2 + title_h, width - 2 * pad, body_h), left, self.summary.text())
            chart.resize(logical)
            QCoreApplication.sendPostedEvents(chart, QEvent.Type.LayoutRequest)  # lay the axes out at that size
            self.view.scene().render(
                painter,
                QRectF(0, title_h + body_h + pad, width, chart_h),
                QRectF(chart.pos(), logical),
                Qt.AspectRatioMode.KeepAspectRatio,
            )
        finally:
            painter.end()
            chart.resize(old)
        return image

    def save_png(self, path: Path) -> bool:
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        return self.image().save(str(path))  # PNG, by the suffix

    def ask_save(self) -> None:
        if not self.has_chart:
            return
        suggested = str(Path.home() / f"{self.title}.png")
        path = prompts.save_file(self, "保存图片", PNG_FILTER, suggested)
        if path is None:
            return
        if not self.save_png(path):
            prompts.warn(self, "保存图片", f"无法保存到 {path}，请换一个文件夹或文件名")

    def write_pdf(self, path: Path) -> None:
        """One landscape A4 page with the same picture as 保存图片 (title, summary line, chart), for printing."""
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle(self.title)
        writer.setCreator("union-desk")
        painter = QPainter(writer)
        try:
            area = writer.pageLayout().paintRectPixels(writer.resolution())
            image = self.image(min(area.width(), 3000))
            fit = min(area.width() / image.width(), area.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * fit, image.height() * fit), image)
        finally:
            painter.end()

    def print_chart(self, open_preview: Callable[[QWidget | None, Path, str, Path], QWidget] | None = None) -> Path:
        """Write the page to a temporary PDF and open the program's print preview (打印…, 另存为PDF…) on it."""
        temp_dir = Path(tempfile.mkdtemp(prefix="union-desk-chart-"))
        out = temp_dir / f"{self.title}.pdf"
        self.write_pdf(out)
        if open_preview is None:
            from desktop.ui.print_preview import PrintPreview

            def open_preview(parent: QWidget | None, pdf: Path, title: str, folder: Path) -> QWidget:
                return PrintPreview.open_pdf(parent, pdf, title, temp_dir=folder)

        self.preview = open_preview(self.window(), out, self.title, temp_dir)
        return out
