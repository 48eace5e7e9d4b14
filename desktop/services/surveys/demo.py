"""Demo 需求调研: this year's questionnaire with answers from about sixty workers, a 座谈 record, and a dozen needs
at each step, so the tab, the results and the 需求清单 have something real to show. Entered through the service
like a clerk's (the administrator's account)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker
from db.models_surveys import Survey
from desktop.services.database import Database
from desktop.services.surveys import answers, needs, surveys

SERVICES = ("技能培训", "心理疏导", "子女托管", "健康讲座", "文体活动")
NEEDS: tuple[tuple[str, str], ...] = (
    ("children", "希望开设职工子女暑期托管班"),
    ("skills", "希望组织育林技能培训"),
    ("mental", "希望请专家做心理疏导讲座"),
    ("health", "希望增加妇科检查项目"),
    ("elderly", "家中老人需要照护，希望调整班次"),
    ("culture", "希望组建广场舞队"),
    ("career", "希望参加职称评审辅导"),
    ("living", "林场宿舍冬季供暖不足"),
    ("rights", "希望讲解女职工特殊保护规定"),
    ("children", "希望协调子女入学"),
    ("skills", "希望开展电商直播培训"),
    ("other", "希望开通班车"),
)


def add_demo_surveys(db: Database, *, seed: int = 1, on: date | None = None) -> int:
    """Add the surveys and needs (once); returns how many needs were added (0 when any survey exists)."""
    today = on or date.today()
    rng = random.Random(seed * 7919 + 3)
    with db.write() as s:
        if s.scalar(select(Survey.id).limit(1)) is not None:
            return 0
        people = list(
            s.scalars(
                select(Worker.id).where(Worker.archived_at.is_(None), Worker.status == "on_roll").order_by(Worker.id)
            )
        )
        if not people:
            return 0
        held = today - timedelta(days=45)  # long enough ago for some needs to have been handled and revisited
        survey_id = _questionnaire(s, rng, people, held, actor=db.actor, today=today)
        forum = surveys.add_survey(
            s,
            surveys.SurveyDraft(f"{held.year}年女职工座谈会", "forum", held, "各林场女职工代表12人参加"),
            actor=db.actor,
            today=today,
        )
        _add_needs(s, rng, people, held, (survey_id, forum.id), actor=db.actor, today=today)
        return len(NEEDS)


def _questionnaire(s: Session, rng: random.Random, people: list[int], held: date, *, actor: str, today: date) -> int:
    """The paper questionnaire with its three questions and up to 60 members' answers; its id."""
    survey = surveys.add_survey(
        s,
        surveys.SurveyDraft(
            f"{held.year}年职工需求问卷调查", "questionnaire", held, "三八节前后发放纸质问卷，经办录入"
        ),
        actor=actor,
        today=today,
    )
    q1 = surveys.add_question(
        s,
        survey.id,
        text="您最希望工会提供哪类服务",
        kind="choice",
        options="\n".join(SERVICES),
        required=True,
        actor=actor,
    )
    q2 = surveys.add_question(
        s, survey.id, text="您对工会工作的满意程度", kind="choice", options="满意\n基本满意\n不满意", actor=actor
    )
    q3 = surveys.add_question(s, survey.id, text="其他意见和建议", kind="text", actor=actor)
    for wid in rng.sample(people, min(60, len(people))):
        answers.save_response(
            s,
            survey.id,
            wid,
            {q1.id: rng.choice(SERVICES), q2.id: rng.choice(("满意", "满意", "基本满意", "不满意", "")), q3.id: ""},
            actor=actor,
        )
    return survey.id


def _add_needs(
    s: Session,
    rng: random.Random,
    people: list[int],
    held: date,
    survey_ids: tuple[int, int],
    *,
    actor: str,
    today: date,
) -> None:
    """The needs collected at the two surveys; two in three taken up after a week, one in three revisited."""
    for n, (category, need) in enumerate(NEEDS):
        collected = held + timedelta(days=n % 5)
        draft = needs.NeedDraft(
            need,
            category,
            collected,
            "王芳",
            worker_id=rng.choice(people) if n % 3 else None,
            survey_id=survey_ids[n % 2],
        )
        item = needs.add_need(s, draft, actor=actor, today=today)
        if n % 3 != 2 and collected + timedelta(days=7) <= today:
            needs.advance_need(
                s,
                item.id,
                "handling",
                on=collected + timedelta(days=7),
                by="李明",
                note="已报行政协调",
                actor=actor,
                today=today,
            )
            if n % 3 == 0 and collected + timedelta(days=30) <= today:
                needs.advance_need(
                    s,
                    item.id,
                    "revisited",
                    on=collected + timedelta(days=30),
                    by="王芳",
                    note="职工表示满意",
                    actor=actor,
                    today=today,
                )
