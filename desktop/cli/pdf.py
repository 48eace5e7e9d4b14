"""``union-desk pdf FORM``: any registered form (desktop/services/printing.py) as a PDF file, with the options
that form takes; ``pdf --help`` lists every form and its options from the registry itself."""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Mapping
from pathlib import Path

from desktop.cli.errors import EXIT_OK, CliError
from desktop.cli.session import add_db_option, open_db

# The record and date options a form may take: (flag, the form's keyword); the value is given as typed.
_FORM_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--worker", "worker"),
    ("--on", "on"),
    ("--batch", "batch"),
    ("--visit", "visit"),
    ("--plan", "plan"),
    ("--day", "day"),
    ("--activity", "activity"),
    ("--honour", "honour"),
    ("--year", "year"),
)
_DATE_OPTIONS = ("on", "day")

# Options a form cannot do without, and how to ask for them.
_REQUIRED: tuple[tuple[str, str], ...] = (
    ("worker", "须指定职工：--worker 身份证号"),
    ("plan", "须指定 --plan 计划编号"),
    ("day", "须指定 --day YYYY-MM-DD"),
    ("visit", "须指定慰问记录：--visit 记录号"),
)

# What a form's option stands for in `union-desk pdf --help` (the option's own help says more).
_PLACEHOLDERS = {
    "worker": "身份证号",
    "on": "YYYY-MM-DD",
    "day": "YYYY-MM-DD",
    "batch": "批次号",
    "visit": "记录号",
    "plan": "计划编号",
    "activity": "活动编号",
    "honour": "荣誉记录号",
    "year": "YYYY",
}


def _form_options(args: argparse.Namespace, params: Mapping[str, inspect.Parameter]) -> dict[str, object]:
    """The typed options as the form's keywords. Each form takes only the options that make sense for it; say so
    rather than ignore a typed option."""
    from desktop.core.dates import parse_date

    options: dict[str, object] = {}
    for flag, key in _FORM_OPTIONS:
        value = getattr(args, key, None)
        if value is None:
            continue
        if key not in params:
            raise CliError(f"表单 {args.form} 不使用 {flag} 参数")
        options[key] = parse_date(value) if key in _DATE_OPTIONS else value
    if args.full_phones:
        # Phone numbers print masked (138****5678) unless asked for; a form without phones says so.
        if "full_phones" not in params:
            raise CliError(f"表单 {args.form} 不含电话号码，不使用 --full-phones 参数")
        options["full_phones"] = True
    return options


def _require_options(form_name: str, params: Mapping[str, inspect.Parameter], options: Mapping[str, object]) -> None:
    for key, say in _REQUIRED:
        param = params.get(key)
        if param is not None and param.default is inspect.Parameter.empty and key not in options:
            raise CliError(f"表单 {form_name} {say}")


def cmd_pdf(args: argparse.Namespace) -> int:
    from desktop.cli.records import resolve_records
    from desktop.services.printing import FORMS

    if args.form not in FORMS:
        raise CliError(f"没有名为 {args.form} 的表单，可选：{'、'.join(FORMS)}")
    form = FORMS[args.form]
    params = inspect.signature(form.render).parameters
    options = _form_options(args, params)
    _require_options(args.form, params, options)
    db = open_db(args.db)
    options = resolve_records(db, options)  # 慰2026-0042, a uid or a row id → the record (#17 item 3)
    pages = form(db, Path(args.out), **options)
    print(f"已生成 {args.out}（{pages} 页）")
    return EXIT_OK


def forms_help(pdf_parser: argparse.ArgumentParser) -> str:
    """Every registered form with its title, what it prints and the options it takes (必填 where required).

    Options are the form's keyword parameters that ``union-desk pdf`` has a flag for, so the list follows both
    the forms' registry (desktop/services/printing.py) and the parser without a second table to keep."""
    from desktop.services.printing import FORMS

    flags = {s for action in pdf_parser._actions for s in action.option_strings}
    width = max(len(name) for name in FORMS)
    lines = [f"可用的表单（共 {len(FORMS)} 种；每种都要 --db 数据文件 和 --out 输出的PDF文件）："]
    for name, form in FORMS.items():
        params = inspect.signature(form.render).parameters
        options: list[str] = []
        for key, param in params.items():
            flag = "--" + key.replace("_", "-")
            if key in ("db", "out") or flag not in flags:
                continue
            text = f"{flag} {_PLACEHOLDERS[key]}" if key in _PLACEHOLDERS else flag
            options.append(text + ("（必填）" if param.default is inspect.Parameter.empty else ""))
        lines.append(f"  {name.ljust(width)}  {form.title}")
        lines.append(f"      {form.description}")
        lines.append(f"      选项：{'、'.join(options) if options else '无'}")
    lines.append("\n例：union-desk pdf protection-notice --db 数据.sqlite --worker 身份证号 --out 告知单.pdf")
    return "\n".join(lines)


def add_commands(sub: argparse._SubParsersAction) -> None:
    pdf = sub.add_parser(
        "pdf", help="生成 PDF 表单（union-desk pdf --help 列出全部表单及其选项）", description="生成 PDF 表单。"
    )
    pdf.add_argument("form", metavar="FORM", help="表单名称，见下方“可用的表单”")
    pdf.lazy_epilog = lambda: forms_help(pdf)
    add_db_option(pdf)
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
