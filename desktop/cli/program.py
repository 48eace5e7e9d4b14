"""``union-desk``: the program's own options, the window (the default command) and the self-test, the parser
that gathers every command group, and ``main``, which runs a command and turns any failure into one line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from desktop import __version__
from desktop.cli import accounts, contracts, exports, files, hq_key, new_file, pdf, records, reminders, roster
from desktop.cli.errors import EXIT_FAIL, EXIT_OK, CliError, explain, masked, quiet_pipe
from desktop.cli.parser import ChineseArgumentParser
from desktop.cli.session import SIGN_IN
from desktop.core.errors import DomainError

Command = Callable[[argparse.Namespace], int]

# Options of the program itself; any other leading option (`union-desk --db FILE`) belongs to the window.
_TOP_OPTIONS = {"-h", "--help", "--version", "--self-test", "--self-test-keep", "--self-test-no-gui"}


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(args.db)


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop.selftest import SelfTestError, run_self_test

    lines: list[str] = []

    def out(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    code = EXIT_OK
    try:
        run_self_test(out, gui=not args.self_test_no_gui, keep=args.self_test_keep)
    except SelfTestError as exc:
        lines.append(f"自检失败：{exc}")
        print(lines[-1], file=sys.stderr)
        code = EXIT_FAIL
    if sys.stdout is None:  # the Windows program has no console: leave the result where the docs say
        import tempfile
        from pathlib import Path

        Path(tempfile.gettempdir(), "union-desk-selftest.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return code


def _add_program_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"union-desk {__version__}", help="显示版本号并退出")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时文件夹中录入职工、生成 PDF、导出 Excel 并读回，再在后台启动界面（不动现有数据）",
    )
    parser.add_argument(
        "--self-test-keep", action="store_true", help="自检后保留临时文件夹（数据文件、PDF、截图）以便查看"
    )
    parser.add_argument("--self-test-no-gui", action="store_true", help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    # Usage errors in the CLI's one style (Chinese, one line, exit 1); sub-commands inherit the class.
    parser = ChineseArgumentParser(prog="union-desk", description="林区工会女职工工作台")
    _add_program_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", help="不写命令时打开图形界面（同 gui）")
    gui = sub.add_parser("gui", help="打开图形界面（默认）")
    gui.add_argument("--db", default=os.environ.get("UNION_DESK_DB"))
    gui.set_defaults(func=cmd_gui)
    # The order here is the order of `union-desk --help` and of the commands an unknown one is told about.
    for group in (new_file, roster, exports, pdf, files, accounts, hq_key, records, contracts, reminders):
        group.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a reader that stopped early (| head) shows here rather than at exit
    except BrokenPipeError:
        quiet_pipe()
        return EXIT_FAIL


def _parse(argv: Sequence[str] | None) -> tuple[argparse.Namespace, Command]:
    """The arguments and the command to run: the window when none is named."""
    parser = build_parser()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0].startswith("-") and args_list[0].split("=", 1)[0] not in _TOP_OPTIONS:
        args_list = ["gui", *args_list]  # else argparse takes the file name for an unknown command
    args = parser.parse_args(args_list)
    func: Command | None = getattr(args, "func", None)
    if args.self_test or args.self_test_keep:
        func = cmd_self_test
    if func is None:
        args = parser.parse_args(["gui", *args_list])
        func = args.func
    assert func is not None
    return args, func


def _run(argv: Sequence[str] | None) -> int:
    args, func = _parse(argv)
    SIGN_IN.user = getattr(args, "user", None)
    try:
        return func(args)
    except BrokenPipeError:
        raise  # not a fault of the data file: main() ends quietly
    except (CliError, DomainError) as exc:
        print(f"错误：{masked(str(exc))}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # one line for the clerk, the details in the log
        print(f"错误：{masked(explain(exc, getattr(args, 'db', None)))}", file=sys.stderr)
        return EXIT_FAIL
