"""The self-test's window part: start the program offscreen on the self-test's data file and use it.

It goes through what a clerk touches: the bundled font, the main window, the 工作台 and a chart (QtCharts), the
新增职工 dialog (filled in and saved through its own save path, as the 保存 button does), the roster table, the
PDF read back with QtPdf (the library the print preview uses) and a screenshot of the window. Preferences go to
the temporary folder, so the self-test never changes the clerk's window layout or last-opened file.
"""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QDialog

from desktop.selftest import TEST_WORKERS, Context, SelfTestError, Step, check
from desktop.ui.lazy_tabs import TabPlaceholder
from desktop.ui.main_window import MainWindow


def _db(ctx: Context):  # Database, imported lazily by the core part
    from desktop.services.database import Database

    assert isinstance(ctx.db, Database)
    return ctx.db


def step_start(ctx: Context) -> str:
    if QApplication.instance() is None:
        # Offscreen even on a desktop: the self-test must not flash a window, and must run with no display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(ctx.folder / "settings"))
    from desktop.ui import prefs
    from desktop.ui.app import make_app

    app = make_app()
    family = prefs.load_bundled_font()
    check(bool(family), "内置中文字体无法加载到界面")
    check(family in app.font().families(), f"界面没有使用内置中文字体（当前 {app.font().family()}）")
    # The bundle must carry Qt's own Chinese (build/union-desk.spec keeps qtbase_zh_CN): text-field menus.
    check(bool(app.property("qt_translation")), "Qt 的中文翻译 qtbase_zh_CN.qm 未能加载（文本框右键菜单会是英文）")
    return f"平台 {app.platformName()}，字体 {family}，Qt 中文翻译已加载"


def step_window(ctx: Context) -> str:
    window = MainWindow(_db(ctx))
    window.resize(1366, 768)
    window.show()
    QApplication.processEvents()
    ctx.window = window
    check(window.roster.model.rowCount() == 1, "名册表格没有显示已保存的职工")
    # Area tabs are built when first shown: show each once, as a clerk clicking through the tab bar would.
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        shown = window.tabs.currentWidget()
        check(not isinstance(shown, TabPlaceholder), f"页签“{window.tabs.tabText(index)}”无法打开")
    window.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    return f"{window.tabs.count()} 个页签，{window.count_label.text()}"


def step_home(ctx: Context) -> str:
    """The 工作台 in front reads its list off the GUI thread; a chart is drawn with QtCharts (whose libraries
    the bundle must carry) from the self-test file's own figures and saved as a picture."""
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.services.home.charts import women_by_period
    from desktop.ui.widgets.charts import ChartCard, Series, bar_chart

    window = ctx.window
    assert isinstance(window, MainWindow)
    check(window.tabs.widget(0) is window.home and window.tabs.tabText(0) == "工作台", "第一个页签不是“工作台”")
    loop = QEventLoop()
    window.home.loaded.connect(loop.quit)
    QTimer.singleShot(20000, loop.quit)
    window.home.agenda = None
    window.home.reload()
    loop.exec()
    window.home.loaded.disconnect(loop.quit)
    agenda = window.home.agenda
    check(agenda is not None, "工作台的待办 20 秒内没有读出")
    assert agenda is not None
    check(agenda.workers == 1 and not agenda.errors, f"工作台读数不对：{agenda.workers} 名职工，{agenda.errors}")
    with _db(ctx).read() as s:
        periods = women_by_period(s, date.today())
    card = ChartCard("自检图表")
    card.resize(600, 360)
    card.set_chart(bar_chart([p.label for p in periods], [Series("人数", [p.count + 1 for p in periods])]))
    image = card.image(700)
    shot = ctx.folder / "工作台图表.png"
    check(not image.isNull() and image.save(str(shot)), "无法用 QtCharts 画出并保存图表")
    blue = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixelColor(x, y).name() == "#1f5fa8"
    )
    check(blue > 100, "QtCharts 画出的图表是空白的")
    card.deleteLater()
    return f"待办 {agenda.total} 条，图表 {image.width()}×{image.height()}"


def step_dialog(ctx: Context) -> str:
    from desktop.ui.roster.worker_dialog import WorkerDialog

    window = ctx.window
    assert isinstance(window, MainWindow)
    name, number = TEST_WORKERS[1]
    dialog = WorkerDialog(window, _db(ctx))
    dialog.set_values(
        {"name": name, "id_number": number, "unit_id": ctx.unit_id, "post": "检尺员", "hire_date": date(2015, 7, 1)}
    )
    dialog.accept()  # what 保存 does: check every field, save through the service, close
    if dialog.result() != QDialog.DialogCode.Accepted or dialog.saved_id is None:
        shown = [m for m in (dialog.message(k) for k in dialog.fields) if m]
        raise SelfTestError("新增职工对话框没有保存：" + ("；".join(shown) or "原因不明"))
    window.roster.after_change(dialog.saved_id)  # what the 新增 button does after the dialog closes
    QApplication.processEvents()
    rows = window.roster.model.rowCount()
    check(rows == 2, f"保存后名册表格应有 2 行，实际 {rows} 行")
    check("在册 2 人" in window.count_label.text(), f"状态栏人数不对：{window.count_label.text()}")
    return f"对话框已保存 {name}，表格 {rows} 行"


def step_pdf_back(ctx: Context) -> str:
    from PySide6.QtPdf import QPdfDocument

    check(ctx.pdf is not None, "没有可读回的 PDF")
    document = QPdfDocument()
    error = document.load(str(ctx.pdf))
    check(error == QPdfDocument.Error.None_, f"QtPdf 无法打开生成的 PDF（{error.name}）")
    pages = document.pageCount()
    check(pages == ctx.pdf_pages, f"PDF 读回 {pages} 页，生成时报告 {ctx.pdf_pages} 页")
    image = document.render(0, QSize(420, 297))
    document.close()
    check(not image.isNull(), "PDF 第 1 页无法显示")
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixelColor(x, y).lightness() < 128
    )
    check(dark > 50, "PDF 第 1 页显示为空白")
    return f"QtPdf 读回 {pages} 页，第 1 页有内容"


def step_screenshot(ctx: Context) -> str:
    window = ctx.window
    assert isinstance(window, MainWindow)
    shot = ctx.folder / "主窗口.png"
    pixmap = window.grab()
    check(not pixmap.isNull() and pixmap.save(str(shot)), "无法截取主窗口")
    size = f"{pixmap.width()}×{pixmap.height()}"
    window.close()  # saves the layout (to the temporary settings) and closes the data file, as on 退出
    QApplication.processEvents()
    ctx.window = None
    window.deleteLater()
    return f"主窗口截图 {size}，已正常关闭"


GUI_STEPS: tuple[Step, ...] = (
    ("启动界面", step_start),
    ("主窗口", step_window),
    ("工作台与图表", step_home),
    ("新增职工对话框", step_dialog),
    ("读回 PDF", step_pdf_back),
    ("截图并关闭", step_screenshot),
)
