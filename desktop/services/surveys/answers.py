"""需求调研: each worker's answers to a questionnaire, typed by the clerk or imported from a sheet.

One answer sheet per worker and survey: entering or importing her again replaces her answers. Every write
needs Permission.EDIT, is audited, and archives rather than deletes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Worker, utcnow
from db.models_surveys import SurveyAnswer, SurveyResponse
from desktop.core import idcard
from desktop.core import surveys as core
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.progress import Job
from desktop.core.roles import Permission
from desktop.reports.excel.reader import FieldSpec, read_table
from desktop.services import access, audit
from desktop.services.database import Database
from desktop.services.office import unit_labels
from desktop.services.surveys.surveys import QuestionRow, get_survey, questions


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
    access.require(session, Permission.EDIT)
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
    access.require(session, Permission.EDIT)
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
