"""What a roster import tells the clerk: each problem by row and column, and the outcome in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing the clerk must fix: the sheet row (None for the whole file), the column, what is wrong."""

    row: int | None
    column: str
    message: str

    def line(self) -> str:
        if self.row is None:
            return f"[{self.column}]: {self.message}" if self.column else self.message
        return f"第{self.row}行 [{self.column}]: {self.message}"


@dataclass
class ImportReport:
    file: str
    sheet: str = ""
    header_row: int | None = None
    rows_read: int = 0
    footer_row: int | None = None
    problems: list[Problem] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    created_units: list[str] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    unplaced_headers: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def file_problem(self) -> str | None:
        """The one message when the file itself was refused (not found, damaged, over a budget) before any
        row was read: the CLI prints it as its one line."""
        if not self.sheet and len(self.problems) == 1 and self.problems[0].row is None:
            return self.problems[0].message
        return None

    @property
    def skipped_headers(self) -> list[str]:
        """Every column of the file that was not imported, as written: unrecognised ones, then derived ones."""
        return [*self.unplaced_headers, *self.ignored_headers]

    def headline(self) -> str:
        """The outcome in one line."""
        if not self.ok:
            return f"导入未完成：发现 {len(self.problems)} 处问题，没有写入任何数据"
        parts = [f"导入完成：新增 {self.new} 人", f"更新 {self.updated} 人"]
        if self.unchanged:
            parts.append(f"{self.unchanged} 人无变化")
        if self.created_units:
            parts.append(f"新建单位 {len(self.created_units)} 个")
        return "，".join(parts)

    def summary(self) -> str:
        """What the clerk is told after an import (the CLI prints it, the roster tab shows it).

        On success it also names the units that were created and the columns that were not imported, so
        a column the program did not recognise (政治面貌, a typo in a header) is not lost unnoticed.
        """
        lines = [self.headline()]
        if self.ok:
            if self.created_units:
                lines.append(f"新建的单位：{'、'.join(self.created_units)}")
            if self.skipped_headers:
                lines.append(f"已忽略的列：{'、'.join(self.skipped_headers)}")
        return "\n".join(lines)

    def text(self, *, gui: bool = False) -> str:
        """The full report in Chinese: outcome, where the data was read, each problem, unread columns.

        ``gui``: the report is shown in the window, so missing units point to its button, not to the CLI."""
        lines = [self.headline() + ("" if self.ok else "。请在 Excel 中改正后重新导入。")]
        where = f"文件：{self.file}"
        if self.sheet:
            where += f"（工作表“{self.sheet}”，表头在第{self.header_row}行，读取数据 {self.rows_read} 行"
            if self.footer_row:
                where += f"，第{self.footer_row}行起为表尾（合计、制表人等），未读取"
            where += "）"
        lines.append(where)
        lines.extend(p.line() for p in self.problems)
        if self.missing_units:
            how = (
                "或点下方的“建立缺少的单位并重新导入”，确认后由程序建立。"
                if gui
                else "或重新导入时加 --create-units，由程序建立。"
            )
            lines.append(
                f"程序中没有这些单位：{'、'.join(self.missing_units)}。请先在“设置 → 单位与组织”中建立，" + how
            )
        if self.created_units:
            lines.append(f"新建的单位：{'、'.join(self.created_units)}")
        if self.unplaced_headers:
            lines.append(f"未能识别的列（未导入）：{'、'.join(self.unplaced_headers)}")
        if self.ignored_headers:
            lines.append(f"未导入的列：{'、'.join(self.ignored_headers)}")
        return "\n".join(lines)
