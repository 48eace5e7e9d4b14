"""Demo activities: a year of branded activities with participants, sign-ins, awards, honours and photos.

Dates are relative to ``on`` (eleven months back, one month ahead, so reminders and sign-in sheets have
upcoming events); choices come from ``random.Random(seed)``. Everything goes through the ordinary services
(validation, audit). Runs once per data file, like the other demo areas.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_activities import Activity
from desktop.core.dates import add_months, age_on
from desktop.services.activities import attachments as activity_attachments
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import participants as activity_participants
from desktop.services.activities import records as activity_records
from desktop.services.database import Database

ACTOR = "demo"

# brand, title, kind, place, target group, (min, max) participants, women only
_PLAN: tuple[tuple[str, str, str, str, str, tuple[int, int], bool], ...] = (
    ("三八系列", "“三八”国际妇女节趣味运动会", "other", "职工活动中心", "全体女职工", (40, 80), True),
    ("玫瑰书香", "玫瑰书香读书分享会", "reading", "职工书屋", "女职工", (12, 25), True),
    ("心灵驿站", "心灵驿站心理健康讲座", "lecture", "公司三楼会议室", "全体职工", (25, 50), False),
    ("巾帼建功", "巾帼建功岗位练兵（营林技能）", "training", "营林科培训室", "一线女职工", (15, 30), True),
    ("技能比武", "营林生产技能比武", "contest", "苗圃基地", "一线职工", (20, 40), False),
    ("联谊交友", "青年职工林海联谊会", "social", "职工之家", "35岁以下未婚职工", (20, 40), False),
    ("最美家庭", "最美家庭评选", "selection", "职工之家", "职工家庭", (10, 20), False),
    ("玫瑰书香", "好书共读·林区女职工征文", "reading", "线上", "女职工", (15, 30), True),
    ("巾帼建功", "巾帼志愿服务进社区", "volunteer", "阿里河镇社区", "女职工志愿者", (10, 20), True),
)
_AWARDS = (("一等奖", 1), ("二等奖", 2), ("三等奖", 3))
_HONOURS = (("巾帼建功标兵", "company"), ("优秀读者", "company"), ("技术能手", "company"), ("三八红旗手", "group"))
_COLORS = ((186, 74, 92), (77, 128, 92), (72, 110, 160), (200, 150, 60))


def _photo(rng: random.Random) -> bytes:
    """A small stand-in photo (a soft gradient), so the record form shows its photo grid."""
    from PIL import Image

    base = rng.choice(_COLORS)
    corners = Image.new("RGB", (2, 2))
    for i, xy in enumerate(((0, 0), (1, 0), (0, 1), (1, 1))):
        corners.putpixel(xy, tuple(min(255, int(c * (0.6 + 0.25 * i))) for c in base))
    img = corners.resize((480, 320), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def add_demo_activities(db: Database, *, seed: int, on: date | None = None) -> int:
    """Add the demo activities; returns how many were added (0 when the file already has demo activities)."""
    day = on or date.today()
    rng = random.Random(seed * 31 + 6)
    with db.write() as s:
        if s.scalar(select(Activity.id).where(Activity.created_by == ACTOR).limit(1)) is not None:
            return 0
        people = list(
            s.execute(
                select(Worker.id, Worker.sex, Worker.birth_date).where(
                    Worker.archived_at.is_(None), Worker.status == "on_roll"
                )
            ).all()
        )
        if not people:
            return 0
        women = [p.id for p in people if p.sex == "F"]
        young = [p.id for p in people if age_on(p.birth_date, day) < 35]
        everyone = [p.id for p in people]
        brands = {b.name: b.id for b in activity_records.list_brands(s)}
        made = 0
        start = add_months(day, -11).replace(day=1)
        month = 0
        while True:
            first = add_months(start, month)
            if first > day + timedelta(days=30):
                break
            for _ in range(rng.choice((2, 3, 3, 4))):
                _one(s, rng, brands, first, day, women, young, everyone)
                made += 1
            month += 1
        _honours(s, rng, day)
    return made


def _one(
    s: Session,
    rng: random.Random,
    brands: dict[str, int],
    month_start: date,
    today: date,
    women: list[int],
    young: list[int],
    everyone: list[int],
) -> None:
    plan = _pick_plan(s, rng, brands, month_start)
    brand, title, kind, place, target, (lo, hi), women_only = plan
    offset = rng.randrange(5, 8) if brand == "三八系列" else rng.randrange(0, 27)
    when = datetime.combine(month_start + timedelta(days=offset), datetime.min.time()).replace(
        hour=rng.choice((9, 14, 15)), minute=rng.choice((0, 30))
    )
    if when.date() > today + timedelta(days=30):
        when = datetime.combine(today + timedelta(days=rng.randrange(1, 30)), when.time())
    budget = rng.choice((50000, 100000, 150000, 200000, 300000))
    past = when.date() < today
    draft = activity_records.ActivityDraft(
        brand_id=brands[brand],
        title=f"{when.year}年{title}" if kind == "selection" else title,
        kind=kind,
        starts_at=when,
        ends_at=when + timedelta(hours=rng.choice((2, 2, 3))),
        place=place,
        organiser="公司工会女职工委员会",
        target_group=target,
        budget_fen=budget,
        actual_fen=int(budget * rng.uniform(0.6, 1.0)) // 100 * 100 if past else 0,
        summary=(f"{target}{rng.choice(('踊跃', '积极'))}参加，活动气氛热烈，达到预期效果。" if past else ""),
    )
    activity = activity_records.add_activity(s, draft, actor=ACTOR)
    pool = young if brand == "联谊交友" else (women if women_only else everyone)
    pool = pool or everyone
    ids = rng.sample(pool, min(len(pool), rng.randint(lo, hi)))
    activity_participants.add_participants(s, activity.id, ids, actor=ACTOR)
    if past:
        _after_the_event(s, rng, activity.id, kind, title, when, today)


_Plan = tuple[str, str, str, str, str, tuple[int, int], bool]


def _pick_plan(s: Session, rng: random.Random, brands: dict[str, int], month_start: date) -> _Plan:
    # 三八 events belong to March and the family award to May (国际家庭日); the rest fill the year.
    if month_start.month == 3 and not _has(s, brands["三八系列"], month_start):
        return _PLAN[0]
    if month_start.month == 5 and not _has(s, brands["最美家庭"], month_start):
        return _PLAN[6]
    return rng.choice([p for p in _PLAN if p[0] not in ("三八系列", "最美家庭")])


def _after_the_event(
    s: Session, rng: random.Random, activity_id: int, kind: str, title: str, when: datetime, today: date
) -> None:
    """A past event: who came (about one in eight absent), prizes or volunteer hours, sometimes photos."""
    rows = activity_participants.participant_rows(s, activity_id)
    absent = [r.id for r in rows if rng.random() < 0.12]
    signed = [r.id for r in rows if r.id not in absent]
    activity_participants.set_status(s, signed, "signed", actor=ACTOR)
    activity_participants.set_status(s, absent, "absent", actor=ACTOR)
    if kind in ("contest", "selection"):
        _award_winners(s, rng, activity_id, [r for r in rows if r.id in signed], kind, title, when, today)
    if kind == "volunteer":
        for r in rows:
            if r.id in signed:
                activity_participants.update_participant(
                    s,
                    r.id,
                    activity_participants.ParticipantDraft(
                        status="signed", role="volunteer", hours=Decimal(rng.choice((2, 3, 4)))
                    ),
                    actor=ACTOR,
                )
    if rng.random() < 0.5:
        for n in range(rng.randint(1, 3)):
            activity_attachments.add_attachment(
                s,
                activity_id,
                file_name=f"现场照片{n + 1}.jpg",
                data=_photo(rng),
                caption=f"{title}现场{n + 1}",
                actor=ACTOR,
            )


def _award_winners(
    s: Session,
    rng: random.Random,
    activity_id: int,
    attended: list[activity_participants.ParticipantRow],
    kind: str,
    title: str,
    when: datetime,
    today: date,
) -> None:
    """The first three who came win; a family award or a first prize is also an honour."""
    winners = attended[: len(_AWARDS)]
    for (rank, _), r in zip(_AWARDS, winners, strict=False):
        family = f"{r.name}家庭" if kind == "selection" else ""
        activity_participants.update_participant(
            s,
            r.id,
            activity_participants.ParticipantDraft(
                status="signed",
                role="participant",
                award_name="最美家庭" if family else title,
                award_rank=rank,
                family_name=family,
                family_members=rng.randint(3, 5) if family else 0,
            ),
            actor=ACTOR,
        )
        if family or rank == "一等奖":
            activity_honours.add_honour(
                s,
                activity_honours.HonourDraft(
                    title="最美家庭" if family else "技术能手",
                    year=when.year,
                    level="company",
                    worker_id=r.worker_id,
                    family_name=family,
                    activity_id=activity_id,
                    awarded_on=when.date() + timedelta(days=7),
                ),
                actor=ACTOR,
                today=today,
            )


def _has(s: Session, brand_id: int, month_start: date) -> bool:
    first = datetime.combine(month_start, datetime.min.time())
    return (
        s.scalar(
            select(Activity.id)
            .where(
                Activity.brand_id == brand_id,
                Activity.starts_at >= first,
                Activity.starts_at < datetime.combine(add_months(month_start, 1), datetime.min.time()),
            )
            .limit(1)
        )
        is not None
    )


def _honours(s: Session, rng: random.Random, today: date) -> None:
    """A few honours from the group and the region, not tied to an activity."""
    women = list(
        s.scalars(
            select(Worker.id)
            .where(Worker.sex == "F", Worker.archived_at.is_(None), Worker.status == "on_roll")
            .order_by(Worker.id)
        )
    )
    for title, level in _HONOURS:
        for worker_id in rng.sample(women, min(len(women), 2)):
            year = today.year - rng.randint(0, 2)
            activity_honours.add_honour(
                s,
                activity_honours.HonourDraft(
                    title=title,
                    year=year,
                    level=level,
                    worker_id=worker_id,
                    awarded_by="内蒙古森工集团工会" if level == "group" else "",
                ),
                actor=ACTOR,
                today=today,
            )
