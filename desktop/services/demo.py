"""Demo data: a realistic forest-district union office (units, workers, then every area's records) from a seed.

The same seed gives the same office on the same day, so a screenshot, a bug report or a benchmark can be
reproduced. Ages are anchored on ``today``, because a roster of 18–65-year-olds must stay so whenever the demo
is made. Workers are written with one bulk insert in one transaction: 20,000 rows in about a second, and a
cancelled job leaves the file as it was. Who the people are is drawn in roster.demo_people, the unit tree and
its posts are planned in roster.demo_units; each area adds its own records from its demo module.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import Office, Unit, Worker, utcnow
from desktop.core import hazards
from desktop.core.dates import add_years
from desktop.core.errors import DomainError
from desktop.core.progress import NO_JOB, Job
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import save_office
from desktop.services.roster.demo_people import People, cumulative
from desktop.services.roster.demo_units import Post, UnitPlan, plan_units, post_slots

INSERT_CHUNK = 2000


# --- Result -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    path: str
    office_code: str
    workers: int
    women: int
    units: int
    retirees: int
    archived: int
    members: int
    minorities: int
    protection_cases: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"已生成演示数据：职工 {self.workers} 人（女 {self.women} 人，退休 {self.retirees} 人，"
            f"少数民族 {self.minorities} 人，已归档 {self.archived} 人），单位 {self.units} 个，"
            f"工会会员 {self.members} 人，四期保护记录 {self.protection_cases} 条；"
            f"单位代码 {self.office_code}，用时 {self.seconds:.1f} 秒，"
            f"数据文件 {self.path}"
        )


# --- Generation -------------------------------------------------------------------------------------------


def _worker_row(
    p: People,
    sex: str,
    slot: tuple[int, Post],
    unit_ids: list[int],
    encoded: dict[str, str],
    now: datetime,
    actor: str,
) -> dict[str, Any]:
    rng, today = p.rng, p.today
    unit_index, post = slot
    roll = rng.random()
    # Women workers retire at 50 (cadres 55), men at 60, so more women are on the retiree roll.
    retire_share = 0.12 if sex == "F" else 0.07
    if roll < retire_share:
        employment, status = "retired", "retired"
        age = rng.randint(50, 65) if sex == "F" else rng.randint(60, 65)
    elif roll < retire_share + 0.05:
        employment, status = "dispatched", "on_roll"
        age = int(rng.triangular(18, 50, 28))
    elif roll < retire_share + 0.08:
        employment, status = "flexible", "on_roll"
        age = int(rng.triangular(18, 55, 35))
    else:
        employment, status = "active", "on_roll"
        # The forest workforce is old: hiring all but stopped after the 2015 logging ban.
        age = int(rng.triangular(18, 55 if sex == "F" else 60, 47))
    birth = p.birth_for_age(age)
    ethnicity = p.ethnicity()
    adult = add_years(birth, 18)
    if employment in ("dispatched", "flexible"):
        hire = p.date_between(max(adult, add_years(today, -8)), today - timedelta(days=30))
    else:
        hire = p.date_between(adult, min(add_years(birth, 30), today - timedelta(days=30)))
    member_share = {"active": 0.95, "retired": 0.85, "dispatched": 0.6, "flexible": 0.4}[employment]
    member = rng.random() < member_share
    join = p.date_between(hire, min(hire + timedelta(days=3 * 365), today)) if member else None
    archived_at = None
    if status == "on_roll" and rng.random() < 0.012:
        # A few who left: they stay in the archive, nothing is deleted.
        status = "deceased" if age > 50 and rng.random() < 0.2 else "transferred"
        archived_at = now - timedelta(days=rng.randrange(30, 900))
    working = employment != "retired"
    return {
        "uid": p.uid(),
        "name": p.name(sex, ethnicity, birth),
        "sex": sex,
        "ethnicity": ethnicity,
        "id_number": p.id_number(sex, ethnicity, birth),
        "birth_date": birth,
        "unit_id": unit_ids[unit_index],
        "post": post.name if working else "",
        "hazards": encoded[post.name] if working else "",
        "employment_type": employment,
        "union_member": member,
        "union_join_date": join,
        "phone": p.phone(),
        "hire_date": hire,
        "status": status,
        "notes": "",
        "archived_at": archived_at,
        "created_at": now,
        "created_by": actor,
        "updated_at": now,
        "updated_by": actor,
    }


def _company_name(office_name: str) -> str:
    name = office_name.strip()
    return name[: -len("工会")] if name.endswith("工会") and len(name) > 2 else name or "演示公司"


def create_demo(
    db: Database,
    *,
    workers: int = 2000,
    seed: int = 1,
    office_code: str = "ALH",
    office_name: str = "阿里河森工公司工会",
    job: Job | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty data file with an office, its unit tree and ``workers`` workers; one transaction.

    Refuses a file that already holds units or workers, so a clerk's real data is never mixed with
    invented people. ``today`` anchors ages and dates (default: the real today).
    """
    if workers < 0:
        raise DomainError("演示职工人数不能为负数")
    if workers > 200_000:
        raise DomainError("演示职工人数最多 200000 人")
    job = job or NO_JOB
    today = today or date.today()
    rng = random.Random(seed)
    started = datetime.now()
    total_steps = workers + 1
    job.step(0, total_steps, "正在检查数据文件")
    with db.write() as s:
        code, name = _office_of_empty_file(s, office_code, office_name, actor=db.actor)
        plan = plan_units(_company_name(name), rng)
        unit_ids = _add_units(s, plan)
        women, stats = _add_workers(
            s, rng, plan, unit_ids, workers, today=today, code=code, actor=db.actor, job=job, total_steps=total_steps
        )
        audit.record(
            s,
            actor=db.actor,
            action="demo",
            entity="worker",
            entity_id=None,
            after={"workers": workers, "units": len(plan), "seed": seed, "women": women, "office_code": code},
        )
        job.step(total_steps - 1, total_steps, "正在保存")
    cases = _add_area_data(db, seed=seed, today=today)
    job.step(total_steps, total_steps, "完成")
    return DemoSummary(
        path=str(db.path),
        office_code=code,
        workers=workers,
        women=women,
        units=len(plan),
        retirees=stats["retired"],
        archived=stats["archived"],
        members=stats["members"],
        minorities=stats["minorities"],
        protection_cases=cases,
        seconds=(datetime.now() - started).total_seconds(),
    )


def _office_of_empty_file(s: Session, office_code: str, office_name: str, *, actor: str) -> tuple[str, str]:
    """The office's code and name (made if the file has none); refuses a file with workers or units."""
    n_workers = int(s.scalar(select(func.count()).select_from(Worker)) or 0)
    n_units = int(s.scalar(select(func.count()).select_from(Unit)) or 0)
    if n_workers or n_units:
        raise DomainError(
            f"数据文件中已有 {n_workers} 名职工、{n_units} 个单位，演示数据只能生成到新的空白数据文件中，"
            "以免与真实数据混在一起"
        )
    office = s.scalars(select(Office).order_by(Office.id)).first()
    if office is None:
        office = save_office(s, code=office_code, name=office_name, actor=actor)
    # An office set up by the clerk keeps its name and code; the uids must carry that code.
    code, name = office.code, office.name
    return code, name


def _add_units(s: Session, plan: list[UnitPlan]) -> list[int]:
    """The planned unit tree, parents first; the new ids in plan order."""
    unit_ids: list[int] = []
    for order, u in enumerate(plan):
        unit = Unit(
            name=u.name, kind=u.kind, sort_order=order, parent_id=None if u.parent is None else unit_ids[u.parent]
        )
        s.add(unit)
        s.flush()
        unit_ids.append(unit.id)
    return unit_ids


def _add_workers(
    s: Session,
    rng: random.Random,
    plan: list[UnitPlan],
    unit_ids: list[int],
    workers: int,
    *,
    today: date,
    code: str,
    actor: str,
    job: Job,
    total_steps: int,
) -> tuple[int, dict[str, int]]:
    """``workers`` invented workers in chunks; the number of women and the counts the summary reports."""
    slots, male_w, female_w = post_slots(plan)
    male_cum, female_cum = cumulative(male_w), cumulative(female_w)
    encoded = {post.name: hazards.encode(post.hazards) for _, post in slots}

    # Exactly this many women, shuffled, so even a small demo has the intended share (about 45 %).
    women = round(workers * rng.uniform(0.43, 0.47))
    sexes = ["F"] * women + ["M"] * (workers - women)
    rng.shuffle(sexes)

    people = People(rng, today, code)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    stats = {"retired": 0, "archived": 0, "members": 0, "minorities": 0}
    for i, sex in enumerate(sexes):
        cum = female_cum if sex == "F" else male_cum
        slot = rng.choices(slots, cum_weights=cum)[0]
        row = _worker_row(people, sex, slot, unit_ids, encoded, now, actor)
        rows.append(row)
        stats["retired"] += row["employment_type"] == "retired"
        stats["archived"] += row["archived_at"] is not None
        stats["members"] += bool(row["union_member"])
        stats["minorities"] += row["ethnicity"] != "汉族"
        if len(rows) == INSERT_CHUNK or i == workers - 1:
            s.execute(insert(Worker), rows)
            rows = []
            job.step(i + 1, total_steps, f"正在生成演示职工 {i + 1}/{workers}")
    return women, stats


def _add_area_data(db: Database, *, seed: int, today: date) -> int:
    """Each area's demo records, through its services; the number of protection cases."""
    # Four-period histories go through the protection services so they are validated like a clerk's.
    from desktop.services.protections.demo import add_demo_protections

    cases = add_demo_protections(db, seed=seed, on=today)
    from desktop.services.exams.demo import add_demo_exams

    add_demo_exams(db, seed=seed, on=today)
    from desktop.services.condolences.demo import add_demo_condolences

    add_demo_condolences(db, seed=seed, on=today)
    from desktop.services.activities.demo import add_demo_activities

    add_demo_activities(db, seed=seed, on=today)
    from desktop.services.contracts.demo import add_demo_contract

    add_demo_contract(db, on=today)
    from desktop.services.insurance.demo import add_demo_insurance

    add_demo_insurance(db, seed=seed, on=today)
    from desktop.services.rights.demo import add_demo_rights

    add_demo_rights(db, seed=seed, on=today)
    from desktop.services.surveys.demo import add_demo_surveys

    add_demo_surveys(db, seed=seed, on=today)
    return cases
