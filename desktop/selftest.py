"""``union-desk --self-test``: prove on this PC, in under a minute, that the installed program works.

An office receives the program as a folder; before the clerks rely on it, whoever unpacked it runs the
self-test. It works in a fresh temporary folder (never the user's data, never the program's own folder),
goes through the same code the clerk's buttons use — worker check and save, the 职工花名册 PDF, the
roster export — reads every output back, then (see desktop.ui.selftest_gui) starts the window offscreen.
One line per step; the first failure stops it with one line saying what failed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__

if TYPE_CHECKING:
    from desktop.services.database import Database

TEST_OFFICE = ("ZJ", "自检工会")
TEST_UNIT = "自检林场"
# Valid GB 11643 numbers of made-up women; the second one is typed into the worker dialog by the GUI part.
TEST_WORKERS = (("张丽", "150785198503120022"), ("李娜", "150784199211050040"))


class SelfTestError(Exception):
    """A failed step: the message is the one line the user sees."""


@dataclass
class Context:
    folder: Path
    db: Database | None = None  # once opened (the import is kept lazy: only for the type here)
    unit_id: int | None = None
    pdf: Path | None = None
    pdf_pages: int = 0
    xlsx: Path | None = None
    window: object | None = None  # the MainWindow while the GUI part runs
    notes: dict[str, str] = field(default_factory=dict)


Step = tuple[str, Callable[[Context], str]]


def check(condition: bool, reason: str) -> None:
    if not condition:
        raise SelfTestError(reason)


# -- steps ------------------------------------------------------------------------------------------------
def step_resources(ctx: Context) -> str:
    import importlib

    from db.migrate import MIGRATIONS_DIR, head_revision
    from desktop.paths import cjk_font_path
    from desktop.reports.pdf.fonts import ensure_fonts
    from desktop.services.areas import contributing_modules

    font = cjk_font_path()
    check(font.is_file(), f"缺少中文字体文件 {font}")
    ensure_fonts()
    check((MIGRATIONS_DIR / "env.py").is_file(), f"缺少数据结构升级脚本 {MIGRATIONS_DIR}")
    # The registries import the areas' forms, reminders and profile sections by name, which the bundler cannot
    # see; one left out of the bundle would fail only when a clerk first opens its menu.
    modules = contributing_modules()
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise SelfTestError(f"缺少程序模块 {name}（{exc}）") from exc
    return f"中文字体 {font.name}，数据结构版本 {head_revision()}，业务模块 {len(modules)} 个"


def step_data_file(ctx: Context) -> str:
    from db.migrate import current_revision, head_revision
    from desktop.services import office
    from desktop.services.database import open_data_file

    db = open_data_file(ctx.folder / "自检数据.sqlite")
    ctx.db = db
    revision = current_revision(db.engine)
    check(revision == head_revision(), f"新数据文件的结构版本是 {revision}，应为 {head_revision()}")
    from desktop.services.accounts import create_first_admin, sign_in, verify_log

    # Sign-in end to end: argon2 and AES-GCM load from the bundle, the secret unwraps, the log chain verifies.
    create_first_admin(db, "selftest", "selftest-password")
    sign_in(db, "selftest", "selftest-password")
    with db.write() as s:
        office.save_office(s, code=TEST_OFFICE[0], name=TEST_OFFICE[1], actor=db.actor)
        ctx.unit_id = office.add_unit(s, name=TEST_UNIT, parent_id=None, kind="farm", actor=db.actor).id
    report = verify_log(db)
    check(report is not None and report.ok, f"变更记录签名链校验失败：{report.line() if report else '未登录'}")
    return f"已在临时文件夹建立并升级到版本 {revision}，登录与变更记录签名正常"


def step_worker(ctx: Context) -> str:
    # The dialog's path: check_worker for the messages under the fields, then add_worker in one transaction.
    from desktop.core.worker import WorkerDraft, check_worker
    from desktop.services.database import Database
    from desktop.services.roster import workers

    db = ctx.db
    assert isinstance(db, Database)
    name, number = TEST_WORKERS[0]
    draft = WorkerDraft(name=name, id_number=number, unit_id=ctx.unit_id, post="营林员", hire_date=date(2010, 3, 1))
    clean = check_worker(draft)
    check(clean.sex == "F" and clean.birth_date == date(1985, 3, 12), "身份证号推算的性别或出生日期不对")
    with db.write() as s:
        worker_id = workers.add_worker(s, draft, actor=db.actor).id
    with db.read() as s:
        rows = workers.fetch_rows(s, [worker_id])
        total = workers.count_workers(s)
    check(len(rows) == 1 and rows[0].name == name, "保存的职工读不回来")
    check(total == 1, f"名册应有 1 人，实际 {total} 人")
    check(rows[0].uid.startswith(f"{TEST_OFFICE[0]}-"), f"记录编号 {rows[0].uid} 不以单位代码开头")
    return f"已保存并读回 {name}（{rows[0].uid[:12]}…）"


def step_pdf(ctx: Context) -> str:
    from desktop.services.database import Database
    from desktop.services.printing import FORMS

    db = ctx.db
    assert isinstance(db, Database)
    out = ctx.folder / "职工花名册.pdf"
    pages = FORMS["roster"](db, out)
    check(out.is_file(), "PDF 文件没有生成")
    data = out.read_bytes()
    check(data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], "生成的 PDF 文件不完整")
    # The font is embedded as a subset; a form without it would print boxes instead of Chinese.
    check(b"FontFile2" in data or b"/FontFile" in data, "PDF 中没有嵌入中文字体")
    check(pages >= 1, "PDF 没有页面")
    ctx.pdf, ctx.pdf_pages = out, pages
    return f"{FORMS['roster'].title} {pages} 页，{len(data) // 1024} KB"


def step_excel(ctx: Context) -> str:
    from openpyxl import load_workbook

    from desktop.core.idcard import mask
    from desktop.services.database import Database
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    db = ctx.db
    assert isinstance(db, Database)
    out = ctx.folder / "职工花名册.xlsx"
    n = export_roster(db, out, WorkerFilter())
    check(n == 1, f"导出了 {n} 人，应为 1 人")
    workbook = load_workbook(out, read_only=True)
    try:
        cells = [
            str(v)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
    finally:
        workbook.close()
    name, number = TEST_WORKERS[0]
    check(name in cells, "导出的表格里找不到刚保存的职工")
    check(mask(number) in cells, "导出的表格里身份证号没有按规定隐去中间部分")
    check(not any(number in c for c in cells), "导出的表格里出现了完整身份证号")
    ctx.xlsx = out
    return f"已导出并读回 {n} 人，身份证号已隐去中间部分"


def step_hq(ctx: Context) -> str:
    # Exercises the HQ reader (python-calamine, a native module the bundle must carry) end to end.
    from desktop.services import office
    from desktop.services.database import Database
    from desktop.services.hq.export import Period, export_hq_workbook
    from desktop.services.hq.merge import merge_workbooks

    db = ctx.db
    assert isinstance(db, Database)
    # The signature end to end: the key is stored encrypted, read back to sign, and the merge verifies it.
    key = "selftest-group-key-0001"
    with db.write() as s:
        office.save_group_key(s, key, actor=db.actor)
    today = date.today()
    sent = ctx.folder / "上报工作簿.xlsx"
    counts = export_hq_workbook(db, sent, Period.year(today.year))
    check(counts.get("职工名册") == 1, f"上报工作簿的职工名册有 {counts.get('职工名册')} 行，应为 1 行")
    result = merge_workbooks([sent, sent], ctx.folder / "汇总.xlsx", keys=[key])
    check(result.rows.get("职工名册") == 1 and bool(result.duplicates), "汇总时同一工作簿没有只计一次")
    return f"已导出上报工作簿并汇总（{sum(result.rows.values())} 行）"


CORE_STEPS: tuple[Step, ...] = (
    ("程序文件", step_resources),
    ("数据文件", step_data_file),
    ("录入职工", step_worker),
    ("生成 PDF 表单", step_pdf),
    ("导出 Excel", step_excel),
    ("上报与汇总", step_hq),
)


# -- runner -----------------------------------------------------------------------------------------------
def run_self_test(out: Callable[[str], None] = print, *, gui: bool = True, keep: bool = False) -> float:
    """Run every step, printing one line each; returns the seconds taken, raises SelfTestError on a failure.

    ``keep`` leaves the temporary folder (data file, PDF, workbook, screenshot) for a look and says where.
    """
    steps: list[Step] = list(CORE_STEPS)
    if gui:
        try:
            from desktop.ui.selftest_gui import GUI_STEPS
        except Exception as exc:  # a missing library in the bundle is the answer, not a traceback
            raise SelfTestError(f"界面部分无法加载：{type(exc).__name__} {exc}") from exc
        steps.extend(GUI_STEPS)
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="union-desk-selftest-"))
    ctx = Context(folder=folder)
    out(f"union-desk {__version__} 自检开始")
    try:
        for number, (title, step) in enumerate(steps, 1):
            t0 = time.perf_counter()
            try:
                detail = step(ctx)
            except SelfTestError as exc:
                raise SelfTestError(f"第 {number} 步“{title}”失败：{exc}") from exc
            except Exception as exc:  # any fault in a step is that step failing, said in one line
                reason = str(exc).splitlines()[0] if str(exc) else ""
                raise SelfTestError(f"第 {number} 步“{title}”失败：{type(exc).__name__} {reason}".rstrip()) from exc
            out(f"[{number}/{len(steps)}] {title}：{detail}（{time.perf_counter() - t0:.1f} 秒）")
    finally:
        db = ctx.db
        if db is not None:
            db.close()
        if keep:
            out(f"自检文件保留在 {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.perf_counter() - started
    out(f"自检通过：union-desk {__version__}（用时 {elapsed:.1f} 秒）")
    return elapsed
