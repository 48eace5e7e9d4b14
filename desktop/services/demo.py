"""Demo data: a realistic forest-district union office (units, workers) generated from a seed.

The same seed gives the same office on the same day, so a screenshot, a bug report or a benchmark can be
reproduced. Ages are anchored on ``today``, because a roster of 18–65-year-olds must stay so whenever the demo
is made. Workers are written with one bulk insert in one transaction: 20,000 rows in about a second, and a
cancelled job leaves the file as it was.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from db.models import Office, Unit, Worker, utcnow
from desktop.core import hazards
from desktop.core.dates import add_years
from desktop.core.errors import DomainError
from desktop.core.idcard import check_char
from desktop.core.progress import NO_JOB, Job
from desktop.services import audit
from desktop.services.database import Database
from desktop.services.office import save_office

INSERT_CHUNK = 2000

# --- Names -----------------------------------------------------------------------------------------------

# Northeast China, roughly by frequency (the first ones are repeated in the weights below).
_SURNAMES = (
    "王李张刘陈杨赵孙于徐周吴马郭高朱胡林何宋韩郑梁谢唐许冯邓曹彭田董潘袁蒋蔡杜程魏苏吕丁任沈姚"
    "卢姜崔范金石贾夏付白邹孟秦邱尹薛段雷侯史陶郝邵常武康牛葛邢齐乔鲁关曲佟隋迟丛宫"
)
_SURNAME_WEIGHTS = [12, 11, 11, 10, 6, 5, 5, 5, 4, 4] + [2] * (len(_SURNAMES) - 10)

# Given names by birth era: a 1960s worker is 建国 or 桂兰, a 2000s one 子豪 or 欣怡.
_GIVEN: dict[str, dict[str, tuple[str, ...]]] = {
    "M": {
        "old": (
            "建国",
            "国庆",
            "建华",
            "长林",
            "宝山",
            "德福",
            "振华",
            "卫东",
            "红军",
            "永生",
            "树林",
            "国军",
            "立新",
            "铁军",
            "春生",
            "玉林",
            "庆丰",
            "福林",
            "志刚",
            "金山",
            "松林",
            "林海",
            "占山",
            "广才",
        ),
        "mid": (
            "海涛",
            "志强",
            "伟",
            "刚",
            "勇",
            "军",
            "强",
            "磊",
            "鹏",
            "宏伟",
            "晓东",
            "海龙",
            "洪涛",
            "春雷",
            "大伟",
            "东升",
            "立军",
            "俊峰",
            "继红",
            "金龙",
            "明",
            "辉",
            "亮",
            "斌",
            "宇",
        ),
        "new": (
            "浩然",
            "子豪",
            "宇航",
            "博文",
            "俊杰",
            "浩宇",
            "天宇",
            "子轩",
            "明轩",
            "一鸣",
            "思远",
            "嘉豪",
            "鑫",
            "帅",
            "旭",
            "晨阳",
            "泽宇",
            "昊天",
        ),
    },
    "F": {
        "old": (
            "秀兰",
            "桂兰",
            "淑芬",
            "玉梅",
            "凤霞",
            "秀英",
            "桂芝",
            "淑珍",
            "玉兰",
            "金凤",
            "素梅",
            "秀珍",
            "淑华",
            "凤兰",
            "桂荣",
            "玉珍",
            "丽华",
            "艳华",
        ),
        "mid": (
            "丽",
            "娟",
            "敏",
            "静",
            "艳",
            "春燕",
            "晓红",
            "海燕",
            "红梅",
            "丽娜",
            "雪梅",
            "晓丽",
            "美玲",
            "冬梅",
            "亚楠",
            "慧",
            "颖",
            "琳",
            "洁",
            "萍",
            "霞",
            "丽丽",
            "艳红",
            "晓梅",
            "秀丽",
        ),
        "new": (
            "婷婷",
            "欣怡",
            "佳琪",
            "雨涵",
            "思琪",
            "梦瑶",
            "诗涵",
            "佳怡",
            "雪",
            "悦",
            "晨曦",
            "可欣",
            "紫涵",
            "雅琪",
            "梓涵",
            "心怡",
            "佳慧",
        ),
    },
}

# Surnames typical of each people in Hulunbuir; minorities there mostly carry Chinese-style names.
_ETHNIC_SURNAMES: dict[str, str] = {
    "蒙古族": "包白鲍韩宝乌奥陈王吴",
    "满族": "关赵佟那富金傅罗",
    "回族": "马杨白金丁海穆沙",
    "达斡尔族": "郭敖鄂何孟苏沃金德吴",
    "鄂温克族": "杜涂何吴卡那胡",
    "鄂伦春族": "孟关莫吴葛魏白何",
    "朝鲜族": "金朴李崔郑姜韩",
}

# Mongolian-style names, also used by some Daur and Ewenki families; dotted ones keep the middle dot.
_MONGOL_SINGLE = {
    "M": (
        "巴特尔",
        "毕力格",
        "朝鲁",
        "宝音",
        "苏和",
        "额尔敦",
        "满都拉",
        "巴雅尔",
        "图门",
        "达来",
        "吉日木图",
        "乌日图",
        "那顺",
        "孟和",
    ),
    "F": (
        "其其格",
        "乌云其木格",
        "图雅",
        "萨仁",
        "苏日娜",
        "那仁花",
        "斯琴",
        "乌兰",
        "高娃",
        "托娅",
        "萨日娜",
        "其木格",
        "阿拉坦其其格",
        "乌日娜",
    ),
}
_MONGOL_FIRST = (
    "阿拉坦",
    "巴特",
    "额尔敦",
    "乌力吉",
    "敖登",
    "宝力德",
    "哈斯",
    "孟和",
    "朝克",
    "特木尔",
    "那顺",
    "吉日嘎拉",
)
_MONGOL_SECOND = {
    "M": ("巴根", "巴特尔", "毕力格", "朝鲁", "宝音", "苏和", "达赖", "满都拉", "图门", "额尔德木图"),
    "F": ("其其格", "格日勒", "图雅", "萨仁", "乌兰", "斯琴", "高娃", "托娅", "娜仁", "苏日娜"),
}

# Hulunbuir district population: Han majority, the "three small peoples" of the Greater Khingan range.
_ETHNICITIES = ("汉族", "蒙古族", "满族", "回族", "达斡尔族", "鄂温克族", "鄂伦春族", "朝鲜族")
_ETHNIC_WEIGHTS = (78.0, 7.0, 5.5, 2.0, 3.0, 1.5, 2.0, 1.0)

# --- ID number regions (GB/T 2260): 呼伦贝尔市 1507xx and 兴安盟 1522xx -------------------------------------

_REGIONS: dict[str, str] = {
    "150702": "海拉尔区",
    "150703": "扎赉诺尔区",
    "150721": "阿荣旗",
    "150722": "莫力达瓦达斡尔族自治旗",
    "150723": "鄂伦春自治旗",
    "150724": "鄂温克族自治旗",
    "150725": "陈巴尔虎旗",
    "150781": "满洲里市",
    "150782": "牙克石市",
    "150783": "扎兰屯市",
    "150784": "额尔古纳市",
    "150785": "根河市",
    "152201": "乌兰浩特市",
    "152202": "阿尔山市",
    "152221": "科尔沁右翼前旗",
    "152223": "扎赉特旗",
    "152224": "突泉县",
}
# 阿里河 lies in 鄂伦春自治旗, so most workers were born there or in the neighbouring forest towns.
_REGION_WEIGHTS: dict[str, float] = {
    "150723": 40,
    "150782": 12,
    "150785": 6,
    "150702": 6,
    "150722": 6,
    "150721": 5,
    "150783": 5,
    "150724": 3,
    "150784": 2,
    "150781": 2,
    "150703": 1,
    "150725": 1,
    "152201": 3,
    "152202": 2,
    "152221": 2,
    "152223": 2,
    "152224": 2,
}
# Peoples cluster in their own banners; a Daur worker was most likely born in 莫旗.
_REGION_BY_ETHNICITY: dict[str, str] = {
    "达斡尔族": "150722",
    "鄂温克族": "150724",
    "鄂伦春族": "150723",
    "蒙古族": "152221",
}

_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
)
# 0470 is 呼伦贝尔's area code; 56/57 are the 鄂伦春旗 exchanges.
_LANDLINE_EXCHANGES = ("56", "57", "33", "35")

# --- Units and posts --------------------------------------------------------------------------------------

_FARMS = ("甘河林场", "吉文林场", "阿里河林场", "克一河林场", "奎勒河林场", "诺敏林场")


@dataclass(frozen=True)
class _Post:
    name: str
    male: float  # relative weights by sex: the heavy field posts are mostly men's, offices mostly women's
    female: float
    hazards: dict[str, int | None]


def _p(name: str, male: float, female: float, **conds: int | None) -> _Post:
    return _Post(name, male, female, dict(conds))


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
_SECTIONS: dict[str, tuple[_Post, ...]] = {
    "营林科": (_p("科长", 0.15, 0.08), _p("技术员", 1, 1), _p("营林员", 1, 1, low_temp=2, physical=2)),
    "财务科": (_p("科长", 0.15, 0.08), _p("会计", 0.3, 2), _p("出纳", 0.2, 1.5)),
    "人力资源科": (_p("科长", 0.15, 0.08), _p("干事", 1, 1.5), _p("劳资员", 0.5, 1.5)),
    "工会办公室": (_p("干事", 0.5, 1.5), _p("女工干事", 0, 1)),
    "安全生产科": (_p("科长", 0.15, 0.08), _p("安全员", 1.5, 0.5, height=1), _p("技术员", 1, 1)),
}

# Share of each branch by sex: women are fewer in the woods and more in the offices.
_BRANCH_SHARE = {"farm": (0.66, 0.58), "yard": (0.14, 0.12), "station": (0.15, 0.14), "section": (0.05, 0.16)}


@dataclass
class _UnitPlan:
    name: str
    kind: str
    parent: int | None  # index into the plan list
    branch: str = ""
    share: float = 0.0  # share of its branch's workers
    posts: tuple[_Post, ...] = ()


def _plan_units(company: str, rng: random.Random) -> list[_UnitPlan]:
    plan: list[_UnitPlan] = [_UnitPlan(company, "company", None)]

    def add(
        name: str, kind: str, parent: int, branch: str = "", share: float = 0.0, posts: tuple[_Post, ...] = ()
    ) -> int:
        plan.append(_UnitPlan(name, kind, parent, branch, share, posts))
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


def _slots(plan: list[_UnitPlan]) -> tuple[list[tuple[int, _Post]], list[float], list[float]]:
    """Every (unit, post) a worker can fill, with its chance for a man and for a woman.

    Normalised per branch, not per unit: a unit whose posts are men's work (造材班) then gets few women,
    instead of every unit receiving its share of both sexes.
    """
    slots: list[tuple[int, _Post]] = []
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


class _People:
    """Draws one worker at a time; keeps the sets that make ID numbers and mobiles unique."""

    def __init__(self, rng: random.Random, today: date, code: str) -> None:
        self.rng = rng
        self.today = today
        self.code = code
        self.ids: set[str] = set()
        self.mobiles: set[str] = set()
        self.regions = list(_REGION_WEIGHTS)
        self.region_cum = _cumulative(_REGION_WEIGHTS.values())
        self.surname_cum = _cumulative(_SURNAME_WEIGHTS)
        self.ethnic_cum = _cumulative(_ETHNIC_WEIGHTS)

    def ethnicity(self) -> str:
        return self.rng.choices(_ETHNICITIES, cum_weights=self.ethnic_cum)[0]

    def name(self, sex: str, ethnicity: str, birth: date) -> str:
        rng = self.rng
        style = rng.random()
        if ethnicity == "蒙古族" and style < 0.5 or ethnicity in ("达斡尔族", "鄂温克族") and style < 0.15:
            if rng.random() < 0.3:
                return f"{rng.choice(_MONGOL_FIRST)}·{rng.choice(_MONGOL_SECOND[sex])}"
            return rng.choice(_MONGOL_SINGLE[sex])
        if ethnicity in _ETHNIC_SURNAMES and rng.random() < 0.8:
            surname = rng.choice(_ETHNIC_SURNAMES[ethnicity])
        else:
            surname = rng.choices(_SURNAMES, cum_weights=self.surname_cum)[0]
        era = "old" if birth.year < 1972 else "mid" if birth.year < 1992 else "new"
        return surname + rng.choice(_GIVEN[sex][era])

    def id_number(self, sex: str, ethnicity: str, birth: date) -> str:
        rng = self.rng
        home = _REGION_BY_ETHNICITY.get(ethnicity)
        while True:
            region = home if home and rng.random() < 0.6 else self.any_region()
            # The 17th digit is odd for men and even for women; 000 is never issued.
            seq = rng.randrange(1, 500) * 2 + (1 if sex == "M" else 0)
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_char(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def any_region(self) -> str:
        return self.rng.choices(self.regions, cum_weights=self.region_cum)[0]

    def phone(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            return ""
        if roll < 0.06:
            return f"0470-{rng.choice(_LANDLINE_EXCHANGES)}{rng.randrange(100000):05d}"
        while True:
            mobile = f"{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
            if mobile not in self.mobiles:
                self.mobiles.add(mobile)
                return mobile

    def birth_for_age(self, age: int) -> date:
        # Up to 364 days before the age-th birthday keeps the whole-year age exactly ``age`` today.
        return add_years(self.today, -age) - timedelta(days=self.rng.randrange(365))

    def date_between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def uid(self) -> str:
        # Seeded, so the same seed gives the same global ids; still shaped like workers.new_uid.
        return f"{self.code}-{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"


def _cumulative(weights: Any) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _worker_row(
    p: _People,
    sex: str,
    slot: tuple[int, _Post],
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
        n_workers = int(s.scalar(select(func.count()).select_from(Worker)) or 0)
        n_units = int(s.scalar(select(func.count()).select_from(Unit)) or 0)
        if n_workers or n_units:
            raise DomainError(
                f"数据文件中已有 {n_workers} 名职工、{n_units} 个单位，演示数据只能生成到新的空白数据文件中，"
                "以免与真实数据混在一起"
            )
        office = s.scalars(select(Office).order_by(Office.id)).first()
        if office is None:
            office = save_office(s, code=office_code, name=office_name, actor=db.actor)
        # An office set up by the clerk keeps its name and code; the uids must carry that code.
        code, name = office.code, office.name

        plan = _plan_units(_company_name(name), rng)
        unit_ids: list[int] = []
        for order, u in enumerate(plan):
            unit = Unit(
                name=u.name, kind=u.kind, sort_order=order, parent_id=None if u.parent is None else unit_ids[u.parent]
            )
            s.add(unit)
            s.flush()
            unit_ids.append(unit.id)

        slots, male_w, female_w = _slots(plan)
        male_cum, female_cum = _cumulative(male_w), _cumulative(female_w)
        encoded = {post.name: hazards.encode(post.hazards) for _, post in slots}

        # Exactly this many women, shuffled, so even a small demo has the intended share (about 45 %).
        women = round(workers * rng.uniform(0.43, 0.47))
        sexes = ["F"] * women + ["M"] * (workers - women)
        rng.shuffle(sexes)

        people = _People(rng, today, code)
        now = utcnow()
        rows: list[dict[str, Any]] = []
        stats = {"retired": 0, "archived": 0, "members": 0, "minorities": 0}
        for i, sex in enumerate(sexes):
            cum = female_cum if sex == "F" else male_cum
            slot = rng.choices(slots, cum_weights=cum)[0]
            row = _worker_row(people, sex, slot, unit_ids, encoded, now, db.actor)
            rows.append(row)
            stats["retired"] += row["employment_type"] == "retired"
            stats["archived"] += row["archived_at"] is not None
            stats["members"] += bool(row["union_member"])
            stats["minorities"] += row["ethnicity"] != "汉族"
            if len(rows) == INSERT_CHUNK or i == workers - 1:
                s.execute(insert(Worker), rows)
                rows = []
                job.step(i + 1, total_steps, f"正在生成演示职工 {i + 1}/{workers}")

        audit.record(
            s,
            actor=db.actor,
            action="demo",
            entity="worker",
            entity_id=None,
            after={"workers": workers, "units": len(plan), "seed": seed, "women": women, "office_code": code},
        )
        job.step(total_steps - 1, total_steps, "正在保存")
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
