"""Printing the activity forms: 活动签到表, 活动记录表 and 荣誉证书, registered in ``printing.FORMS``.

``union-desk pdf activity-signin --activity 活2026-017``, ``pdf activity-record --activity 活2026-017`` and
``pdf honour-certificate --honour 证2026-0005`` find them there; the tab calls the same functions.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.activities import KINDS, yuan
from desktop.core.errors import DomainError
from desktop.core.progress import Job
from desktop.core.text import mask_phone
from desktop.reports.activities.certificate_pdf import TITLE as CERT_TITLE
from desktop.reports.activities.certificate_pdf import Certificate, render_honour_certificate
from desktop.reports.activities.record_pdf import MAX_PHOTOS, ActivityRecord, render_activity_record
from desktop.reports.activities.record_pdf import TITLE as RECORD_TITLE
from desktop.reports.activities.signin_pdf import TITLE as SIGNIN_TITLE
from desktop.reports.activities.signin_pdf import SigninLine, render_activity_signin
from desktop.services.activities.attachments import attachment_bytes, attachments
from desktop.services.activities.honours import get_honour_row
from desktop.services.activities.participants import participant_rows
from desktop.services.activities.records import fetch_rows, format_when, get_activity
from desktop.services.database import Database
from desktop.services.printing import PdfForm, office_name, register

SEX = {"M": "男", "F": "女"}
DEFAULT_BLANK_ROWS = 10
MAX_BLANK_ROWS = 200


def _activity_id(activity: int | str | None) -> int:
    if activity is None or str(activity).strip() == "":
        raise DomainError("须指定活动：--activity 活动编号", field="activity")
    try:
        return int(str(activity).strip())
    except ValueError:
        raise DomainError(f"活动编号“{activity}”应为数字", field="activity") from None


def signin_pdf(
    db: Database,
    out: Path,
    *,
    activity: int | str | None = None,
    blank: bool = False,
    blank_rows: int = DEFAULT_BLANK_ROWS,
    full_phones: bool = False,
    job: Job | None = None,
) -> int:
    """The registered (and already signed-in) people plus ``blank_rows`` empty rows; or all blank.

    The sheet lies at the door for everybody who signs, so phone numbers are masked unless ``full_phones``.
    """
    activity_id = _activity_id(activity)
    if not 0 <= blank_rows <= MAX_BLANK_ROWS:
        raise DomainError(f"空白行数应在0到{MAX_BLANK_ROWS}之间", field="blank_rows")
    with db.read() as s:
        get_activity(s, activity_id)
        row = fetch_rows(s, [activity_id])[0]
        people = [] if blank else [p for p in participant_rows(s, activity_id) if p.status != "absent"]
        name = office_name(s)
    lines = [
        SigninLine(
            p.unit,
            p.name,
            SEX.get(p.sex, ""),
            p.phone if full_phones else mask_phone(p.phone),
            p.role_label if p.role != "participant" else "",
        )
        for p in people
    ]
    rows_blank = max(blank_rows, 20) if blank else blank_rows
    return render_activity_signin(
        lines,
        out,
        office_name=name,
        brand=row.brand,
        title=row.title,
        when=format_when(row.starts_at, row.ends_at),
        place=row.place,
        total=len(lines),
        blank_rows=rows_blank,
        job=job,
    )


def record_pdf(db: Database, out: Path, *, activity: int | str | None = None, job: Job | None = None) -> int:
    activity_id = _activity_id(activity)
    with db.read() as s:
        get_activity(s, activity_id)
        row = fetch_rows(s, [activity_id])[0]
        awards = [
            f"{p.family_name + '（' + p.name + '）' if p.family_name else p.name}：{p.award}"
            for p in participant_rows(s, activity_id, status="signed")
            if p.award_name
        ]
        photos = [
            (attachment_bytes(s, a.id), a.caption or a.file_name)
            for a in attachments(s, activity_id, kind="photo")[:MAX_PHOTOS]
        ]
        name = office_name(s)
    rec = ActivityRecord(
        brand=row.brand,
        title=row.title,
        kind=KINDS.get(row.kind, row.kind),
        when=format_when(row.starts_at, row.ends_at),
        place=row.place,
        organiser=row.organiser,
        target_group=row.target_group,
        registered=row.registered,
        signed=row.signed,
        absent=row.absent,
        women_signed=row.women_signed,
        budget=yuan(row.budget_fen),
        actual=yuan(row.actual_fen),
        summary=row.summary,
        awards=awards,
        photos=photos,
    )
    return render_activity_record(rec, out, office_name=name)


def certificate_pdf(
    db: Database, out: Path, *, honour: int | str | None = None, frame: bool = True, job: Job | None = None
) -> int:
    if honour is None or not str(honour).strip().isdigit():
        raise DomainError("须指定荣誉：--honour 证书编号（如 证2026-0005）", field="honour")
    with db.read() as s:
        h = get_honour_row(s, int(str(honour).strip()))
        issuer = h.awarded_by or office_name(s) or "工会委员会"
    day = h.awarded_on
    issued = f"{day.year}年{day.month}月{day.day}日" if day else f"{h.year}年"
    cert = Certificate(
        holder=h.holder,
        year=h.year,
        honour=h.title,
        activity=h.activity_title,
        issuer=issuer,
        issued_on=issued,
        number=h.serial,
    )
    return render_honour_certificate(cert, out, frame=frame)


signin_pdf = register(
    PdfForm(
        "activity-signin",
        SIGNIN_TITLE,
        "一次活动的签到表（--activity 活动编号，如 活2026-017）：已报名人员加空白行",
        signin_pdf,
    )
)
record_pdf = register(
    PdfForm(
        "activity-record",
        RECORD_TITLE,
        "一次活动的记录表（--activity 活动编号，如 活2026-017）：内容、人数、经费、照片",
        record_pdf,
    )
)
certificate_pdf = register(
    PdfForm(
        "honour-certificate", CERT_TITLE, "一项荣誉的证书（--honour 证书编号，如 证2026-0005），A4横向", certificate_pdf
    )
)
