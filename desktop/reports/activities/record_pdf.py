"""活动记录表: what an activity was, who came, what it cost, and up to four photos — the page that goes into
the brand's file and up to the group union at the year's end."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from desktop.reports.pdf.blocks import SignatureBlock, key_value_table
from desktop.reports.pdf.form import (
    BLACK,
    BOX_WIDTH,
    GRID_WIDTH,
    build_document,
    frame_width,
    page_footer,
    para,
    title_block,
)

TITLE = "活动记录表"
MAX_PHOTOS = 4
PHOTO_BOX_H = 62 * mm


@dataclass(frozen=True)
class ActivityRecord:
    brand: str
    title: str
    kind: str
    when: str
    place: str
    organiser: str
    target_group: str
    registered: int
    signed: int
    absent: int
    women_signed: int
    budget: str  # yuan, already formatted
    actual: str
    summary: str
    awards: Sequence[str] = ()
    photos: Sequence[tuple[bytes, str]] = field(default_factory=list)  # (image bytes, caption)


def _photo(data: bytes, caption: str, width: float) -> Flowable | None:
    """The photo scaled into its box, keeping its proportions; an unreadable file is left out, not fatal."""
    try:
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
    except Exception:  # reportlab raises several kinds for a damaged or unsupported image
        return None
    box_w, box_h = width - 8, PHOTO_BOX_H - 16
    scale = min(box_w / w, box_h / h)
    img = Image(io.BytesIO(data), width=w * scale, height=h * scale)
    return Table(
        [[img], [para(caption, 8.5, "center")]],
        colWidths=[width],
        rowHeights=[PHOTO_BOX_H - 14, 14],
        style=TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )


def _photo_grid(photos: Sequence[tuple[bytes, str]], width: float) -> Flowable | None:
    cells = [f for f in (_photo(d, c, width / 2) for d, c in photos[:MAX_PHOTOS]) if f is not None]
    if not cells:
        return None
    if len(cells) % 2:
        cells.append(Spacer(1, 1))
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    return Table(
        rows,
        colWidths=[width / 2, width / 2],
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), GRID_WIDTH, BLACK),
                ("BOX", (0, 0), (-1, -1), BOX_WIDTH, BLACK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        ),
    )


def render_activity_record(rec: ActivityRecord, out: Path | BinaryIO, *, office_name: str) -> int:
    width = frame_width()
    pairs = [
        ("活动名称", rec.title),
        ("所属品牌", rec.brand),
        ("活动类型", rec.kind),
        ("活动时间", rec.when),
        ("活动地点", rec.place or "—"),
        ("组织者", rec.organiser or "—"),
        ("参加对象", rec.target_group or "—"),
        ("参加人数", f"报名{rec.registered}人，签到{rec.signed}人（女职工{rec.women_signed}人），缺席{rec.absent}人"),
        ("预算（元）", rec.budget),
        ("实际支出（元）", rec.actual),
        ("活动内容及效果", rec.summary or "（未填写）"),
        ("获奖情况", "；".join(rec.awards) if rec.awards else "无"),
    ]
    story: list[Flowable] = title_block(TITLE, office_name)
    story.append(
        key_value_table(
            pairs,
            width,
            per_row=2,
            label_width=78,
            wide=("活动名称", "活动时间", "参加对象", "参加人数", "活动内容及效果", "获奖情况"),
        )
    )
    grid = _photo_grid(rec.photos, width)
    if grid is not None:
        story += [Spacer(1, 8), para("活动照片", 10.0), Spacer(1, 3), grid]
    story.append(SignatureBlock(("记录人", "工会负责人")))
    return build_document(
        out,
        story,
        title=TITLE,
        subject=office_name,
        decorate=page_footer(right=f"{office_name}·{TITLE}" if office_name else TITLE),
    )
