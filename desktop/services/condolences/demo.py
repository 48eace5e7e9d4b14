"""Demo condolence data: a year of visits, festival batches (one for an approved ethnic festival) and a few
hardship files.

Everything goes through the ordinary services (standards, caps, audit), with dates in the twelve months
before ``on`` and choices from ``random.Random(seed)``, so the same seed gives the same data. One visit
breaks a standard on purpose and carries an authorised override, so the overrides filter has something.

Festival batches are the exception for their approval and payment: a batch was checked line by line against
the standards when ``create_batch`` made it, in the same transaction, so the demo moves it to 已审批 and
已发放 with one statement and one change-log entry per step (like the demo exams' attendance) instead of
one checked step per visit — a 100,000-worker demo spent ten minutes there. A big office's festival goods go
out per 基层单位 (one sign-off sheet per 林场, 贮木场 …), and each batch is its own transaction, so memory
stays bounded by the largest unit instead of growing with the whole membership (950 MB at 100,000).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, NamedTuple, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from db.models import Unit, Worker, utcnow
from db.models_condolences import CondolenceBatch, CondolenceVisit
from desktop.core.errors import DomainError
from desktop.core.hardship import Member
from desktop.core.roles import Permission, Role
from desktop.services import access, audit
from desktop.services.access import SignedIn
from desktop.services.condolences import batches as condolence_batches
from desktop.services.condolences import festivals as condolence_festivals
from desktop.services.condolences import hardship as hardship_files
from desktop.services.condolences import visits as condolence_visits
from desktop.services.database import Database

ACTOR = "demo"
_ILLNESSES = ("肺炎", "腰椎间盘突出", "骨折", "胆结石", "高血压", "阑尾炎", "白内障", "冠心病")
_VISITORS = ("工会主席 刘刚", "工会副主席 王秀梅", "女工委主任 赵丽华", "工会干事 孙伟")
_APPROVER = "刘刚"
# Above this many members a festival's goods go out as one batch per top-level unit (see the module doc).
SPLIT_BATCHES_ABOVE = 5000


class _Member(NamedTuple):
    """The four columns the demo reads: 100,000 Worker objects cost hundreds of MB, these a few."""

    id: int
    name: str
    sex: str
    birth_date: date


def _day_before(on: date, days: int) -> date:
    return on - timedelta(days=days)


def _festival_day(on: date, month: int, day: int) -> date:
    """This year's festival if it has passed, else last year's (demo visits never lie in the future)."""
    d = date(on.year, month, day)
    return d if d <= on else date(on.year - 1, month, day)


@contextmanager
def _as_leader(s: Session) -> Iterator[None]:
    """Demo approvals are a leader's, as in an office (#15: an administrator does not approve money).

    The made-up data is written by the demo's administrator; only its approvals are recorded under a 领导."""
    me = access.signed_in(s)
    if me is None:
        yield
        return
    s.flush()  # what the administrator wrote goes in as the administrator's
    s.info[access.ACCOUNT] = SignedIn(me.account_id, _APPROVER, _APPROVER, Role.APPROVER, me.file_key)
    try:
        yield
    finally:
        s.info[access.ACCOUNT] = me


def _members(s: Session) -> list[_Member]:
    stmt = (
        select(Worker.id, Worker.name, Worker.sex, Worker.birth_date)
        .where(Worker.archived_at.is_(None), Worker.union_member.is_(True), Worker.status == "on_roll")
        .order_by(Worker.id)
    )
    return [_Member(*row) for row in s.execute(stmt)]


# Both papers the 生病住院 standard asks for: approval waits for every one of them (docs/decisions.md).
_SICK_PAPERS = "住院证明或出院小结\n医疗费票据复印件"


def _settle(s: Session, visit: CondolenceVisit, rng: random.Random, on: date) -> None:
    """Most demo visits are approved and paid a few days later; recent ones are still in progress."""
    age = (on - visit.visit_date).days
    if age < 3 or rng.random() < 0.08 or condolence_visits.missing_documents(s, visit):
        return
    with _as_leader(s):
        condolence_visits.advance(
            s, visit.id, actor=ACTOR, approver=_APPROVER, on=min(visit.visit_date + timedelta(days=1), on)
        )
    if age >= 7 and rng.random() < 0.92:
        condolence_visits.advance(s, visit.id, actor=ACTOR, on=min(visit.visit_date + timedelta(days=3), on))


def _try(
    s: Session, worker: _Member, draft: condolence_visits.VisitDraft, rng: random.Random, on: date, override: str = ""
) -> CondolenceVisit | None:
    try:
        visit = condolence_visits.add_visit(s, worker.id, draft, actor=ACTOR, override_reason=override, today=on)
    except DomainError:
        return None  # the demo's random choice broke a standard: a clerk would not record it either
    _settle(s, visit, rng, on)
    return visit


def _hardship_files(s: Session, people: list[_Member], rng: random.Random, on: date) -> list[_Member]:
    stories = [
        ("deep", "因病", "因子女就学", "配偶患尿毒症长期透析", "", "已婚", False, 3, 1800000, 2400000),
        ("deep", "单亲", "因病", "本人患类风湿", "", "离异", True, 2, 2600000, 2600000),
        ("relative", "因子女就学", "收入低", "健康", "", "已婚", False, 4, 3000000, 4600000),
        ("accident", "意外灾害", "", "健康", "", "已婚", False, 3, 3200000, 4000000),
        ("relative", "因残", "赡养负担重", "肢体残疾", "肢体三级", "已婚", False, 4, 2200000, 3800000),
        ("deep", "因病", "", "本人乳腺癌术后", "", "丧偶", True, 2, 1500000, 1500000),
    ]
    chosen: list[_Member] = []
    for (grade, cause, second, health, disability, marital, single, size, own, household), w in zip(
        stories, people, strict=False
    ):
        surname = rng.choice("王李刘陈杨赵") if marital == "已婚" else w.name[0]
        members = (
            [
                Member(
                    surname + rng.choice(("建军", "海涛", "志强", "国华")),
                    "配偶",
                    "",
                    "健康",
                    household - own,
                    "林场临时工",
                )
            ]
            if marital == "已婚"
            else []
        )
        while len(members) < size - 1:
            members.append(
                Member(
                    surname + rng.choice("小晓子") + rng.choice("明丽强芳宇"),
                    "子女",
                    "",
                    "健康",
                    0,
                    rng.choice(("阿里河中学", "阿里河第一小学", "呼伦贝尔学院")),
                )
            )
        opened = _day_before(on, rng.randint(200, 700))
        draft = hardship_files.FileDraft(
            grade=grade,
            main_cause=cause,
            secondary_causes=second,
            health=health,
            disability=disability,
            marital_status=marital,
            housing="林场职工住宅，约50平方米",
            single_parent=single,
            own_income_fen=own,
            household_income_fen=household,
            household_size=size,
            bank_name="中国农业银行阿里河支行",
            bank_account="62284800" + "".join(rng.choice("0123456789") for _ in range(11)),
            opened_on=opened,
            last_reviewed_on=None
            if rng.random() < 0.5
            else opened + timedelta(days=365)
            if opened + timedelta(days=365) <= on
            else None,
            base_opinion="情况属实，同意建档",
            base_signed_on=opened,
            higher_opinion="同意",
            higher_signed_on=opened,
            members=tuple(members),
        )
        try:
            hardship_files.open_file(s, w.id, draft, actor=ACTOR, today=on)
        except DomainError:
            continue
        chosen.append(w)
    return chosen


def _top_units(s: Session) -> list[tuple[int, str]]:
    """The units right under the company (林场, 贮木场, 科室 …), in the tree's order."""
    roots = select(Unit.id).where(Unit.parent_id.is_(None))
    stmt = select(Unit.id, Unit.name).where(Unit.parent_id.in_(roots)).order_by(Unit.sort_order, Unit.id)
    return [(uid, name) for uid, name in s.execute(stmt)]


def _approve_and_pay(s: Session, batch: CondolenceBatch, *, paid_on: date) -> None:
    """登记 → 已审批 (by the leader) → 已发放 for the whole batch: one statement and one change-log entry a step.

    ``create_batch`` checked every line against the standards in this transaction and left out those over a
    cap, so the per-visit re-check on approval would find nothing; it is what made a large demo take minutes."""
    v = CondolenceVisit
    live = (v.batch_id == batch.id) & v.archived_at.is_(None)
    now = utcnow()
    with _as_leader(s):
        access.require(s, Permission.APPROVE)
        # An UPDATE's result is a CursorResult (it has rowcount); Session.execute is typed for any statement.
        approved = cast(
            CursorResult[Any],
            s.execute(
                update(v)
                .where(live, v.status == "registered")
                .values(
                    status="approved",
                    approved_by=_APPROVER,
                    approved_on=batch.visit_date,
                    updated_at=now,
                    updated_by=ACTOR,
                )
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        audit.record(
            s,
            actor=ACTOR,
            action="approved",
            entity=condolence_batches.ENTITY,
            entity_id=batch.id,
            after={"visits": approved, "approved_by": _APPROVER, "approved_on": batch.visit_date},
        )
    paid = cast(
        CursorResult[Any],
        s.execute(
            update(v)
            .where(live, v.status == "approved")
            .values(
                status="paid",
                paid_on=paid_on,
                updated_at=now,
                updated_by=ACTOR,
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    audit.record(
        s,
        actor=ACTOR,
        action="paid",
        entity=condolence_batches.ENTITY,
        entity_id=batch.id,
        after={"visits": paid, "paid_on": paid_on},
    )


def add_demo_condolences(db: Database, *, seed: int, on: date | None = None) -> int:
    """Add the demo condolence data; returns the number of visits. Runs once per data file."""
    day = on or date.today()
    rng = random.Random(seed + 5)
    with db.write() as s:
        if s.scalar(select(CondolenceVisit.id).where(CondolenceVisit.created_by == ACTOR).limit(1)) is not None:
            return 0
        people = _members(s)
        if not people:
            return 0
        rng.shuffle(people)
        older_women = [w for w in people if w.sex == "F" and w.birth_date.year < day.year - 40]
        _hardship_files(s, older_women[:6] or people[:6], rng, day)
        units = _top_units(s) if len(people) > SPLIT_BATCHES_ABOVE else []

    _festival_batches(db, day, units)
    with db.write() as s:
        _ethnic_festival_batch(s, day)
        count = _member_visits(s, people[6:], rng, day)
        count += _hardship_visits(s, older_women, rng, day)
        return count


def _festival_batches(db: Database, day: date, units: list[tuple[int, str]]) -> None:
    """The New Year and Mid-Autumn batches, one per top unit on a large roster; approved and paid."""
    new_year, mid_autumn = _festival_day(day, 1, 25), _festival_day(day, 9, 20)
    spring = condolence_visits.VisitDraft(
        occasion="festival",
        festival="spring",
        visit_date=new_year,
        visitors=_VISITORS[0],
        goods="米、面、油、年货",
        goods_fen=60000,
    )
    autumn = condolence_visits.VisitDraft(
        occasion="festival",
        festival="mid_autumn",
        visit_date=mid_autumn,
        visitors=_VISITORS[0],
        goods="月饼、水果",
        goods_fen=40000,
    )
    for title, draft in ((f"{new_year.year}年元旦春节慰问", spring), (f"{mid_autumn.year}年中秋国庆慰问", autumn)):
        specs = [
            condolence_batches.BatchSpec(f"{title}（{name}）", draft, group="units", unit_ids=(uid,))
            for uid, name in units
        ] or [condolence_batches.BatchSpec(title, draft, group="all")]
        for spec in specs:
            with db.write() as s:
                try:
                    batch, _, _ = condolence_batches.create_batch(s, spec, actor=ACTOR, skip_over=True, today=day)
                except DomainError:
                    continue  # a unit without live members
                # Past festivals were approved and handed out; the sign-off sheets exist on paper.
                _approve_and_pay(s, batch, paid_on=min(batch.visit_date + timedelta(days=2), day))


def _ethnic_festival_batch(s: Session, day: date) -> None:
    # An ethnic festival the office approved (dated rule data), its goods for 鄂温克族 members only.
    # 三八 is not a festival for festival goods (总工办发〔2017〕32号): the demo's 三八 is an activity.
    condolence_festivals.set_festival(
        s,
        "瑟宾节",
        "鄂温克族",
        date(2000, 1, 1),
        actor=ACTOR,
        note="演示数据：自治区批准设立的民族节日，本单位工会委员会决定发放（请按实际批准文件填写）",
    )
    try:
        condolence_batches.create_batch(
            s,
            condolence_batches.BatchSpec(
                f"{_festival_day(day, 6, 18).year}年瑟宾节慰问",
                condolence_visits.VisitDraft(
                    occasion="festival",
                    festival="瑟宾节",
                    visit_date=_festival_day(day, 6, 18),
                    visitors=_VISITORS[1],
                    goods="奶茶、肉干",
                    goods_fen=20000,
                ),
                group="ethnicity",
                ethnicity="鄂温克族",
            ),
            actor=ACTOR,
            skip_over=True,
            today=day,
        )
    except DomainError:
        pass  # a small roster may have no 鄂温克族 member


def _member_visits(s: Session, pool: list[_Member], rng: random.Random, day: date) -> int:
    """Sick, birthday and family-event visits to members past the first six; the number registered."""
    count = 0
    for w in pool[: max(8, len(pool) // 60)]:
        visit_day = _day_before(day, rng.randint(1, 360))
        d = condolence_visits.VisitDraft(
            occasion="sick",
            cause=rng.choice(_ILLNESSES),
            visit_date=visit_day,
            event_date=visit_day - timedelta(days=rng.randint(1, 6)),
            visitors=rng.choice(_VISITORS),
            cash_fen=rng.choice((50000, 80000, 100000)),
            documents=_SICK_PAPERS,
        )
        count += _try(s, w, d, rng, day) is not None
    for w in pool[60 : 60 + max(10, len(pool) // 40)]:
        bday = date(day.year, w.birth_date.month, min(w.birth_date.day, 28))
        if bday > day:
            continue
        d = condolence_visits.VisitDraft(occasion="birthday", visit_date=bday, goods="生日蛋糕券", goods_fen=20000)
        count += _try(s, w, d, rng, day) is not None
    for occasion, n, cash, goods, docs in (
        ("marriage", 3, 0, 50000, "结婚证复印件"),
        ("childbirth", 4, 0, 50000, "出生医学证明复印件"),
        ("death_relative", 3, 100000, 0, "死亡证明复印件\n亲属关系证明"),
        ("education", 3, 100000, 0, "录取通知书复印件"),
    ):
        for w in pool[200:][:n]:
            d = condolence_visits.VisitDraft(
                occasion=occasion,
                visit_date=_day_before(day, rng.randint(5, 300)),
                cash_fen=cash,
                goods="纪念品" if goods else "",
                goods_fen=goods,
                documents=docs,
                relative_name=w.name[0] + "某某" if occasion == "death_relative" else "",
                relative_relation=rng.choice(("父亲", "母亲")) if occasion == "death_relative" else "",
                cause="子女考入大学" if occasion == "education" else "",
                visitors=_VISITORS[1],
            )
            count += _try(s, w, d, rng, day) is not None
        pool = pool[n:]
    return count


def _hardship_visits(s: Session, older_women: list[_Member], rng: random.Random, day: date) -> int:
    count = 0
    # Hardship households get 送温暖 before the New Year; one is a second hospital visit by override.
    for w in older_women[:6]:
        d = condolence_visits.VisitDraft(
            occasion="warmth",
            visit_date=_festival_day(day, 1, 20),
            cash_fen=100000,
            cause="元旦春节送温暖",
            visitors=_VISITORS[0],
        )
        count += _try(s, w, d, rng, day) is not None
    if older_women:
        w = older_women[0]
        first = _day_before(day, 120)
        for i, visit_day in enumerate((first, first + timedelta(days=30))):
            d = condolence_visits.VisitDraft(
                occasion="sick",
                cause="透析并发症",
                visit_date=visit_day,
                cash_fen=80000,
                visitors=_VISITORS[0],
                documents=_SICK_PAPERS,
            )
            reason = "经工会主席刘刚批准：配偶病情加重再次住院，家庭深度困难" if i else ""
            count += _try(s, w, d, rng, day, override=reason) is not None
    return count
