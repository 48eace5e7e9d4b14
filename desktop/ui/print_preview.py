"""Preview of a generated PDF with 打印… and 另存为PDF…; printing renders pages in the background.

A form that shows workers' phone numbers prints them masked (138****5678); its preview carries a
显示完整电话号码 checkbox that renders the form again with full numbers (docs/decisions.md, masking).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMainWindow, QToolBar, QWidget

from desktop.core.progress import Job
from desktop.ui import prompts
from desktop.ui.tasks import Task

MAX_PRINT_DPI = 300  # a 600-dpi A4 page is a 140 MB image; 300 dpi prints text cleanly on office lasers
ZOOM_STEP = 1.25
FULL_PHONES = "显示完整电话号码"

# Renders the same form with full phone numbers into the given path (on a worker thread).
FullPhones = Callable[[Path, Job], object]


def render_to_printer(pdf_path: Path, printer: QPrinter, first: int, last: int, job: Job) -> int:
    """Paint pages first..last (0-based, inclusive) onto the printer; safe on a pool thread because the
    document and painter are created and used there only. Returns the number of pages printed."""
    doc = QPdfDocument()
    doc.load(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印，请检查打印机是否已连接并开机")
    try:
        res = printer.resolution()
        dpi = min(res, MAX_PRINT_DPI)
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        total = last - first + 1
        for n, page in enumerate(range(first, last + 1)):
            job.step(n, total, f"正在发送第 {page + 1} 页到打印机（共 {total} 页）")
            if n:
                printer.newPage()
            points = doc.pagePointSize(page)
            # Fit the page into the printable area keeping its shape; render at ≤300 dpi, draw at printer size.
            target_w, target_h = points.width() / 72 * res, points.height() / 72 * res
            fit = min(area.width() / target_w, area.height() / target_h, 1.0)
            image = doc.render(page, QSize(int(points.width() / 72 * dpi * fit), int(points.height() / 72 * dpi * fit)))
            painter.drawImage(QRect(0, 0, int(target_w * fit), int(target_h * fit)), image)
        job.step(total, total, "打印完成")
        return total
    except BaseException:
        printer.abort()
        raise
    finally:
        painter.end()
        doc.close()


class PrintPreview(QMainWindow):
    """A separate window, so the clerk can keep the roster beside the preview."""

    def __init__(
        self,
        pdf_path: Path,
        title: str,
        *,
        temp_dir: Path | None = None,
        parent: QWidget | None = None,
        full_phones: FullPhones | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{title} — 打印预览")
        self.pdf_path = pdf_path
        self.masked_path = pdf_path
        self.full_path: Path | None = None  # rendered on first demand
        self.render_full_phones = full_phones
        self.title = title
        self.temp_dir = temp_dir
        if temp_dir is not None:
            # Also when the main window closes and takes this window with it (no closeEvent then).
            self.destroyed.connect(lambda *_a, d=temp_dir: shutil.rmtree(d, ignore_errors=True))
        self.last_task: Task | None = None
        self.doc = QPdfDocument(self)
        self.doc.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCentralWidget(self.view)

        bar = QToolBar("打印预览")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.act_print = self._action(bar, "打印…", self.print_pdf, QKeySequence.StandardKey.Print)
        self.act_save = self._action(bar, "另存为PDF…", self.save_as, QKeySequence.StandardKey.Save)
        bar.addSeparator()
        self._action(bar, "上一页", lambda: self.go(self.page() - 1), QKeySequence(Qt.Key.Key_PageUp))
        self.page_label = QLabel()
        bar.addWidget(self.page_label)
        self._action(bar, "下一页", lambda: self.go(self.page() + 1), QKeySequence(Qt.Key.Key_PageDown))
        bar.addSeparator()
        self._action(bar, "缩小", lambda: self.zoom(1 / ZOOM_STEP), QKeySequence.StandardKey.ZoomOut)
        self._action(bar, "放大", lambda: self.zoom(ZOOM_STEP), QKeySequence.StandardKey.ZoomIn)
        self._action(bar, "适合宽度", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self._action(bar, "整页", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.full_phones: QCheckBox | None = None
        if full_phones is not None:
            bar.addSeparator()
            self.full_phones = QCheckBox(FULL_PHONES)
            self.full_phones.setToolTip(
                "默认隐去电话号码中间四位（如 138****5678），签到表等会在多人间传阅；确需联系时再勾选"
            )
            self.full_phones.toggled.connect(self.show_full_phones)
            bar.addWidget(self.full_phones)
        bar.addSeparator()
        self._action(bar, "关闭", self.close, QKeySequence(Qt.Key.Key_Escape))
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._update_page_label())
        self._update_page_label()
        self.resize(960, 700)

    def _action(
        self, bar: QToolBar, text: str, slot: object, key: QKeySequence | QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    @classmethod
    def open_pdf(
        cls,
        parent: QWidget | None,
        pdf_path: Path,
        title: str,
        temp_dir: Path | None = None,
        full_phones: FullPhones | None = None,
    ) -> PrintPreview:
        window = cls(pdf_path, title, temp_dir=temp_dir, parent=parent, full_phones=full_phones)
        window.setWindowFlag(Qt.WindowType.Window, True)
        screen = window.screen().availableGeometry()
        window.resize(min(960, screen.width() - 40), screen.height() - 60)
        window.show()
        return window

    # -- full phone numbers --------------------------------------------------------------------------
    def show_full_phones(self, on: bool) -> None:
        """Switch between the masked form and one with full phone numbers (rendered once, when first asked)."""
        if not on:
            self._load(self.masked_path)
            return
        if self.full_path is not None:
            self._load(self.full_path)
            return
        render = self.render_full_phones
        assert render is not None and self.full_phones is not None
        folder = self.temp_dir or self.masked_path.parent
        target = folder / f"{self.masked_path.stem}-完整电话.pdf"
        box = self.full_phones

        def done(_r: object) -> None:
            self.full_path = target
            if box.isChecked():
                self._load(target)

        def undo(*_a: object) -> None:
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)

        def failed(exc: BaseException) -> None:
            undo()
            prompts.show_error(self, FULL_PHONES, exc)

        self.last_task = Task(
            self,
            lambda job: render(target, job),
            title=FULL_PHONES,
            label="正在生成含完整电话号码的打印文件…",
            on_success=done,
            on_failure=failed,
            on_cancel=undo,
        ).start()

    def _load(self, path: Path) -> None:
        page = self.page()
        self.pdf_path = path
        self.doc.load(str(path))
        self.go(page)

    # -- navigation ----------------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.doc.pageCount()

    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go(self, page: int) -> None:
        page = max(0, min(page, self.page_count() - 1))
        nav = self.view.pageNavigator()
        nav.jump(page, QPointF(), nav.currentZoom())
        self._update_page_label()

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(current * factor, 5.0)))

    def _update_page_label(self) -> None:
        self.page_label.setText(f"  第 {self.page() + 1} / {self.page_count()} 页  ")

    # -- output --------------------------------------------------------------------------------------
    def save_as(self) -> None:
        target = prompts.save_file(self, "另存为PDF", "PDF 文件 (*.pdf)", f"{self.title}.pdf")
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            prompts.show_error(self, "另存为PDF", exc)
            return
        self.statusBar().showMessage(f"已保存到 {target}", 8000)

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, max(1, self.page_count()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = 0, self.page_count() - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage() - 1, printer.toPage() - 1
        self.start_printing(printer, first, last)

    def start_printing(self, printer: QPrinter, first: int, last: int) -> Task:
        path = self.pdf_path
        self.last_task = Task(
            self,
            lambda job: render_to_printer(path, printer, first, last, job),
            title="打印",
            label="正在打印…",
            on_success=lambda n: self.statusBar().showMessage(f"已发送 {n} 页到打印机", 8000),
        ).start()
        return self.last_task

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.last_task is not None and not self.last_task.done:
            self.last_task.cancel()
            event.ignore()  # the printer still holds the painter; close once it has let go
            self.last_task.finished.connect(self.close)
            return
        self.view.setDocument(None)  # type: ignore[arg-type]  # the stubs omit that Qt takes nullptr (no document)
        self.doc.close()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
        super().closeEvent(event)
