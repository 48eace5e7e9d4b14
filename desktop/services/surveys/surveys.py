"""需求调研: surveys, their questions, each worker's answers (typed by the clerk or imported from a sheet), the
results by age band, post, unit and group, and the 职工需求清单 with its steps 收集 → 办理 → 回访.

Reading needs an account (any role); every write needs Permission.EDIT (the session guard), is audited, and
archives rather than deletes. The rules are desktop.core.surveys's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_condolences import HardshipFile
from db.models_surveys import Survey, SurveyAnswer, SurveyNeed, SurveyQuestion, SurveyResponse
from desktop.core import idcard
from desktop.core import surveys as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.reports.excel.reader import FieldSpec, read_table
from desktop.services import access, audit
from desktop.services.database import Database
from desktop.services.office import unit_labels
from desktop.services.roster.workers import new_uid

SURVEY_FIELDS = ["title", "kind", "held_on", "notes"]
NEED_FIELDS = [
    "survey_id",
    "worker_id",
    "need",
    "category",
    "status",
    "collected_on",
    "collected_by",
    "handling_on",
    "handling_by",
    "handling_note",
    "revisited_on",
    "revisited_by",
    "revisit_note",
]


def _edit(session: Session) -> None:
    access.require(session, Permission.EDIT)


# ----------------------------------------------------------------------------------------------- surveys
@dataclass(frozen=True)
class SurveyDraft:
    title: str = ""
    kind: str = ""
    held_on: date | None = None
    notes: str = ""


def check_survey(d: SurveyDraft, today: date) -> SurveyDraft:
    clean = replace(d, title=d.title.strip(), notes=d.notes.strip())
    errors: dict[str, str] = {}
    if not clean.title:
        errors["title"] = "请填写调研名称"
    if clean.kind not in core.KINDS:
        errors["kind"] = "请选择调研方式（问卷、座谈或走访）"
    if clean.held_on is None:
        errors["held_on"] = "请填写调研日期"
    elif clean.held_on > today:
        errors["held_on"] = f"调研日期（{clean.held_on.isoformat()}）晚于今天"
    if errors:
        raise FieldErrors(errors)
    return clean


def get_survey(session: Session, survey_id: int) -> Survey:
    s = session.get(Survey, survey_id)
    if s is None:
        raise DomainError(f"没有找到编号为 {survey_id} 的调研", field="survey")
    return s


def add_survey(session: Session, draft: SurveyDraft, *, actor: str, today: date | None = None) -> Survey:
    _edit(session)
    clean = check_survey(draft, today or date.today())
    who = access.actor_of(session, actor)
    now = utcnow()
    s = Survey(
        uid=new_uid(session),
        title=clean.title,
        kind=clean.kind,
        held_on=clean.held_on,
        notes=clean.notes,
        created_at=now,
        created_by=who,
        updated_at=now,
        updated_by=who,
    )
    session.add(s)
    session.flush()
    audit.record(
        session, actor=who, action="create", entity="survey", entity_id=s.id, after=audit.snapshot(s, SURVEY_FIELDS)
    )
    return s


def update_survey(
    session: Session, survey_id: int, draft: SurveyDraft, *, actor: str, today: date | None = None
) -> Survey:
    _edit(session)
    s = get_survey(session, survey_id)
    clean = check_survey(draft, today or date.today())
    audit.update(
        session,
        s,
        {k: getattr(clean, k) for k in SURVEY_FIELDS},
        fields=SURVEY_FIELDS,
        actor=access.actor_of(session, actor),
        entity="survey",
    )
    return s


def set_survey_archived(session: Session, survey_id: int, *, archived: bool, actor: str) -> bool:
    _edit(session)
    s = get_survey(session, survey_id)
    if (s.archived_at is not None) == archived:
        return False
    who = access.actor_of(session, actor)
    s.archived_at = utcnow() if archived else None
    s.updated_at, s.updated_by = utcnow(), who
    audit.record(
        session,
        actor=who,
        action="archive" if archived else "restore",
        entity="survey",
        entity_id=s.id,
        before={"title": s.title},
    )
    return True


@dataclass(frozen=True)
class SurveyRow:
    id: int
    title: str
    kind_label: str
    held_on: date
    questions: int
    respondents: int
    needs: int
    notes: str
    archived: bool


def list_surveys(session: Session, *, archived: bool = False) -> list[SurveyRow]:
    access.require(session, Permission.VIEW)
    surveys = list(
        session.scalars(
            select(Survey)
            .where(Survey.archived_at.is_not(None) if archived else Survey.archived_at.is_(None))
            .order_by(Survey.held_on.desc(), Survey.id.desc())
        )
    )

    def count(model: type, column: str) -> dict[int, int]:
        col = getattr(model, column)
        return dict(
            session.execute(
                select(col, func.count())
                .where(model.archived_at.is_(None))  # type: ignore[attr-defined]
                .group_by(col)
            ).all()
        )

    q, r, n = count(SurveyQuestion, "survey_id"), count(SurveyResponse, "survey_id"), count(SurveyNeed, "survey_id")
    return [
        SurveyRow(
            s.id,
            s.title,
            core.KINDS.get(s.kind, s.kind),
            s.held_on,
            q.get(s.id, 0),
            r.get(s.id, 0),
            n.get(s.id, 0),
            s.notes,
            s.archived_at is not None,
        )
        for s in surveys
    ]


# --------------------------------------------------------------------------------------------- questions
@dataclass(frozen=True)
class QuestionRow:
    id: int
    position: int
    text: str
    kind: str
    options: tuple[str, ...]
    required: bool

    @property
    def rule(self) -> core.Question:
        return core.Question(self.text, self.kind, self.options, self.required)


def questions(session: Session, survey_id: int) -> list[QuestionRow]:
    rows = session.scalars(
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id, SurveyQuestion.archived_at.is_(None))
        .order_by(SurveyQuestion.position, SurveyQuestion.id)
    )
    return [QuestionRow(q.id, q.position, q.text, q.kind, tuple(core.options_of(q.options)), q.required) for q in rows]


def add_question(
    session: Session, survey_id: int, *, text: str, kind: str, options: str = "", required: bool = False, actor: str
) -> SurveyQuestion:
    _edit(session)
    s = get_survey(session, survey_id)
    if s.kind != "questionnaire":
        raise DomainError(
            f"“{s.title}”是{core.KINDS[s.kind]}记录，只有问卷才设题目；座谈、走访的内容写在备注和需求清单里"
        )
    opts = core.options_of(options)
    core.check_question(core.Question(text.strip(), kind, tuple(opts), required))
    last = max((q.position for q in questions(session, survey_id)), default=0)
    q = SurveyQuestion(
        survey_id=survey_id, position=last + 1, text=text.strip(), kind=kind, options="\n".join(opts), required=required
    )
    session.add(q)
    session.flush()
    audit.record(
        session,
        actor=access.actor_of(session, actor),
        action="create",
        entity="survey_question",
        entity_id=q.id,
        after={"survey_id": survey_id, "text": q.text, "kind": kind, "options": q.options, "required": required},
    )
    return q


# ----------------------------------------------------------------------------------------------- answers
def _check_answers(qs: list[QuestionRow], answers: dict[int, str]) -> dict[int, str]:
    known = {q.id for q in qs}
    errors: dict[str, str] = {}
    for qid in answers:
        if qid not in known:
            errors[f"q{qid}"] = f"本调研没有编号为 {qid} 的题目"
    clean: dict[int, str] = {}
    for q in qs:
        try:
            clean[q.id] = core.check_answer(q.rule, answers.get(q.id, ""))
        except DomainError as exc:
            errors[f"q{q.id}"] = f"第{q.position}题：{exc.message}"
    if errors:
        raise FieldErrors(errors)
    return clean


def _store(
    session: Session, survey_id: int, worker_id: int, clean: dict[int, str], *, who: str, source: str
) -> tuple[SurveyResponse, bool]:
    r = session.scalar(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey_id, SurveyResponse.worker_id == worker_id)
    )
    now = utcnow()
    created = r is None
    if r is None:
        r = SurveyResponse(
            survey_id=survey_id,
            worker_id=worker_id,
            source=source,
            created_at=now,
            created_by=who,
            updated_at=now,
            updated_by=who,
        )
        session.add(r)
        session.flush()
    else:
        r.archived_at, r.source, r.updated_at, r.updated_by = None, source, now, who
    existing = {a.question_id: a for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id == r.id))}
    for qid, value in clean.items():
        if qid in existing:
            existing[qid].value = value
        else:
            session.add(SurveyAnswer(response_id=r.id, question_id=qid, value=value))
    return r, created


def _questionnaire(session: Session, survey_id: int) -> list[QuestionRow]:
    s = get_survey(session, survey_id)
    if s.kind != "questionnaire":
        raise DomainError(f"“{s.title}”不是问卷，不录入答卷")
    qs = questions(session, survey_id)
    if not qs:
        raise DomainError(f"问卷“{s.title}”还没有题目，请先添加题目")
    return qs


def save_response(
    session: Session, survey_id: int, worker_id: int | None, answers: dict[int, str], *, actor: str
) -> SurveyResponse:
    """One worker's answers (question id → text); entering her again replaces her answers."""
    _edit(session)
    qs = _questionnaire(session, survey_id)
    errors: dict[str, str] = {}
    if worker_id is None:
        errors["worker_id"] = "请选择答卷的职工"
    elif session.get(Worker, worker_id) is None:
        errors["worker_id"] = f"没有找到编号为 {worker_id} 的职工"
    try:
        clean = _check_answers(qs, answers)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    assert worker_id is not None
    who = access.actor_of(session, actor)
    r, created = _store(session, survey_id, worker_id, clean, who=who, source="clerk")
    audit.record(
        session,
        actor=who,
        action="create" if created else "update",
        entity="survey_response",
        entity_id=r.id,
        after={"survey_id": survey_id, "worker_id": worker_id, "answers": {str(k): v for k, v in clean.items()}},
    )
    return r


def set_response_archived(session: Session, response_id: int, *, archived: bool, actor: str) -> bool:
    _edit(session)
    r = session.get(SurveyResponse, response_id)
    if r is None:
        raise DomainError(f"没有找到编号为 {response_id} 的答卷")
    if (r.archived_at is not None) == archived:
        return False
    who = access.actor_of(session, actor)
    r.archived_at = utcnow() if archived else None
    r.updated_at, r.updated_by = utcnow(), who
    audit.record(
        session,
        actor=who,
        action="archive" if archived else "restore",
        entity="survey_response",
        entity_id=r.id,
        before={"survey_id": r.survey_id, "worker_id": r.worker_id},
    )
    return True


@dataclass(frozen=True)
class ResponseRow:
    id: int
    worker_id: int
    name: str
    id_number: str  # whole: screens and outputs mask it
    unit: str
    answers: dict[int, str]
    source: str


def list_responses(session: Session, survey_id: int) -> list[ResponseRow]:
    access.require(session, Permission.VIEW)
    labels = unit_labels(session)
    stmt = (
        select(SurveyResponse, Worker)
        .join(Worker, Worker.id == SurveyResponse.worker_id)
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.archived_at.is_(None))
        .order_by(Worker.name, SurveyResponse.id)
    )
    pairs = list(session.execute(stmt))
    answers: dict[int, dict[int, str]] = {}
    if pairs:
        stmt_a = (
            select(SurveyAnswer)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.survey_id == survey_id)
        )
        for a in session.scalars(stmt_a):
            answers.setdefault(a.response_id, {})[a.question_id] = a.value
    return [
        ResponseRow(
            r.id,
            w.id,
            w.name,
            w.id_number,
            labels.get(w.unit_id, ""),
            answers.get(r.id, {}),
            "导入" if r.source == "import" else "录入",
        )
        for r, w in pairs
    ]


@dataclass
class ImportReport:
    file: str
    problems: list[str] = field(default_factory=list)
    added: int = 0
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.problems:
            return f"“{self.file}”未导入（有错误时一行也不写入）：\n" + "\n".join(self.problems)
        return f"已从“{self.file}”导入答卷：新增 {self.added} 份，更新 {self.replaced} 份"


def import_answers(db: Database, survey_id: int, path: Path, *, job: Job | None = None) -> ImportReport:
    """Answers from a sheet: a 身份证号 column (the worker) and one column per question, headed by its text or
    "第N题". All or nothing: any wrong row leaves the file unchanged, and each problem names its 第N行."""
    path = Path(path)
    report = ImportReport(file=path.name)
    db.require(Permission.EDIT)
    with db.read() as s:
        qs = _questionnaire(s, survey_id)
    specs = [FieldSpec("id_number", "身份证号", ("身份证号码", "公民身份号码")), FieldSpec("name", "姓名")]
    specs += [FieldSpec(f"q{q.id}", q.text, (f"第{q.position}题", f"{q.position}")) for q in qs]
    try:
        table = read_table(path, specs, required=["id_number"], job=job)
    except DomainError as exc:
        report.problems.append(exc.message)
        return report
    if table.missing:
        report.problems.append("表头中没有“身份证号”列")
        return report
    if not any(f"q{q.id}" in table.columns for q in qs):
        report.problems.append("表头中没有任何题目列：请用题目原文或“第N题”作列名")
        return report
    if not table.rows:
        report.problems.append(f"表头（第{table.header_row}行）下面没有答卷")
        return report
    with db.write() as s:
        numbers = {idcard.normalize(row.values.get("id_number")) for row in table.rows}
        by_number = {w.id_number: w for w in s.scalars(select(Worker).where(Worker.id_number.in_(numbers)))}
        seen: dict[int, int] = {}
        planned: list[tuple[int, dict[int, str]]] = []
        for row in table.rows:
            where = f"第{row.number}行"
            number = idcard.normalize(row.values.get("id_number"))
            worker = by_number.get(number)
            if not number:
                report.problems.append(f"{where}：身份证号为空")
                continue
            if worker is None:
                report.problems.append(f"{where}：花名册中没有身份证号为 {idcard.mask(number)} 的职工")
                continue
            name = str(row.values.get("name") or "").strip()
            if name and name != worker.name:
                report.problems.append(f"{where}：姓名“{name}”与花名册（{worker.name}）不符")
                continue
            if worker.id in seen:
                report.problems.append(f"{where}：{worker.name} 已在第{seen[worker.id]}行答过")
                continue
            seen[worker.id] = row.number
            raw = {q.id: _cell(row.values.get(f"q{q.id}")) for q in qs if f"q{q.id}" in table.columns}
            try:
                planned.append((worker.id, _check_answers(qs, raw)))
            except FieldErrors as exc:
                report.problems.extend(f"{where}：{m}" for m in exc.errors.values())
        if report.problems:
            return report
        who = db.actor
        for worker_id, clean in planned:
            _, created = _store(s, survey_id, worker_id, clean, who=who, source="import")
            if created:
                report.added += 1
            else:
                report.replaced += 1
        audit.record(
            s,
            actor=who,
            action="import",
            entity="survey_response",
            entity_id=survey_id,
            after={"file": path.name, "added": report.added, "replaced": report.replaced},
        )
    return report


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ----------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class QuestionResult:
    question: QuestionRow
    rows: list[core.ResultRow]


def results(session: Session, survey_id: int, dimension: str) -> list[QuestionResult]:
    """Each choice question's counts by ``dimension`` (age/post/unit/group), from one query over the answers,
    their workers and the workers' hardship files."""
    access.require(session, Permission.VIEW)
    if dimension not in core.DIMENSIONS:
        raise DomainError(f"没有“{dimension}”这种分组方式")
    survey = get_survey(session, survey_id)
    qs = [q for q in questions(session, survey_id) if q.kind == "choice"]
    labels = unit_labels(session)
    stmt = (
        select(
            SurveyAnswer.question_id,
            SurveyAnswer.value,
            Worker.sex,
            Worker.birth_date,
            Worker.post,
            Worker.unit_id,
            Worker.hire_date,
            HardshipFile.single_parent,
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(Worker, Worker.id == SurveyResponse.worker_id)
        .outerjoin(HardshipFile, and_(HardshipFile.worker_id == Worker.id, HardshipFile.archived_at.is_(None)))
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.archived_at.is_(None))
    )
    by_question: dict[int, list[tuple[core.Respondent, str]]] = {q.id: [] for q in qs}
    for qid, value, sex, birth, post, unit_id, hired, single in session.execute(stmt):
        if qid in by_question:
            by_question[qid].append(
                (core.Respondent(sex, birth, post, labels.get(unit_id, ""), hired, bool(single)), value)
            )
    return [QuestionResult(q, core.breakdown(q.options, by_question[q.id], dimension, survey.held_on)) for q in qs]


# -------------------------------------------------------------------------------------------------- needs
@dataclass(frozen=True)
class NeedDraft:
    need: str = ""
    category: str = ""
    collected_on: date | None = None
    collected_by: str = ""
    worker_id: int | None = None
    survey_id: int | None = None


def get_need(session: Session, need_id: int) -> SurveyNeed:
    n = session.get(SurveyNeed, need_id)
    if n is None:
        raise DomainError(f"没有找到编号为 {need_id} 的需求", field="need")
    return n


def _check_need(session: Session, draft: NeedDraft, later: SurveyNeed | None, *, today: date) -> None:
    """The need's own fields, and its 收集 step against the later steps it already has (``later``)."""
    errors: dict[str, str] = {}
    if not draft.need.strip():
        errors["need"] = "请写明职工的需求"
    if draft.category not in core.NEED_CATEGORIES:
        errors["category"] = "请选择需求类别"
    if draft.worker_id is not None and session.get(Worker, draft.worker_id) is None:
        errors["worker_id"] = f"没有找到编号为 {draft.worker_id} 的职工"
    if draft.survey_id is not None and session.get(Survey, draft.survey_id) is None:
        errors["survey_id"] = f"没有找到编号为 {draft.survey_id} 的调研"
    steps = core.NeedSteps(draft.collected_on, draft.collected_by)
    if later is not None:
        steps = replace(
            steps,
            handling_on=later.handling_on,
            handling_by=later.handling_by,
            revisited_on=later.revisited_on,
            revisited_by=later.revisited_by,
        )
    try:
        core.check_steps(steps, today=today)
    except FieldErrors as exc:
        # A later step now earlier than 收集 is the 收集 date's fault: it is the field being edited.
        errors.update({"collected_on" if k.endswith("_on") else k: m for k, m in exc.errors.items()})
    if errors:
        raise FieldErrors(errors)


def add_need(session: Session, draft: NeedDraft, *, actor: str, today: date | None = None) -> SurveyNeed:
    _edit(session)
    _check_need(session, draft, None, today=today or date.today())
    who = access.actor_of(session, actor)
    now = utcnow()
    n = SurveyNeed(
        uid=new_uid(session),
        survey_id=draft.survey_id,
        worker_id=draft.worker_id,
        need=draft.need.strip(),
        category=draft.category,
        status="collected",
        collected_on=draft.collected_on,
        collected_by=draft.collected_by.strip(),
        handling_by="",
        handling_note="",
        revisited_by="",
        revisit_note="",
        created_at=now,
        created_by=who,
        updated_at=now,
        updated_by=who,
    )
    session.add(n)
    session.flush()
    audit.record(
        session, actor=who, action="create", entity="survey_need", entity_id=n.id, after=audit.snapshot(n, NEED_FIELDS)
    )
    return n


def get_need_draft(session: Session, need_id: int) -> NeedDraft:
    n = get_need(session, need_id)
    return NeedDraft(n.need, n.category, n.collected_on, n.collected_by, n.worker_id, n.survey_id)


def update_need(
    session: Session, need_id: int, draft: NeedDraft, *, actor: str, today: date | None = None
) -> SurveyNeed:
    """Correct what was collected (the need, its category, who raised it, the survey, the 收集 step); the later
    steps are changed only by moving forward."""
    _edit(session)
    n = get_need(session, need_id)
    if n.archived_at is not None:
        raise DomainError("这条需求已归档，请先恢复")
    _check_need(session, draft, n, today=today or date.today())
    values = {
        "need": draft.need.strip(),
        "category": draft.category,
        "worker_id": draft.worker_id,
        "survey_id": draft.survey_id,
        "collected_on": draft.collected_on,
        "collected_by": draft.collected_by.strip(),
    }
    audit.update(session, n, values, fields=NEED_FIELDS, actor=access.actor_of(session, actor), entity="survey_need")
    return n


def advance_need(
    session: Session,
    need_id: int,
    target: str,
    *,
    on: date | None,
    by: str,
    note: str = "",
    actor: str,
    today: date | None = None,
) -> SurveyNeed:
    """Move a need one step forward (收集 → 办理, 办理 → 回访) with the step's date, who handled it and a note."""
    _edit(session)
    n = get_need(session, need_id)
    if n.archived_at is not None:
        raise DomainError("这条需求已归档，请先恢复")
    core.check_advance(n.status, target)
    steps = core.NeedSteps(n.collected_on, n.collected_by, n.handling_on, n.handling_by, n.revisited_on, n.revisited_by)
    if target == "handling":
        steps = replace(steps, handling_on=on, handling_by=by.strip())
    else:
        steps = replace(steps, revisited_on=on, revisited_by=by.strip())
    core.check_steps(steps, today=today or date.today())
    values: dict[str, object] = {"status": target, f"{target}_on": on, f"{target}_by": by.strip()}
    values["handling_note" if target == "handling" else "revisit_note"] = note.strip()
    audit.update(
        session,
        n,
        values,
        fields=NEED_FIELDS,
        actor=access.actor_of(session, actor),
        entity="survey_need",
        action="advance",
    )
    return n


def set_need_archived(session: Session, need_id: int, *, archived: bool, actor: str) -> bool:
    _edit(session)
    n = get_need(session, need_id)
    if (n.archived_at is not None) == archived:
        return False
    who = access.actor_of(session, actor)
    n.archived_at = utcnow() if archived else None
    n.updated_at, n.updated_by = utcnow(), who
    audit.record(
        session,
        actor=who,
        action="archive" if archived else "restore",
        entity="survey_need",
        entity_id=n.id,
        before={"need": n.need, "status": n.status},
    )
    return True


@dataclass(frozen=True)
class NeedRow:
    id: int
    uid: str
    need: str
    category_label: str
    status: str
    status_label: str
    name: str
    id_number: str  # whole: screens and outputs mask it
    unit: str
    survey: str
    collected_on: date
    collected_by: str
    handling_on: date | None
    handling_by: str
    handling_note: str
    revisited_on: date | None
    revisited_by: str
    revisit_note: str
    archived: bool


def list_needs(
    session: Session, *, survey_id: int | None = None, status: str = "", year: int | None = None, archived: bool = False
) -> list[NeedRow]:
    """The 需求清单, oldest first; optionally one survey's, one status's, or collected in one year."""
    access.require(session, Permission.VIEW)
    gone = SurveyNeed.archived_at
    stmt = (
        select(SurveyNeed, Worker, Survey.title)
        .outerjoin(Worker, Worker.id == SurveyNeed.worker_id)
        .outerjoin(Survey, Survey.id == SurveyNeed.survey_id)
        .where(gone.is_not(None) if archived else gone.is_(None))
        .order_by(SurveyNeed.collected_on, SurveyNeed.id)
    )
    if survey_id is not None:
        stmt = stmt.where(SurveyNeed.survey_id == survey_id)
    if status:
        stmt = stmt.where(SurveyNeed.status == status)
    if year is not None:
        stmt = stmt.where(SurveyNeed.collected_on.between(date(year, 1, 1), date(year, 12, 31)))
    labels = unit_labels(session)
    return [
        NeedRow(
            n.id,
            n.uid,
            n.need,
            core.NEED_CATEGORIES.get(n.category, n.category),
            n.status,
            core.STATUSES.get(n.status, n.status),
            w.name if w else "",
            w.id_number if w else "",
            labels.get(w.unit_id, "") if w else "",
            title or "",
            n.collected_on,
            n.collected_by,
            n.handling_on,
            n.handling_by,
            n.handling_note,
            n.revisited_on,
            n.revisited_by,
            n.revisit_note,
            n.archived_at is not None,
        )
        for n, w, title in session.execute(stmt)
    ]
