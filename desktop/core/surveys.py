"""需求调研 → 职工需求清单 (#19 item 3). Pure.

The article (seed-articles.txt, 王娇娇, 二(二)) asks the union to survey workers "定时通过问卷调查、座谈交流以及
上门走访等方式", to look at the needs "不同年龄段、不同工作岗位、不同群体职工", and to keep a 职工需求清单. So:

- a survey is a 问卷 (questions with choices or free text, one response per worker) or a 座谈/走访 record;
- an answer must fit its question: a choice is one of the question's options, a required question is answered;
- results are counted by age band, post, unit and group. Age bands (decided here, docs/decisions.md): under 30,
  30–39, 40–49, 50 and over, the age taken on the survey's date — the bands the article's "不同年龄段" leaves
  open, chosen so that the 50-and-over band matches the older-women group below;
- groups, from what the roster and the hardship files hold: 单亲 (a hardship file, not archived, marked 单亲 —
  the roster itself has no such field, so a single parent without a hardship file is not counted), 50岁及以上
  女职工 (sex F, age ≥ 50 on the survey's date), 入职不满一年 (hire date within the year before the survey's date;
  a worker without a hire date is not counted). A worker may be in several groups, or none;
- a need moves 收集 → 办理 → 回访, only forward, each step dated on or after the one before and not after today,
  with the name of who handled it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.core.dates import add_years, age_on
from desktop.core.errors import DomainError, FieldErrors

KINDS: Mapping[str, str] = {"questionnaire": "问卷", "forum": "座谈", "visit": "走访"}
QUESTION_KINDS: Mapping[str, str] = {"choice": "单选", "text": "填写"}
NEED_CATEGORIES: Mapping[str, str] = {
    "career": "职业发展",
    "skills": "技能提升",
    "mental": "心理健康",
    "children": "子女教育",
    "elderly": "老人赡养",
    "health": "身体健康",
    "rights": "权益保障",
    "living": "生活帮扶",
    "culture": "文体活动",
    "other": "其他",
}
STATUSES: Mapping[str, str] = {"collected": "收集", "handling": "办理", "revisited": "回访"}
STATUS_ORDER: tuple[str, ...] = ("collected", "handling", "revisited")

AGE_BANDS: tuple[str, ...] = ("30岁以下", "30—39岁", "40—49岁", "50岁及以上")
GROUPS: Mapping[str, str] = {
    "single_parent": "单亲职工",
    "older_women": "50岁及以上女职工",
    "new_hires": "入职不满一年",
}
DIMENSIONS: Mapping[str, str] = {"age": "年龄段", "post": "岗位", "unit": "单位", "group": "群体"}
OLDER_AGE = 50


def options_of(text: str) -> list[str]:
    """The options of a choice question, one a line, blanks and repeats dropped."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    options: tuple[str, ...] = ()
    required: bool = False


def check_question(q: Question) -> None:
    errors: dict[str, str] = {}
    if not q.text.strip():
        errors["text"] = "请填写题目"
    if q.kind not in QUESTION_KINDS:
        errors["kind"] = "请选择题型（单选或填写）"
    elif q.kind == "choice" and len(q.options) < 2:
        errors["options"] = "单选题至少要有两个选项，每行一个"
    elif q.kind == "text" and q.options:
        errors["options"] = "填写题不设选项"
    if errors:
        raise FieldErrors(errors)


def check_answer(q: Question, value: str) -> str:
    """The answer as stored (trimmed), or DomainError naming the question: a choice must be one of its
    options (as written, after trimming), a required question must be answered."""
    answer = value.strip()
    if not answer:
        if q.required:
            raise DomainError(f"“{q.text}”必须回答")
        return ""
    if q.kind == "choice" and answer not in q.options:
        raise DomainError(f"“{q.text}”没有“{answer}”这个选项（可选：{'、'.join(q.options)}）")
    return answer


def age_band(birth: date, on: date) -> str:
    age = age_on(birth, on)
    if age < 30:
        return AGE_BANDS[0]
    if age < 40:
        return AGE_BANDS[1]
    if age < OLDER_AGE:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


@dataclass(frozen=True)
class Respondent:
    """What the breakdowns need of a worker, as of the survey."""

    sex: str
    birth_date: date
    post: str
    unit: str
    hire_date: date | None
    single_parent: bool


def groups_of(r: Respondent, on: date) -> list[str]:
    out = []
    if r.single_parent:
        out.append("single_parent")
    if r.sex == "F" and age_on(r.birth_date, on) >= OLDER_AGE:
        out.append("older_women")
    if r.hire_date is not None and add_years(r.hire_date, 1) > on >= r.hire_date:
        out.append("new_hires")
    return out


def keys_of(r: Respondent, dimension: str, on: date) -> list[str]:
    """The row(s) of a breakdown a respondent falls in: one for age, post and unit; any number for groups."""
    if dimension == "age":
        return [age_band(r.birth_date, on)]
    if dimension == "post":
        return [r.post or "（未填岗位）"]
    if dimension == "unit":
        return [r.unit or "（未填单位）"]
    if dimension == "group":
        return [GROUPS[g] for g in groups_of(r, on)]
    raise ValueError(dimension)


@dataclass(frozen=True)
class ResultRow:
    """One row of a breakdown of one choice question: how many respondents in it chose each option."""

    key: str
    respondents: int
    counts: Mapping[str, int]

    def share(self, option: str) -> str:
        return f"{100.0 * self.counts.get(option, 0) / self.respondents:.1f}%" if self.respondents else "—"


def breakdown(
    options: Sequence[str], answers: Iterable[tuple[Respondent, str]], dimension: str, on: date
) -> list[ResultRow]:
    """Counts of each option per row of ``dimension`` and a 合计 row last; ``answers`` are (respondent, the
    option chosen, "" for not answered). Rows: age bands in order (all four, empty ones too), groups in
    order (all three), posts and units by name (未填 last); respondents who did not answer count in 答题人数 only."""
    rows: dict[str, Counter[str]] = {}
    people: Counter[str] = Counter()
    total: Counter[str] = Counter()
    answered = 0
    fixed = AGE_BANDS if dimension == "age" else tuple(GROUPS.values()) if dimension == "group" else ()
    for key in fixed:
        rows[key] = Counter()
    for respondent, value in answers:
        answered += 1
        if value:
            total[value] += 1
        for key in keys_of(respondent, dimension, on):
            rows.setdefault(key, Counter())
            people[key] += 1
            if value:
                rows[key][value] += 1
    # Rows without a post or unit come after the named ones.
    order = list(fixed) + sorted((k for k in rows if k not in fixed), key=lambda k: (k.startswith("（未填"), k))
    out = [ResultRow(k, people[k], {o: rows[k][o] for o in options}) for k in order]
    out.append(ResultRow("合计", answered, {o: total[o] for o in options}))
    return out


@dataclass(frozen=True)
class NeedSteps:
    collected_on: date | None
    collected_by: str
    handling_on: date | None = None
    handling_by: str = ""
    revisited_on: date | None = None
    revisited_by: str = ""


def status_of(s: NeedSteps) -> str:
    if s.revisited_on is not None:
        return "revisited"
    if s.handling_on is not None:
        return "handling"
    return "collected"


def check_steps(s: NeedSteps, *, today: date) -> None:
    """Each step dated, not after today, on or after the step before it, with who handled it; a later step
    only after the one before it (回访 needs 办理)."""
    errors: dict[str, str] = {}
    steps = [
        ("collected", s.collected_on, s.collected_by),
        ("handling", s.handling_on, s.handling_by),
        ("revisited", s.revisited_on, s.revisited_by),
    ]
    previous: tuple[str, date] | None = None
    for code, day, who in steps:
        label = STATUSES[code]
        if day is None:
            if code == "collected":
                errors[f"{code}_on"] = "请填写收集日期"
            elif who.strip():
                errors[f"{code}_on"] = f"请填写{label}日期"
            previous = None if code != "collected" else previous
            continue
        if code != "collected" and previous is None:
            before = STATUSES[STATUS_ORDER[STATUS_ORDER.index(code) - 1]]
            errors[f"{code}_on"] = f"须先{before}，才能{label}"
        if day > today:
            errors.setdefault(f"{code}_on", f"{label}日期（{day.isoformat()}）晚于今天")
        if previous is not None and day < previous[1]:
            errors.setdefault(
                f"{code}_on",
                f"{label}日期（{day.isoformat()}）早于{STATUSES[previous[0]]}日期（{previous[1].isoformat()}）",
            )
        if not who.strip():
            errors[f"{code}_by"] = f"请填写{label}人"
        previous = (code, day)
    if errors:
        raise FieldErrors(errors)


def check_advance(current: str, target: str) -> None:
    """Status moves one step forward only: 收集 → 办理 → 回访."""
    if target not in STATUSES:
        raise DomainError(f"没有“{target}”这个状态")
    if STATUS_ORDER.index(target) != STATUS_ORDER.index(current) + 1:
        raise DomainError(
            f"需求状态只能依次向前（收集→办理→回访）：现为“{STATUSES[current]}”，不能改为“{STATUSES[target]}”"
        )
