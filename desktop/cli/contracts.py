"""``union-desk contract list|show|check`` — the 专项集体合同 from the command line (#19 item 1): the contracts,
one contract's parties and clauses, and a year's compliance check (optionally as the PDF form and the workbook).

Registered by desktop.cli.program; errors go through its one-line Chinese style (exit 1).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.errors import EXIT_OK
from desktop.cli.session import add_db_option, open_db
from desktop.cli.text_table import text_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _contract_id(s: Session, value: str | None) -> int:
    """A contract named by its row id (what ``contract list`` prints); none given: the one in force today."""
    from desktop.core.errors import DomainError
    from desktop.services.contracts import contracts as contract_service

    if value is None:
        found = contract_service.in_force_on(s, date.today())
        if found is None:
            raise DomainError("今天没有生效的专项集体合同，请用 --contract 指定合同编号（union-desk contract list）")
        return found.id
    try:
        return contract_service.get_contract(s, int(value)).id
    except ValueError:
        raise DomainError(f"合同编号应为数字（union-desk contract list 第一列），现为“{value}”") from None


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.core.dates import format_date
    from desktop.services.contracts import contracts as contract_service

    db = open_db(args.db)
    try:
        with db.read() as s:
            rows = contract_service.list_contracts(s, archived=args.archived)
    finally:
        db.close()
    if not rows:
        print("没有已归档的专项集体合同" if args.archived else "还没有专项集体合同")
        return EXIT_OK
    table = [
        [
            str(r.id),
            r.title,
            r.status_label + ("（今日生效）" if r.in_force_today else ""),
            r.term_text,
            format_date(r.signed_on) if r.signed_on else "",
            str(r.clause_count),
            r.file_name or "未上传",
        ]
        for r in rows
    ]
    print(text_table(["编号", "合同名称", "状态", "期限", "签订日期", "条款数", "签订文本"], table))
    print(f"共 {len(rows)} 份合同")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from desktop.core.dates import format_date
    from desktop.services.contracts import contracts as contract_service

    db = open_db(args.db)
    try:
        with db.read() as s:
            c = contract_service.contract_row(s, _contract_id(s, args.contract))
            items = contract_service.clauses(s, c.id)
    finally:
        db.close()
    print(f"《{c.title}》（编号 {c.id}，{c.status_label}{'，今日生效' if c.in_force_today else ''}）")
    print(f"期限：{c.term_text}　签订日期：{format_date(c.signed_on) if c.signed_on else '未填'}")
    print(f"工会方：{c.union_party}{f'（代表：{c.union_rep}）' if c.union_rep else ''}")
    print(f"企业方：{c.company_party}{f'（代表：{c.company_rep}）' if c.company_rep else ''}")
    print(f"签订文本：{c.file_name or '未上传'}")
    if c.notes:
        print(f"备注：{c.notes}")
    if items:
        print(text_table(["条款", "类别", "约定"], [[i.article or "—", i.kind_label, i.promise] for i in items]))
    print(f"共 {len(items)} 项条款")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.core.errors import DomainError
    from desktop.services.contracts import contracts as contract_service

    year = args.year or date.today().year
    db = open_db(args.db)
    try:
        with db.read() as s:
            contract = None if args.contract is None else _contract_id(s, args.contract)
            result = contract_service.yearly_check(s, year, contract)
        rows = [[r.article or "—", r.promise, r.actual, r.verdict_label, r.explanation] for r in result.check.rows]
        print(f"《{result.contract.title}》{year}年度履行情况")
        if rows:
            print(text_table(["条款", "约定", "实际情况", "结论", "依据与说明"], rows))
        print(result.check.summary())
        if args.pdf:
            from desktop.services.printing import FORMS

            pages = FORMS["contract-check"](db, Path(args.pdf), year=year, contract=result.contract.id)
            print(f"已生成 {args.pdf}（{pages} 页）")
        if args.xlsx:
            from desktop.services.contracts.outputs import export_check

            if not args.xlsx.lower().endswith(".xlsx"):
                raise DomainError(f"Excel 文件名应以 .xlsx 结尾：{args.xlsx}")
            export_check(db, Path(args.xlsx), year=year, contract=result.contract.id)
            print(f"已导出 {args.xlsx}")
    finally:
        db.close()
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "contract",
        help="女职工权益保护专项集体合同：list 列出、show 查看条款、check 年度履行检查",
        description="专项集体合同：list 列出合同，show 查看一份合同的双方和条款，"
        "check --year 年份 计算该年度的履行情况（可同时生成检查表 PDF 和 Excel）。",
    )
    actions = p.add_subparsers(dest="action", metavar="{list|show|check}", required=True)
    ls = actions.add_parser("list", help="列出合同（编号、状态、期限、条款数）")
    add_db_option(ls)
    ls.add_argument("--archived", action="store_true", help="列出已归档的合同")
    ls.set_defaults(func=cmd_list)
    sh = actions.add_parser("show", help="一份合同的双方和条款")
    add_db_option(sh)
    sh.add_argument("--contract", help="合同编号（contract list 第一列；默认今天生效的合同）")
    sh.set_defaults(func=cmd_show)
    ck = actions.add_parser("check", help="年度履行情况检查")
    add_db_option(ck)
    ck.add_argument("--year", type=int, help="检查年度（默认今年）")
    ck.add_argument("--contract", help="合同编号（默认该年度生效的合同）")
    ck.add_argument("--pdf", help="同时生成专项集体合同履行情况检查表（PDF 文件）")
    ck.add_argument("--xlsx", help="同时导出 Excel（履行情况检查、合同条款两张表）")
    ck.set_defaults(func=cmd_check)
