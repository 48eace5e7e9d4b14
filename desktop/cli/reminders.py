"""``union-desk reminders``: what falls due in the coming days (四期保护 and the other areas' reminders)."""

from __future__ import annotations

import argparse

from desktop.cli.errors import EXIT_OK
from desktop.cli.session import add_db_option, open_db
from desktop.cli.text_table import text_table


def cmd_reminders(args: argparse.Namespace) -> int:
    from datetime import date

    from desktop.core.dates import format_date, parse_date
    from desktop.services.reminders import collect_reminders, reminder_window

    on = parse_date(args.on) if args.on else date.today()
    assert on is not None
    start, end = reminder_window(on, args.days)
    db = open_db(args.db)
    with db.read() as s:
        items = collect_reminders(s, on, args.days)
    if not items:
        print(f"{format_date(start)} 至 {format_date(end)} 没有提醒事项")
        return EXIT_OK
    rows = [(format_date(r.day), r.kind_label, r.name, r.unit, r.detail) for r in items]
    print(text_table(("日期", "事项", "姓名", "单位", "说明"), rows))
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    reminders = sub.add_parser("reminders", help="列出今后若干天的提醒事项（四期保护等）")
    add_db_option(reminders)
    reminders.add_argument("--on", help="从哪天算起（YYYY-MM-DD，默认今天）")
    reminders.add_argument("--days", type=int, default=30, help="天数，含当天（默认30）")
    reminders.set_defaults(func=cmd_reminders)
