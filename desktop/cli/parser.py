"""The command line's argument parser, in the CLI's one error style: ``错误：…`` on one line, exit 1.

argparse's own messages are English and exit with code 2 ("usage: … error: argument --plan: invalid int
value"); a clerk reading them, or a script checking the exit code, meets a second style. So usage errors are
translated here and end like every other failure of the command line.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

EXIT_USAGE_ERROR = 1  # the same code as every other failure (README: "Errors are one line … exit code 1")

_TYPES = {"int": "整数", "float": "数字"}
_COMMAND_ARGS = {"command", "命令", "account_command", "hq_key_command"}  # the sub-command choosers' dests


def _list(text: str) -> str:
    return "、".join(part.strip() for part in text.split(",") if part.strip())


def _choices(text: str) -> str:
    return "、".join(re.findall(r"'([^']*)'", text)) or text


def _required(names: str) -> str:
    missing = [n.strip() for n in names.split(",") if n.strip()]
    if any(n in _COMMAND_ARGS for n in missing):
        return "缺少要执行的命令"
    return f"缺少必填参数：{'、'.join(missing)}"


# argparse's messages (Python 3.10–3.13) and their Chinese; an unknown one keeps its text after a Chinese lead.
_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^the following arguments are required: (.+)$"), lambda m: _required(m[1])),
    (re.compile(r"^unrecognized arguments: (.+)$"), lambda m: f"无法识别的参数：{m[1]}"),
    (
        re.compile(r"^argument (\S+): invalid (\w+) value: '(.*)'$"),
        lambda m: f"参数 {m[1]} 的值“{m[3]}”无效，应为{_TYPES.get(m[2], m[2])}",
    ),
    (
        re.compile(r"^argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)$"),
        lambda m: (
            f"没有“{m[2]}”这个命令，可用的命令：{_choices(m[3])}"
            if m[1] in _COMMAND_ARGS or m[1].startswith("{")
            else f"参数 {m[1]} 不能取“{m[2]}”，可选：{_choices(m[3])}"
        ),
    ),
    (re.compile(r"^argument (\S+): expected one argument$"), lambda m: f"参数 {m[1]} 后面缺少它的值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), lambda m: f"参数 {m[1]} 后面至少要有一个值"),
    (re.compile(r"^argument (\S+): expected (\d+) arguments?$"), lambda m: f"参数 {m[1]} 后面要有 {m[2]} 个值"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), lambda m: f"参数 {m[1]} 与 {m[2]} 不能同时使用"),
    (re.compile(r"^argument (\S+): ignored explicit argument '(.*)'$"), lambda m: f"参数 {m[1]} 不接受值“{m[2]}”"),
    (
        re.compile(r"^ambiguous option: (\S+) could match (.+)$"),
        lambda m: f"参数 {m[1]} 不完整，可能是：{_list(m[2])}，请写全",
    ),
    (re.compile(r"^one of the arguments (.+) is required$"), lambda m: f"须给出以下参数之一：{m[1]}"),
    (re.compile(r"^argument (\S+): (.+)$"), lambda m: f"参数 {m[1]} 有误：{m[2]}"),
)


def translate(message: str) -> str:
    """argparse's English message in the CLI's Chinese wording."""
    for pattern, say in _MESSAGES:
        match = pattern.match(message.strip())
        if match:
            return say(match)
    return f"命令行参数有误：{message}"


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors read like the CLI's other errors and exit with code 1.

    Sub-command parsers are made with the parent's class, so every level of ``union-desk …`` shares this.
    ``lazy_epilog`` builds text for ``--help`` only when asked (the forms list imports the printing modules,
    which a plain command must not pay for).
    """

    lazy_epilog: Callable[[], str] | None = None

    # Keywords only: argparse makes sub-command parsers with keywords, and so does desktop/cli/program.py.
    def __init__(self, *, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_help(self) -> str:
        if self.lazy_epilog is not None:
            self.epilog = self.lazy_epilog()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        print(f"错误：{translate(message)}（用法：{self.prog} --help）", file=sys.stderr)
        raise SystemExit(EXIT_USAGE_ERROR)


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """``用法：`` instead of ``usage:``; the epilog (the forms list) keeps its line breaks."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)
