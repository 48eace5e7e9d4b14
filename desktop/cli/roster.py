"""``union-desk template roster``, ``import-roster`` and ``export-roster``: the roster in and out of Excel."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.errors import EXIT_FAIL, EXIT_OK, CliError, masked
from desktop.cli.session import add_db_option, open_db, writing


def cmd_template(args: argparse.Namespace) -> int:
    from desktop.reports.roster.template_xlsx import write_roster_template

    write_roster_template(Path(args.out))
    print(f"已生成导入模板：{args.out}")
    return EXIT_OK


def cmd_import_roster(args: argparse.Namespace) -> int:
    from desktop.services.roster.importing import import_roster

    with writing(args.db, "import-roster"):
        db = open_db(args.db)
        report = import_roster(db, Path(args.file), create_units=args.create_units)
    if report.file_problem is not None:  # the file itself was refused: one line, as every other failure
        raise CliError(report.file_problem)
    if not report.ok:
        print(masked(report.text()), file=sys.stderr)
        return EXIT_FAIL
    print(report.summary())
    return EXIT_OK


def cmd_export_roster(args: argparse.Namespace) -> int:
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    db = open_db(args.db)
    n = export_roster(db, Path(args.out), WorkerFilter(), full_ids=args.full_ids, reason=args.reason or "")
    print(f"已导出 {n} 名职工到 {args.out}" + ("（含完整身份证号）" if args.full_ids else "（身份证号已隐去中间部分）"))
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    template = sub.add_parser("template", help="生成导入模板")
    template.add_argument("kind", choices=["roster"])
    template.add_argument("--out", required=True)
    template.set_defaults(func=cmd_template)

    importing = sub.add_parser("import-roster", help="从 Excel 导入花名册（全部成功才写入）")
    add_db_option(importing)
    importing.add_argument("file")
    importing.add_argument("--create-units", action="store_true", help="自动建立表中出现但尚不存在的单位")
    importing.set_defaults(func=cmd_import_roster)

    export = sub.add_parser("export-roster", help="导出花名册到 Excel")
    add_db_option(export)
    export.add_argument("--out", required=True)
    export.add_argument(
        "--full-ids", action="store_true", help="导出完整身份证号（默认隐去中间部分；审批/领导或管理员，须 --reason）"
    )
    export.add_argument("--reason", help="导出完整身份证号的用途（写入变更记录）")
    export.set_defaults(func=cmd_export_roster)
