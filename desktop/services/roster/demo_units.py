"""The demo company's unit tree and its posts: six forest farms, a timber yard, a protection station and
the head office's sections, each post with the working conditions 四期保护 checks and its share of men and
women."""

from __future__ import annotations

import random
from dataclasses import dataclass

_FARMS = ("甘河林场", "吉文林场", "阿里河林场", "克一河林场", "奎勒河林场", "诺敏林场")


@dataclass(frozen=True)
class Post:
    name: str
    male: float  # relative weights by sex: the heavy field posts are mostly men's, offices mostly women's
    female: float
    hazards: dict[str, int | None]


def _p(name: str, male: float, female: float, **conds: int | None) -> Post:
    return Post(name, male, female, dict(conds))


# Working conditions follow the 619 appendix checklist so 四期保护 finds real conflicts in the demo.
_POSTS_FARM_OFFICE = (
    _p("场长", 0.15, 0.03),
    _p("技术员", 1, 1),
    _p("统计员", 0.4, 1.5),
    _p("会计", 0.3, 1.5),
    _p("防火员", 1, 0.3, physical=2, overtime=None),
)
_POSTS_SILVI = (
    _p("营林工", 3, 3, physical=3, low_temp=2, bending=None),
    _p("油锯手", 4, 0.1, vibration=None, noise=3, physical=3, low_temp=2),
    _p("集材工", 3, 0.2, physical=4, low_temp=2, noise=2),
)
_POSTS_GUARD = (
    _p("管护员", 3, 2, low_temp=2, physical=2, night_shift=None),
    _p("瞭望员", 0.4, 1, height=3, night_shift=None),
)
_POSTS_NURSERY = (_p("苗圃工", 1, 4, physical=2, bending=None, cold_water=1),)
_POSTS_SERVICE = (
    _p("炊事员", 0.5, 2),
    _p("保洁员", 0.3, 1.5),
    _p("保管员", 1, 1),
    _p("门卫", 1, 0.3, night_shift=None),
)
_POSTS_YARD_OFFICE = (_p("场长", 0.15, 0.03), _p("调度员", 1, 1, night_shift=None), _p("统计员", 0.4, 1.5))
_POSTS_LOADING = (
    _p("装卸工", 3, 0.3, physical=4, low_temp=2, bending=None),
    _p("吊车司机", 2, 0.5, height=3, noise=2, night_shift=None),
)
_POSTS_SCALING = (_p("检尺员", 1, 2, low_temp=2, physical=2),)
_POSTS_BUCKING = (_p("造材工", 3, 0.1, vibration=None, noise=3, physical=3, low_temp=2),)
_POSTS_STATION_OFFICE = (_p("站长", 0.15, 0.03), _p("内勤", 0.3, 1))
_POSTS_FIRE = (_p("扑火队员", 3, 0.1, physical=4, high_temp=3, night_shift=None, overtime=None),)
_SECTIONS: dict[str, tuple[Post, ...]] = {
    "营林科": (_p("科长", 0.15, 0.08), _p("技术员", 1, 1), _p("营林员", 1, 1, low_temp=2, physical=2)),
    "财务科": (_p("科长", 0.15, 0.08), _p("会计", 0.3, 2), _p("出纳", 0.2, 1.5)),
    "人力资源科": (_p("科长", 0.15, 0.08), _p("干事", 1, 1.5), _p("劳资员", 0.5, 1.5)),
    "工会办公室": (_p("干事", 0.5, 1.5), _p("女工干事", 0, 1)),
    "安全生产科": (_p("科长", 0.15, 0.08), _p("安全员", 1.5, 0.5, height=1), _p("技术员", 1, 1)),
}

# Share of each branch by sex: women are fewer in the woods and more in the offices.
_BRANCH_SHARE = {"farm": (0.66, 0.58), "yard": (0.14, 0.12), "station": (0.15, 0.14), "section": (0.05, 0.16)}


@dataclass
class UnitPlan:
    name: str
    kind: str
    parent: int | None  # index into the plan list
    branch: str = ""
    share: float = 0.0  # share of its branch's workers
    posts: tuple[Post, ...] = ()


def plan_units(company: str, rng: random.Random) -> list[UnitPlan]:
    plan: list[UnitPlan] = [UnitPlan(company, "company", None)]

    def add(
        name: str, kind: str, parent: int, branch: str = "", share: float = 0.0, posts: tuple[Post, ...] = ()
    ) -> int:
        plan.append(UnitPlan(name, kind, parent, branch, share, posts))
        return len(plan) - 1

    farm_sizes = [rng.uniform(0.7, 1.3) for _ in _FARMS]
    total = sum(farm_sizes)
    for farm_name, size in zip(_FARMS, farm_sizes, strict=True):
        s = size / total
        farm = add(farm_name, "farm", 0, "farm", s * 0.08, _POSTS_FARM_OFFICE)
        add("营林一班", "team", farm, "farm", s * 0.24, _POSTS_SILVI)
        add("营林二班", "team", farm, "farm", s * 0.21, _POSTS_SILVI)
        add("管护一组", "team", farm, "farm", s * 0.16, _POSTS_GUARD)
        add("管护二组", "team", farm, "farm", s * 0.13, _POSTS_GUARD)
        add("苗圃班", "team", farm, "farm", s * 0.10, _POSTS_NURSERY)
        add("后勤班", "team", farm, "farm", s * 0.08, _POSTS_SERVICE)
    yard = add("贮木场", "workshop", 0, "yard", 0.12, _POSTS_YARD_OFFICE)
    add("装卸班", "team", yard, "yard", 0.40, _POSTS_LOADING)
    add("检尺班", "team", yard, "yard", 0.23, _POSTS_SCALING)
    add("造材班", "team", yard, "yard", 0.25, _POSTS_BUCKING)
    station = add("森林管护站", "other", 0, "station", 0.08, _POSTS_STATION_OFFICE)
    add("管护一组", "team", station, "station", 0.30, _POSTS_GUARD)
    add("管护二组", "team", station, "station", 0.27, _POSTS_GUARD)
    add("专业扑火队", "team", station, "station", 0.35, _POSTS_FIRE)
    for name, posts in _SECTIONS.items():
        add(name, "section", 0, "section", 1 / len(_SECTIONS), posts)
    return plan


def post_slots(plan: list[UnitPlan]) -> tuple[list[tuple[int, Post]], list[float], list[float]]:
    """Every (unit, post) a worker can fill, with its chance for a man and for a woman.

    Normalised per branch, not per unit: a unit whose posts are men's work (造材班) then gets few women,
    instead of every unit receiving its share of both sexes.
    """
    slots: list[tuple[int, Post]] = []
    raw: list[tuple[str, float, float]] = []
    for index, u in enumerate(plan):
        for post in u.posts:
            slots.append((index, post))
            raw.append((u.branch, u.share * post.male, u.share * post.female))
    male_sum: dict[str, float] = {}
    female_sum: dict[str, float] = {}
    for branch, m, f in raw:
        male_sum[branch] = male_sum.get(branch, 0.0) + m
        female_sum[branch] = female_sum.get(branch, 0.0) + f
    male_w = [_BRANCH_SHARE[b][0] * m / male_sum[b] for b, m, _ in raw]
    female_w = [_BRANCH_SHARE[b][1] * f / female_sum[b] for b, _, f in raw]
    return slots, male_w, female_w
