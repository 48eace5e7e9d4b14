"""Headless subcommands over services and reports. Errors are one clear line, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from desktop import __version__
from desktop.core.errors import DomainError

EXIT_OK, EXIT_FAIL = 0, 1


class CliError(Exception):
    """A failure to report as one line on stderr with exit code 1."""


def _db_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument(
        "--db",
        default=os.environ.get("UNION_DESK_DB"),
        required=required and not os.environ.get("UNION_DESK_DB"),
        help="数据文件（或环境变量 UNION_DESK_DB）",
    )
    p.add_argument(
        "--user",
        default=os.environ.get("UNION_DESK_USER"),
        help="登录用户名（或环境变量 UNION_DESK_USER）；密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD",
    )


# Set by main() from --user: the account every data command signs in as (issue #15).
_SIGN_IN: dict[str, object] = {"user": None, "temporary_ok": False}
DEMO_ADMIN, DEMO_PASSWORD = "admin", "demo1234"


def _password(prompt: str = "密码：") -> str:
    from_env = os.environ.get("UNION_DESK_PASSWORD")
    if from_env:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError("需要密码：请在终端中运行以输入密码，或设置环境变量 UNION_DESK_PASSWORD")
    import getpass

    return getpass.getpass(prompt)


def _new_password(username: str) -> str:
    from desktop.core.roles import password_problem

    from_env = os.environ.get("UNION_DESK_PASSWORD")
    password = from_env or _password(f"为 {username} 设置密码：")
    if not from_env and _password("再输入一次：") != password:
        raise CliError("两次输入的密码不一致")
    if problem := password_problem(password, username):
        raise CliError(problem)
    return password


def _create_admin(db, username: str | None, password: str | None = None) -> str:  # noqa: ANN001
    """The file's first administrator; returns the recovery code to print once."""
    from desktop.services.accounts import create_first_admin

    if not username:
        raise CliError("请用 --user 指定管理员的用户名（密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD）")
    _signed, code = create_first_admin(db, username, password or _new_password(username))
    return code


def _recovery_note(code: str) -> str:
    return (
        f"恢复码：{code}\n请把恢复码抄在纸上，与备份U盘一起锁进柜子；管理员忘记密码时，"
        "凭它用 union-desk account recover 重设密码。它只显示这一次。"
    )


def _sign_in(db) -> None:  # noqa: ANN001 - Database import kept lazy
    from desktop.core.errors import SignInError
    from desktop.services.accounts import sign_in

    if not db.secured:
        raise CliError(
            f"数据文件 {db.path.name} 还没有管理员账户，请先建立："
            f"union-desk account init-admin --db {db.path} --user 用户名"
        )
    user = _SIGN_IN["user"]
    if not user:
        raise CliError(
            "此数据文件需要登录：请加 --user 用户名（或环境变量 UNION_DESK_USER）；"
            "密码在提示时输入，或用环境变量 UNION_DESK_PASSWORD"
        )
    try:
        signed = sign_in(db, str(user), _password())
    except SignInError as exc:
        db.close()
        raise CliError(str(exc)) from exc
    if signed.must_change_password and not _SIGN_IN["temporary_ok"]:
        db.close()
        raise CliError(
            f"账户 {signed.username} 的密码是管理员设置的临时密码，请先修改："
            f"union-desk account passwd --db {db.path} --user {signed.username}"
        )


def _open(path: str, *, must_exist: bool = True, sign_in: bool = True):  # noqa: ANN202 - lazy import
    from db.migrate import NotADataFileError, SchemaTooNewError
    from desktop.services.database import open_data_file

    if must_exist and not Path(path).exists():
        raise CliError(
            f"数据文件不存在：{path}（新建数据文件：union-desk init --db {path} --office-code 代码 --office-name 名称）"
        )
    try:
        db = open_data_file(path)
    except (SchemaTooNewError, NotADataFileError) as exc:
        raise CliError(str(exc)) from exc
    if sign_in:
        _sign_in(db)
    return db


# A command-line writer waits this long for another command-line writer (a second import of the same roster)
# before giving up; a window holding the file is named at once, since it will not close by itself.
LOCK_WAIT_SECONDS = float(os.environ.get("UNION_DESK_LOCK_WAIT", "120"))


@contextmanager
def _writing(path: str, what: str) -> Iterator[Path]:
    """Hold the data file's lock (the one the window takes) for the length of a writing command."""
    from desktop.services.file_lock import DataFileLock, busy_message, lock_path_for
    from desktop.services.new_file import clean_leftovers

    p = Path(path).expanduser().resolve()
    lock = DataFileLock(p, lock_path_for(p), what=f"union-desk {what}")
    if not lock.try_lock():
        holder = lock.holder()
        if holder is None or holder.what == "窗口" or not lock.acquire(LOCK_WAIT_SECONDS):
            raise CliError(busy_message(p, lock.holder()))
    try:
        clean_leftovers(p)  # temporary files of a killed build, restore or backup
        yield p
    finally:
        lock.release()


def cmd_demo(a: argparse.Namespace) -> int:
    import dataclasses

    from desktop.services.demo import create_demo
    from desktop.services.new_file import build_then_place

    with _writing(a.db, "demo") as path:
        # Built in a temporary file and renamed: a kill or a full disk never leaves a half-filled demo file.
        # Demo data is made up, so its administrator has a published password (README, the sign-in box).
        user, password = a.user or DEMO_ADMIN, os.environ.get("UNION_DESK_PASSWORD") or DEMO_PASSWORD

        def fill(db):  # noqa: ANN001, ANN202 - Database import kept lazy
            if db.secured:  # an existing file (made by init, say): its own accounts sign in
                _SIGN_IN["user"] = user
                _sign_in(db)
            else:
                _create_admin(db, user, password)
                from desktop.services.accounts import mark_demo

                mark_demo(db, user, password if password == DEMO_PASSWORD else "（创建时设置的密码）")
            return create_demo(db, workers=a.workers, seed=a.seed, office_code=a.office_code, office_name=a.office_name)

        summary = build_then_place(path, fill)
    print(dataclasses.replace(summary, path=str(path)))
    shown = password if password == DEMO_PASSWORD else "（UNION_DESK_PASSWORD 中的密码）"
    print(f"演示账户：用户名 {user}，密码 {shown}")
    return EXIT_OK


def cmd_init(a: argparse.Namespace) -> int:
    from desktop.services.new_file import build_then_place
    from desktop.services.office import get_office, save_office

    if Path(a.db).exists():
        raise CliError(f"数据文件已存在：{a.db}，不会覆盖")

    if not a.user:
        raise CliError(
            "请用 --user 指定管理员的用户名（新数据文件的第一个账户；密码在提示时输入，或用 UNION_DESK_PASSWORD）"
        )
    password = _new_password(a.user)
    codes: list[str] = []

    def fill(db):  # noqa: ANN001, ANN202 - Database import kept lazy
        codes.append(_create_admin(db, a.user, password))
        with db.write() as s:
            save_office(s, code=a.office_code, name=a.office_name, actor=db.actor)
            if a.company:
                from desktop.services.office import add_unit

                add_unit(s, name=a.company, parent_id=None, kind="company", actor=db.actor)
        with db.read() as s:
            return get_office(s)

    with _writing(a.db, "init") as path:
        if path.exists():
            raise CliError(f"数据文件已存在：{a.db}，不会覆盖")
        office = build_then_place(path, fill)
    assert office is not None
    print(f"已建立数据文件 {path}：{office.name}（代码 {office.code}）")
    print(f"管理员账户：{a.user}")
    print(_recovery_note(codes[0]))
    return EXIT_OK


def cmd_template(a: argparse.Namespace) -> int:
    from desktop.reports.roster.template_xlsx import write_roster_template

    write_roster_template(Path(a.out))
    print(f"已生成导入模板：{a.out}")
    return EXIT_OK


def cmd_import_roster(a: argparse.Namespace) -> int:
    from desktop.services.roster.importing import import_roster

    with _writing(a.db, "import-roster"):
        db = _open(a.db)
        report = import_roster(db, Path(a.file), create_units=a.create_units)
    if report.file_problem is not None:  # the file itself was refused: one line, as every other failure
        raise CliError(report.file_problem)
    if not report.ok:
        print(_masked(report.text()), file=sys.stderr)
        return EXIT_FAIL
    print(report.summary())
    return EXIT_OK


def cmd_export_roster(a: argparse.Namespace) -> int:
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    db = _open(a.db)
    n = export_roster(db, Path(a.out), WorkerFilter(), full_ids=a.full_ids, reason=a.reason or "")
    print(f"已导出 {n} 名职工到 {a.out}" + ("（含完整身份证号）" if a.full_ids else "（身份证号已隐去中间部分）"))
    return EXIT_OK


def cmd_export(a: argparse.Namespace) -> int:
    from desktop.core.dates import parse_date
    from desktop.services.hq.export import Period, export_hq_workbook

    if a.area is not None:
        from desktop.cli_exports import export_area

        return export_area(a)
    if a.year is not None and (a.date_from or a.date_to):
        raise CliError("--year 与 --from/--to 只能选一种")
    if a.year is not None:
        period = Period.year(a.year)
    elif a.date_from or a.date_to:
        if not (a.date_from and a.date_to):
            raise CliError("--from 与 --to 须同时给出（YYYY-MM-DD）")
        start, end = parse_date(a.date_from), parse_date(a.date_to)
        assert start is not None and end is not None
        period = Period(start, end)
    else:
        from datetime import date

        period = Period.year(date.today().year)
    db = _open(a.db)
    counts = export_hq_workbook(db, Path(a.out), period, full_ids=a.full_ids, reason=a.reason or "")
    from desktop.cli_accounts import warn_if_unsigned

    warn_if_unsigned(db)
    parts = "，".join(f"{title} {n} 行" for title, n in counts.items())
    ids = "含完整身份证号，注意保密" if a.full_ids else "身份证号已隐去中间部分"
    print(f"已导出上报工作簿 {a.out}（{period.start}–{period.end}；{parts}；{ids}）")
    return EXIT_OK


def cmd_merge(a: argparse.Namespace) -> int:
    from desktop.cli_accounts import merge_keys
    from desktop.services.hq.merge import merge_workbooks

    result = merge_workbooks([Path(f) for f in a.files], Path(a.out), keys=merge_keys(a))
    print(f"{result.summary_line()}；结果已保存到 {a.out}")
    return EXIT_OK


def cmd_pdf(a: argparse.Namespace) -> int:
    import inspect

    from desktop.core.dates import parse_date
    from desktop.services.printing import FORMS

    if a.form not in FORMS:
        raise CliError(f"没有名为 {a.form} 的表单，可选：{'、'.join(FORMS)}")
    form = FORMS[a.form]
    params = inspect.signature(form.render).parameters
    options: dict[str, object] = {}
    # Each form takes only the options that make sense for it; say so rather than ignore a typed option.
    for flag, key, value in (
        ("--worker", "worker", a.worker),
        ("--on", "on", a.on),
        ("--batch", "batch", getattr(a, "batch", None)),
        ("--visit", "visit", getattr(a, "visit", None)),
        ("--plan", "plan", getattr(a, "plan", None)),
        ("--day", "day", getattr(a, "day", None)),
        ("--activity", "activity", getattr(a, "activity", None)),
        ("--honour", "honour", getattr(a, "honour", None)),
        ("--year", "year", getattr(a, "year", None)),
    ):
        if value is None:
            continue
        if key not in params:
            raise CliError(f"表单 {a.form} 不使用 {flag} 参数")
        options[key] = parse_date(value) if key in ("on", "day") else value
    if a.full_phones:
        # Phone numbers print masked (138****5678) unless asked for; a form without phones says so.
        if "full_phones" not in params:
            raise CliError(f"表单 {a.form} 不含电话号码，不使用 --full-phones 参数")
        options["full_phones"] = True
    worker = params.get("worker")
    if worker is not None and worker.default is inspect.Parameter.empty and "worker" not in options:
        raise CliError(f"表单 {a.form} 须指定职工：--worker 身份证号")
    for key, flag in (("plan", "--plan 计划编号"), ("day", "--day YYYY-MM-DD")):
        if key in params and params[key].default is inspect.Parameter.empty and key not in options:
            raise CliError(f"表单 {a.form} 须指定 {flag}")
    visit = params.get("visit")
    if visit is not None and visit.default is inspect.Parameter.empty and "visit" not in options:
        raise CliError(f"表单 {a.form} 须指定慰问记录：--visit 记录号")
    db = _open(a.db)
    from desktop.cli_list import resolve_records

    options = resolve_records(db, options)  # 慰2026-0042, a uid or a row id → the record (#17 item 3)
    pages = form(db, Path(a.out), **options)
    print(f"已生成 {a.out}（{pages} 页）")
    return EXIT_OK


def cmd_check(a: argparse.Namespace) -> int:
    """Reads only: no upgrade, no backup, no recovery of the file itself (db/check.py)."""
    from db.check import check_file
    from desktop.services.file_lock import DataFileLock, lock_path_for

    path = Path(a.db).expanduser().resolve()
    if not path.exists():
        raise CliError(f"数据文件不存在：{a.db}")
    lock = DataFileLock(path, lock_path_for(path), what="union-desk check")
    try:
        no_writer = lock.try_lock() and lock.is_locked()
        report = check_file(path, no_writer=no_writer)
        if report.too_new:
            raise CliError(
                f"数据文件 {path.name} 由更新版本的程序写入（结构版本 {report.revision}），"
                "本程序无法检查，文件未做任何改动。请升级程序后再检查。"
            )
        print(f"数据文件：{path}")
        print(f"结构版本：{report.revision or '无'}（本程序：{report.head}）")
        for note in report.notes:
            print(f"说明：{note}")
        if report.problems:
            for p in report.problems:
                print(f"问题：{p}")
            print("完整性检查：发现问题。可用 union-desk restore --db 数据文件 备份文件 从备份恢复")
            return EXIT_FAIL
        print("完整性检查：正常")
        return _check_log(path, report.revision == report.head, no_writer)
    finally:
        lock.release()


def _check_log(path: Path, current: bool, no_writer: bool) -> int:
    """The change-log chain needs the key that comes with a password: checked when --user is given, on a
    connection that cannot write (a normal sign-in would open, maybe upgrade, and record the sign-in)."""
    if not _SIGN_IN["user"]:
        print("变更记录：未校验签名链（加 --user 用户名 登录后校验）")
        return EXIT_OK
    if not current:
        print("变更记录：结构版本不是最新，打开一次程序升级后再校验签名链")
        return EXIT_OK
    from desktop.core.errors import SignInError
    from desktop.services.file_sign_in import verify_log_read_only

    try:
        report = verify_log_read_only(path, str(_SIGN_IN["user"]), _password(), no_writer=no_writer)
    except SignInError as exc:
        raise CliError(str(exc)) from exc
    print(report.line())
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_backup(a: argparse.Namespace) -> int:
    from desktop.services.backups import make_backup

    db = _open(a.db)
    try:
        result = make_backup(db, "manual", to_dir=Path(a.to) if a.to else None)
    finally:
        db.close()
    print(result.summary())
    return EXIT_OK


def cmd_restore(a: argparse.Namespace) -> int:
    from desktop.services.backups import require_admin, require_backup_admin, restore_file
    from desktop.services.database import open_data_file

    backup = Path(a.backup)
    with _writing(a.db, "restore") as path:
        current = None
        if path.exists() and path.stat().st_size > 0:
            try:
                current = open_data_file(path)
            except Exception:  # noqa: BLE001 - damaged, foreign, too new: what restore is for (kept as a backup)
                current = None
        if current is not None:
            # A file that opens is guarded by its own accounts; a wrong password stops here (it used to count
            # as "cannot be opened" and skip the check).
            try:
                if current.secured:
                    _sign_in(current)
                require_admin(current)
                actor = current.actor
            finally:
                current.close()
        else:
            user = str(_SIGN_IN["user"] or "")
            actor = require_backup_admin(backup, user, _password)
        result = restore_file(path, backup, actor=actor)
        result.db.close()
    print(result.summary())
    return EXIT_OK


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal; ljust alone would misalign them.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(r, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_reminders(a: argparse.Namespace) -> int:
    from datetime import date

    from desktop.core.dates import format_date, parse_date
    from desktop.services.reminders import collect_reminders, reminder_window

    on = parse_date(a.on) if a.on else date.today()
    assert on is not None
    start, end = reminder_window(on, a.days)
    db = _open(a.db)
    with db.read() as s:
        items = collect_reminders(s, on, a.days)
    if not items:
        print(f"{format_date(start)} 至 {format_date(end)} 没有提醒事项")
        return EXIT_OK
    rows = [(format_date(r.day), r.kind_label, r.name, r.unit, r.detail) for r in items]
    print(_text_table(("日期", "事项", "姓名", "单位", "说明"), rows))
    return EXIT_OK


def cmd_gui(a: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(a.db)


def cmd_self_test(a: argparse.Namespace) -> int:
    from desktop.selftest import SelfTestError, run_self_test

    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    code = EXIT_OK
    try:
        run_self_test(out, gui=not a.self_test_no_gui, keep=a.self_test_keep)
    except SelfTestError as exc:
        lines.append(f"自检失败：{exc}")
        print(lines[-1], file=sys.stderr)
        code = EXIT_FAIL
    if sys.stdout is None:  # the Windows program has no console: leave the result where the docs say
        import tempfile

        Path(tempfile.gettempdir(), "union-desk-selftest.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return code


def build_parser() -> argparse.ArgumentParser:
    from desktop.cli_parser import ChineseArgumentParser

    # Usage errors in the CLI's one style (Chinese, one line, exit 1); sub-commands inherit the class.
    p = ChineseArgumentParser(prog="union-desk", description="林区工会女职工工作台")
    p.add_argument("--version", action="version", version=f"union-desk {__version__}", help="显示版本号并退出")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时文件夹中录入职工、生成 PDF、导出 Excel 并读回，再在后台启动界面（不动现有数据）",
    )
    p.add_argument("--self-test-keep", action="store_true", help="自检后保留临时文件夹（数据文件、PDF、截图）以便查看")
    p.add_argument("--self-test-no-gui", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="命令", title="命令", help="不写命令时打开图形界面（同 gui）")

    g = sub.add_parser("gui", help="打开图形界面（默认）")
    g.add_argument("--db", default=os.environ.get("UNION_DESK_DB"))
    g.set_defaults(func=cmd_gui)

    d = sub.add_parser("demo", help="生成演示数据")
    _db_arg(d)
    d.add_argument("--workers", type=int, default=2000)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--office-code", default="ALH")
    d.add_argument("--office-name", default="阿里河森工公司工会")
    d.set_defaults(func=cmd_demo)

    n = sub.add_parser("init", help="新建数据文件并填写工会信息")
    _db_arg(n)
    n.add_argument("--office-code", required=True, help="单位代码，字母或数字，如 ALH")
    n.add_argument("--office-name", required=True, help="工会名称，如 阿里河森工公司工会")
    n.add_argument("--company", help="顶级单位名称（可选），如 阿里河森工公司")
    n.set_defaults(func=cmd_init)

    t = sub.add_parser("template", help="生成导入模板")
    t.add_argument("kind", choices=["roster"])
    t.add_argument("--out", required=True)
    t.set_defaults(func=cmd_template)

    i = sub.add_parser("import-roster", help="从 Excel 导入花名册（全部成功才写入）")
    _db_arg(i)
    i.add_argument("file")
    i.add_argument("--create-units", action="store_true", help="自动建立表中出现但尚不存在的单位")
    i.set_defaults(func=cmd_import_roster)

    e = sub.add_parser("export-roster", help="导出花名册到 Excel")
    _db_arg(e)
    e.add_argument("--out", required=True)
    e.add_argument(
        "--full-ids", action="store_true", help="导出完整身份证号（默认隐去中间部分；审批/领导或管理员，须 --reason）"
    )
    e.add_argument("--reason", help="导出完整身份证号的用途（写入变更记录）")
    e.set_defaults(func=cmd_export_roster)

    from desktop.cli_exports import AREA_HELP, AREAS

    x = sub.add_parser("export", help="导出上报集团工会的工作簿（各板块、说明页、汇总页），或某一板块的年度 Excel")
    x.add_argument(
        "area",
        nargs="?",
        choices=list(AREAS),
        metavar="板块",
        help=f"只导出这一板块的年度 Excel（不写则为上报工作簿）：{AREA_HELP}",
    )
    _db_arg(x)
    x.add_argument("--out", required=True)
    x.add_argument("--year", type=int, help="统计年度（默认今年）")
    x.add_argument("--from", dest="date_from", help="统计期间起（YYYY-MM-DD，与 --to 同用）")
    x.add_argument("--to", dest="date_to", help="统计期间止（YYYY-MM-DD）")
    x.add_argument(
        "--full-ids",
        action="store_true",
        help="导出完整身份证号（审批/领导或管理员，须 --reason；维权诉求和需求清单不可）",
    )
    x.add_argument("--reason", help="导出完整身份证号的用途（写入变更记录）")
    x.set_defaults(func=cmd_export)

    m = sub.add_parser("merge", help="集团工会：汇总各单位的上报工作簿（先全部校验签名，有问题则不生成结果）")
    _db_arg(m, required=False)
    m.add_argument(
        "--key-file",
        help="集团密钥文件（每行一个密钥；更换密钥期间可同时写旧密钥）；不给则用 --db 数据文件中设置的密钥",
    )
    m.add_argument("--out", required=True)
    m.add_argument("files", nargs="+", metavar="IN.xlsx")
    m.set_defaults(func=cmd_merge)

    pdf = sub.add_parser(
        "pdf", help="生成 PDF 表单（union-desk pdf --help 列出全部表单及其选项）", description="生成 PDF 表单。"
    )
    pdf.add_argument("form", metavar="FORM", help="表单名称，见下方“可用的表单”")
    from desktop.cli_parser import pdf_forms_help

    pdf.lazy_epilog = lambda: pdf_forms_help(pdf)
    _db_arg(pdf)
    pdf.add_argument("--out", required=True)
    pdf.add_argument(
        "--worker",
        help="职工身份证号（protection-notice 告知单必填）；"
        "hardship-file 档案表也可用档案编号，如 帮2026-0001（list hardship 列出）",
    )
    pdf.add_argument("--on", help="统计日期（YYYY-MM-DD，默认今天；四期保护表单）")
    pdf.add_argument("--batch", help="发放批次编号，如 批2026-003（condolence-signoff 签收表；list batches 列出）")
    pdf.add_argument("--visit", help="慰问记录编号，如 慰2026-0042（condolence-approval 审批表必填；list visits 列出）")
    pdf.add_argument(
        "--plan", help="体检计划编号，如 检2026-002（exam-notices 通知单、exam-signin 签到表必填；list plans 列出）"
    )
    pdf.add_argument("--day", help="检查日期（YYYY-MM-DD；exam-signin 签到表必填，exam-notices 可选）")
    pdf.add_argument(
        "--activity",
        help="活动编号，如 活2026-017（activity-signin 签到表、activity-record 记录表必填；list activities 列出）",
    )
    pdf.add_argument("--honour", help="荣誉编号，如 证2026-0005（honour-certificate 荣誉证书必填；list honours 列出）")
    pdf.add_argument(
        "--year", help="年度（YYYY，默认今年；contract-check 检查表、insurance-ledger 台账、rights-summary 汇总表）"
    )
    pdf.add_argument(
        "--full-phones",
        action="store_true",
        help="打印完整电话号码（默认隐去中间四位，如 138****5678；签到表等会在多人间传阅）",
    )
    pdf.set_defaults(func=cmd_pdf)

    c = sub.add_parser("check", help="完整性检查与结构版本")
    _db_arg(c)
    c.set_defaults(func=cmd_check)

    b = sub.add_parser("backup", help="立即备份数据文件")
    _db_arg(b)
    b.add_argument("--to", help="备份到此文件夹（默认：数据文件旁的 backups，并按保留规则清理旧备份）")
    b.set_defaults(func=cmd_backup)

    rs = sub.add_parser("restore", help="从备份恢复数据文件（先检查备份、另存当前文件，失败则还原）")
    _db_arg(rs)
    rs.add_argument("backup", metavar="BACKUP", help="备份文件（backups 文件夹中的 .sqlite）")
    rs.set_defaults(func=cmd_restore)

    from desktop.cli_accounts import add_commands

    add_commands(sub, _db_arg)
    from desktop import cli_list

    cli_list.add_commands(sub, _db_arg)
    from desktop import cli_contracts

    cli_contracts.add_commands(sub, _db_arg)

    r = sub.add_parser("reminders", help="列出今后若干天的提醒事项（四期保护等）")
    _db_arg(r)
    r.add_argument("--on", help="从哪天算起（YYYY-MM-DD，默认今天）")
    r.add_argument("--days", type=int, default=30, help="天数，含当天（默认30）")
    r.set_defaults(func=cmd_reminders)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a reader that stopped early (| head) shows here rather than at exit
    except BrokenPipeError:
        _quiet_pipe()
        return EXIT_FAIL


# Options of the program itself; any other leading option (`union-desk --db FILE`) belongs to the window.
_TOP_OPTIONS = {"-h", "--help", "--version", "--self-test", "--self-test-keep", "--self-test-no-gui"}


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("-") and argv[0].split("=", 1)[0] not in _TOP_OPTIONS:
        argv = ["gui", *argv]  # else argparse takes the file name for an unknown command
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if args.self_test or args.self_test_keep:
        func = cmd_self_test
    if func is None:
        args = parser.parse_args(["gui", *argv])
        func = args.func
    _SIGN_IN["user"] = getattr(args, "user", None)
    try:
        return func(args)
    except BrokenPipeError:
        raise  # not a fault of the data file: main() ends quietly
    except (CliError, DomainError) as exc:
        print(f"错误：{_masked(str(exc))}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # noqa: BLE001 - one line for the clerk, the details in the log
        print(f"错误：{_masked(_explain(exc, getattr(args, 'db', None)))}", file=sys.stderr)
        return EXIT_FAIL


def _quiet_pipe() -> None:
    """The reader of our output went away (``reminders | head``): stop without a Broken pipe message.

    Python would still try to flush the rest at exit and print an error; so stdout is pointed at the null
    device first (the recipe in Python's signal documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests' capture, the Windows GUI program)
        pass


def _masked(text: str) -> str:
    from desktop.logging_setup import mask_personal

    return mask_personal(text)


def _explain(exc: BaseException, db: str | None) -> str:
    """A fault the clerk can act on (disk full, read-only, locked, damaged…) in words; else log it."""
    from desktop.services.faults import explain

    text = explain(exc, Path(db).expanduser().resolve() if db else None)
    if text is not None:
        return text
    import logging

    from desktop.logging_setup import setup_logging

    log_file = setup_logging()
    logging.getLogger("union-desk.cli").error("命令 %s 出错", " ".join(sys.argv[1:2]), exc_info=exc)
    where = f"详细信息已写入日志 {log_file}" if log_file else "日志无法写入"
    return f"程序内部错误（{type(exc).__name__}），本次操作未完成，已保存的数据不受影响。{where}，请发给维护人员"
