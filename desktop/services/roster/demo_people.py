"""Demo workers' names, ethnicities, ID numbers and phones, as a forest district in Hulunbuir has them.

``People`` draws one at a time from a seeded random generator (desktop.services.demo builds the roster with
it), so the same seed gives the same people.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from desktop.core.dates import add_years
from desktop.core.idcard import check_char

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


def cumulative(weights: Iterable[float]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class People:
    """Draws one worker at a time; keeps the sets that make ID numbers and mobiles unique."""

    def __init__(self, rng: random.Random, today: date, code: str) -> None:
        self.rng = rng
        self.today = today
        self.code = code
        self.ids: set[str] = set()
        self.mobiles: set[str] = set()
        self.regions = list(_REGION_WEIGHTS)
        self.region_cum = cumulative(_REGION_WEIGHTS.values())
        self.surname_cum = cumulative(_SURNAME_WEIGHTS)
        self.ethnic_cum = cumulative(_ETHNIC_WEIGHTS)

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
