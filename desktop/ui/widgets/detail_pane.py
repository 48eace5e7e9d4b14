"""The pane beside a table: the selected record's details, computed values with their reasons, and history.

A tab turns its record into sections and its audit entries into history lines, then calls ``show_record``:

    pane.show_record("张丽", [DetailSection("基本信息", [DetailRow("年龄", "41岁", "按身份证号出生日期计算")])],
              history_lines(entries, labels=FIELD_LABELS, formats={"sex": sex_label}))
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.core.text import WORD_JOINER

ACTION_NAMES: dict[str, str] = {
    "create": "新建记录",
    "update": "修改",
    "archive": "归档",
    "restore": "恢复",
    "import": "导入",
    "delete": "删除",
    "retire": "撤销",
}


# ID numbers (masked or not), phone numbers, dates and amounts: read as one word, so never broken inside.
_NUMBER = re.compile(r"¥?[0-9][0-9Xx*.,:\-]*[0-9Xx*]|[0-9]{3}\*{4}[0-9]{4}")


def _keep_numbers_whole(text: str) -> str:
    """Escaped ``text`` with word joiners inside each number (a masked ID at 特大 was split "152221**********" /
    "*7", #17 item 3). Qt's rich text ignores white-space:nowrap on a span; a joiner it honours, and the pane
    takes them out again of what is copied or read."""
    return escape(_NUMBER.sub(lambda m: WORD_JOINER.join(m.group()), text))


class _Browser(QTextBrowser):
    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(self.textCursor().selection().toPlainText().replace(WORD_JOINER, ""))
        return data


@dataclass(frozen=True)
class DetailRow:
    label: str
    value: str
    reason: str = ""  # how a computed value came about, shown small beneath it


@dataclass(frozen=True)
class DetailSection:
    title: str
    rows: Sequence[DetailRow]


@dataclass(frozen=True)
class HistoryLine:
    who: str
    when: str
    what: str
    changes: Sequence[str] = ()  # "岗位：伐木工 → 营林员"


class AuditLike(Protocol):
    # Read-only members: audit rows and the frozen stand-ins (_AsChange) both satisfy it.
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def before(self) -> str | None: ...
    @property
    def after(self) -> str | None: ...


def local_time(at: datetime) -> str:
    """Audit times are stored in UTC; clerks read their own clock."""
    aware = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def history_lines(
    entries: Iterable[AuditLike],
    *,
    labels: Mapping[str, str],
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> list[HistoryLine]:
    """'who, when, field: old → new' for each change; values pass through ``formats`` (codes → words,
    ID numbers masked) and fields without a label are left out (internal columns)."""
    formats = formats or {}

    def fmt(key: str, value: Any) -> str:
        if value is None or value == "":
            return "（空）"
        return formats[key](value) if key in formats else str(value)

    out: list[HistoryLine] = []
    for e in entries:
        before = json.loads(e.before) if e.before else {}
        after = json.loads(e.after) if e.after else {}
        changes: list[str] = []
        if e.action == "update":
            for key in after:
                if key in labels:
                    changes.append(f"{labels[key]}：{fmt(key, before.get(key))} → {fmt(key, after.get(key))}")
        out.append(HistoryLine(e.actor, local_time(e.at), ACTION_NAMES.get(e.action, e.action), changes))
    return out


class DetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "选中一行查看详情") -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.title = QLabel()
        # Rich text with a relative size, not setFont(): an explicit font would ignore 设置 → 字号.
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.body = _Browser()
        self.body.setOpenLinks(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.body, 1)
        self._fit_numbers()
        self.show_empty()

    def _fit_numbers(self) -> None:
        """Wide enough at the current 字号 for a label and an ID number beside it: narrower, the number would
        have to break inside however it is joined (the pane was squeezed to 300 pixels at 特大, #17 item 3)."""
        metrics = self.body.fontMetrics()
        text = metrics.horizontalAdvance("已查验材料") + metrics.horizontalAdvance("（150784**********27）")
        frame = 2 * self.body.frameWidth() + self.body.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(text + frame + 6 + 6 * 4 + 8)  # pane margin, table padding, document margin

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_numbers()
        super().changeEvent(event)

    def _set_title(self, title: str) -> None:
        self.title_text = title
        self.title.setText(f"<span style='font-size:large; font-weight:bold'>{escape(title)}</span>" if title else "")

    def show_empty(self, text: str | None = None) -> None:
        self._set_title("")
        self.body.setHtml(f"<p style='color:#555'>{escape(text or self.empty_text)}</p>")

    def show_record(self, title: str, sections: Sequence[DetailSection], history: Sequence[HistoryLine] = ()) -> None:
        self._set_title(title)
        html: list[str] = []
        for section in sections:
            html.append(f"<h4 style='margin:8px 0 2px 0'>{escape(section.title)}</h4>")
            html.append("<table cellspacing='0' cellpadding='2'>")
            for row in section.rows:
                reason = f"<br><span style='color:#555'>{_keep_numbers_whole(row.reason)}</span>" if row.reason else ""
                html.append(
                    f"<tr><td style='color:#333; white-space:nowrap' valign='top'>{escape(row.label)}</td>"
                    f"<td valign='top'>{_keep_numbers_whole(row.value) or '—'}{reason}</td></tr>"
                )
            html.append("</table>")
        html.append("<h4 style='margin:8px 0 2px 0'>修改记录</h4>")
        if not history:
            html.append("<p style='color:#555'>暂无记录</p>")
        for line in history:
            html.append(f"<p style='margin:2px 0'>{escape(line.who)}，{escape(line.when)}，{escape(line.what)}")
            for change in line.changes:
                html.append(f"<br>　{escape(change)}")
            html.append("</p>")
        self.body.setHtml("".join(html))

    def text(self) -> str:
        """What the pane says, as plain text (tests, copy)."""
        return self.title_text + "\n" + self.body.toPlainText().replace(WORD_JOINER, "")
