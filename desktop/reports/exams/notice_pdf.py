"""体检/筛查通知单: one slip per worker, three to an A4 page with cut lines, handed out by each unit.

Pure report: it receives plain slips (the service formats dates and names); no ID numbers are printed —
the slip travels through many hands and the hospital checks the ID card itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from desktop.core.dates import format_date
from desktop.core.progress import Job
from desktop.reports.pdf.blocks import CutLine, key_value_table
from desktop.reports.pdf.form import BoldText, LeftRight, build_document, frame_width, page_footer, para

TITLE = "体检/筛查通知单"
PER_PAGE = 3
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class NoticeSlip:
    name: str
    unit: str
    exam_label: str
    plan_name: str
    day: date
    report_time: str
    place: str
    provider: str
    items: str
    preparation: str
    contact: str


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def slip_story(slip: NoticeSlip, office_name: str, width: float) -> Flowable:
    title = f"{slip.exam_label}通知单"
    when = day_text(slip.day) + (f" {slip.report_time} 报到" if slip.report_time else "")
    pairs = [
        ("姓名", slip.name),
        ("单位", slip.unit),
        ("检查日期", when),
        ("检查类型", slip.exam_label),
        ("体检机构", slip.provider),
        ("检查地点", slip.place or slip.provider),
        ("检查项目", slip.items or "按体检机构安排"),
        ("注意事项", slip.preparation or "携带身份证"),
        ("联系人", slip.contact or "所在单位工会"),
    ]
    parts: list[Flowable] = [
        BoldText(title, 14.0, space_after=3),
        LeftRight(slip.plan_name, office_name, size=9.0),
        key_value_table(
            pairs,
            width,
            per_row=2,
            wide=("检查日期", "检查地点", "检查项目", "注意事项", "联系人"),
            label_width=58,
            size=9.5,
        ),
        Spacer(1, 3),
        para(
            f"{slip.name}同志：请按上述时间、地点参加检查。如因病、休假等不能参加，请提前告知所在单位工会，"
            "以便另行安排。检查费用由公司行政负担。",
            9.0,
        ),
    ]
    return KeepTogether(parts)


def render_exam_notices(
    slips: Iterable[NoticeSlip],
    out: Path | BinaryIO,
    *,
    office_name: str,
    total: int | None = None,
    job: Job | None = None,
) -> int:
    """Write the slips, PER_PAGE to a page with cut lines between them; returns the page count."""
    width = frame_width(False)
    story: list[Flowable] = []
    n = 0
    for n, slip in enumerate(slips, 1):
        if n > 1:
            story.append(CutLine() if (n - 1) % PER_PAGE else PageBreak())
        story.append(slip_story(slip, office_name, width))
        if job is not None and n % 200 == 0:
            job.step(n, total or n, f"正在排版通知单：{n} 张")
    if not story:
        story.append(para("（没有需要通知的职工：请先生成排期）", 11.0))
    return build_document(
        out,
        story,
        title=TITLE,
        author=office_name,
        subject=TITLE,
        decorate=page_footer(f"打印日期：{format_date(date.today())}", office_name),
        job=job,
    )
