"""Masking that holds (issue #15, docs/decisions.md): no masked output lets anyone rebuild an ID number.

Every masked output the program makes — the roster export, the HQ workbook and the HQ merge, every PDF form
of ``printing.FORMS`` and the area exports (exams, condolences, activities, four-period ledger) — is made
from demo data, read back (openpyxl, pypdf) and attacked: for each worker, every column of every row about
her (joined across the sheets of a workbook by record number, masked number and name) is gathered, and the
ID numbers consistent with all of it are counted: the region and the characters the mask shows, her sex,
a birth date, birth year or age, and the check character.

Thresholds (the reasoning is in docs/decisions.md):
- ``MIN_CANDIDATES`` = 1,000 from what an output says in its own columns. A birth year (or an age) with the
  mask leaves about 365 days × 500 sequence numbers ÷ 11 ≈ 16,600 numbers; 1,000 leaves room for an age
  and a year narrowing each other, and is far beyond trying numbers out one by one.
- ``MIN_WITH_BIRTHDAY`` = 40 for someone who knows the exact birthday anyway (a colleague; a 生日 visit in
  the same workbook is dated on it): the mask hides the sequence number, so 500 ÷ 11 ≈ 45 numbers remain.
  The older mask (region + last four) left exactly one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from db.models import Worker
from desktop.core.dates import add_years, age_on
from desktop.core.idcard import CHECK_CHARS, WEIGHTS, check_char, mask
from desktop.services.database import Database
from desktop.services.demo import create_demo

TODAY = date(2026, 6, 1)
MIN_CANDIDATES = 1_000
MIN_WITH_BIRTHDAY = 40
EARLIEST_BIRTH = date(1940, 1, 1)  # nobody on a roster was born earlier; a wider range only adds candidates
# An ID number or its mask, standing alone (a fingerprint or a signature in hex may hold 18 digits in a row).
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{6}[\d*]{11}[\dX*](?![0-9A-Za-z])")
DATE_TEXT = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})")


# ------------------------------------------------------------------------------------- the enumerator
@cache
def _sequence_residues(parity: int | None) -> tuple[int, ...]:
    """How many sequence numbers (digits 15–17) give each weighted sum mod 11, for a sex (parity of digit 17)."""
    counts = [0] * 11
    for seq in range(1000):
        if parity is not None and seq % 2 != parity:
            continue
        digits = f"{seq:03d}"
        counts[sum(int(d) * w for d, w in zip(digits, WEIGHTS[14:17], strict=True)) % 11] += 1
    return tuple(counts)


@dataclass
class Evidence:
    """What outputs say about one person's number."""

    masks: set[str] = field(default_factory=set)
    sexes: set[str] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)  # labelled birth dates
    years: set[int] = field(default_factory=set)
    ages: set[tuple[int, date]] = field(default_factory=set)  # (age, the day it is counted on)

    def add(self, other: Evidence) -> None:
        self.masks |= other.masks
        self.sexes |= other.sexes
        self.dates |= other.dates
        self.years |= other.years
        self.ages |= other.ages


def birth_dates(ev: Evidence) -> list[date]:
    """Every birth date consistent with all the birth evidence."""
    if ev.dates:
        days = sorted(ev.dates)
    else:
        lo, hi = EARLIEST_BIRTH, TODAY
        if ev.years:
            lo, hi = max(lo, date(min(ev.years), 1, 1)), min(hi, date(max(ev.years), 12, 31))
        for a, on in ev.ages:  # an age on a day: born within the year before that day, a years earlier
            lo = max(lo, add_years(on, -(a + 1)) - timedelta(2))  # a little wide: the filter below is exact
            hi = min(hi, add_years(on, -a) + timedelta(2))
        days = [lo + timedelta(n) for n in range((hi - lo).days + 1)]
    return [d for d in days if (not ev.years or d.year in ev.years) and all(age_on(d, on) == a for a, on in ev.ages)]


def candidates(ev: Evidence) -> int:
    """How many valid ID numbers fit every mask, the sex, the birth evidence and the check character."""
    (shown,) = ev.masks or {"*" * 18}  # one person, one masked form in every output
    region = shown[:6]
    assert region.isdigit(), shown
    # The mask must hide the whole birth date and sequence; only the check character may show.
    assert set(shown[6:17]) == {"*"}, f"{shown} shows part of the birth date or sequence"
    check = shown[17] if shown[17] != "*" else None
    parity = {"男": 1, "女": 0}.get(next(iter(ev.sexes))) if len(ev.sexes) == 1 else None
    residues = _sequence_residues(parity)
    region_sum = _weighted(region, 0)
    wanted = [r for r in range(11) if check is None or CHECK_CHARS[r] == check]
    total = 0
    for d in birth_dates(ev):
        base = (
            region_sum + _weighted(f"{d.year:04d}", 6) + _weighted(f"{d.month:02d}", 10) + _weighted(f"{d.day:02d}", 12)
        )
        total += sum(residues[(r - base) % 11] for r in wanted)
    return total


@cache
def _weighted(digits: str, at: int) -> int:
    """Σ digit × weight for digits standing at positions at, at+1, … of the number."""
    return sum(int(c) * w for c, w in zip(digits, WEIGHTS[at : at + len(digits)], strict=True))


def test_enumerator_agrees_with_brute_force() -> None:
    number = "150785198503120022"
    ev = Evidence(masks={mask(number)}, sexes={"女"}, dates={date(1985, 3, 12)})
    brute = sum(1 for s in range(0, 1000, 2) if check_char(f"15078519850312{s:03d}") == "2")
    assert candidates(ev) == brute and MIN_WITH_BIRTHDAY <= brute <= 46
    # The older mask (last four shown) with the birth date rebuilt the number: one candidate, itself.
    old = [s for s in range(1000) if f"{s:03d}" + check_char(f"15078519850312{s:03d}") == "0022"]
    assert old == [2]
    assert candidates(Evidence(masks={mask(number)}, sexes={"女"}, years={1985})) > 10_000


# ------------------------------------------------------------------------------------- reading outputs
@dataclass
class Person:
    worker_id: int
    uid: str
    name: str
    number: str
    birth: date

    @property
    def masked(self) -> str:
        return mask(self.number)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (m := DATE_TEXT.fullmatch(value.strip())):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{1,4})\s*[年岁]?", value.strip())):
        return int(m[1])
    return None


def row_evidence(row: dict[str, object], as_of: date) -> Evidence:
    ev = Evidence()
    for title, value in row.items():
        if value is None:
            continue
        if isinstance(value, str) and ID_LIKE.fullmatch(value.strip()):
            ev.masks.add(value.strip())
        if title == "性别" and value in ("男", "女"):
            ev.sexes.add(str(value))
        elif title == "出生日期" and (d := _as_date(value)):
            ev.dates.add(d)
        elif title in ("出生年份", "出生年月") and (y := _int(value)) is not None:
            ev.years.add(y)
        elif title == "年龄" and (a := _int(value)) is not None:
            # An age counts on the row's own day where it has one (an exam list: the appointment day).
            on = _as_date(row.get("预约日期")) or as_of
            ev.ages.add((a, on))
    return ev


def workbook_rows(path: Path) -> list[dict[str, object]]:
    """Every data row of every sheet as {header: value}; the sheets' headers are in row 1."""
    rows: list[dict[str, object]] = []
    wb = load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        values = list(ws.iter_rows(values_only=True))
        if not values:
            continue
        header = [str(v) if v is not None else f"col{i}" for i, v in enumerate(values[0])]
        for r in values[1:]:
            rows.append(dict(zip(header, r, strict=False)))
    wb.close()
    return rows


def pdf_rows(path: Path) -> tuple[str, list[dict[str, object]]]:
    """The document's text, and its rows as {header: cell}.

    Table rows: the single-line cells drawn at one height (within 1.5 pt: a shrunk number sits a little
    lower) form a row; each cell belongs to the header cell whose centre is nearest to its own. ID numbers
    and dates never wrap on our forms, so a row's number and its birth columns are always read together.
    The lines above a form's first table (a card, a notice, an approval: one person) are label → value.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.reports.pdf.fonts import ensure_fonts

    font = ensure_fonts()
    text_parts: list[str] = []
    rows: list[dict[str, object]] = []
    for page in PdfReader(str(path)).pages:
        fragments: list[tuple[float, float, float, str]] = []  # (y, left x, width, text)

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            size: float,
            into: list[tuple[float, float, float, str]] = fragments,
        ) -> None:
            t = text.strip()
            if not t:
                return
            scale = abs(tm[0]) or 1.0
            x = tm[4] + cm[4]
            if into and into[-1][1] == x:
                # pypdf hands the rest of one text object (a spaced name, a wrapped cell's next line) with the
                # same position: it continues the fragment before it.
                y, _x, width, before = into[-1]
                into[-1] = (y, x, width + stringWidth(t, font, size * scale), before + t)
                return
            into.append((tm[5] + cm[5], x, stringWidth(t, font, size * scale), t))

        text_parts.append(page.extract_text(visitor_text=visit))
        lines: list[list[tuple[float, float, str]]] = []  # (left x, centre x, text)
        top: float | None = None
        for y, x, width, t in sorted(fragments, key=lambda f: -f[0]):
            if top is None or top - y > 1.5:
                lines.append([])
                top = y
            lines[-1].append((x, x + width / 2, t))
        header: list[tuple[float, float, str]] = []
        pairs: dict[str, object] = {}
        for line in (sorted(ln) for ln in lines):
            words = [t for _x, _c, t in line]
            if "序号" in words or ("姓名" in words and len(words) > 4):
                header = line
                continue
            if header:
                row: dict[str, object] = {}
                for _x, centre, t in line:
                    nearest = min(header, key=lambda h, c=centre: abs(h[1] - c))[2]
                    # A spaced-out two-character name comes as two fragments: join them, left to right.
                    row[nearest] = str(row.get(nearest, "")) + t
                rows.append(row)
            else:
                for (_x1, _c1, label), (_x2, _c2, value) in zip(line, line[1:], strict=False):
                    pairs.setdefault(label, value)
        if pairs:
            rows.append(pairs)
    return "\n".join(text_parts), rows


# ------------------------------------------------------------------------------------- the outputs
@pytest.fixture
def demo(db: Database) -> tuple[Database, list[Person]]:
    create_demo(db, workers=160, seed=15, today=TODAY)
    with db.read() as s:
        people = [
            Person(w.id, w.uid, w.name, w.id_number, w.birth_date)
            for w in s.scalars(select(Worker).order_by(Worker.id))
        ]
    return db, people


def _first(db: Database, stmt: object) -> object:
    with db.read() as s:
        return s.scalars(stmt).first()  # type: ignore[call-overload]


def _form_options(db: Database, people: list[Person]) -> dict[str, list[dict[str, object]]]:
    """Options for every registered form; a form added later without options here fails the test."""
    from db.models import ProtectionCase
    from db.models_activities import Activity, Honour
    from db.models_condolences import CondolenceBatch, CondolenceVisit, HardshipFile
    from db.models_exams import ExamAppointment, ExamPlan

    plan = _first(db, select(ExamPlan.id).order_by(ExamPlan.id))
    day = _first(
        db,
        select(ExamAppointment.scheduled_date)
        .where(ExamAppointment.plan_id == plan)
        .order_by(ExamAppointment.scheduled_date),
    )
    visits = [
        _first(db, select(CondolenceVisit.id).where(CondolenceVisit.occasion == o).order_by(CondolenceVisit.id))
        for o in ("birthday", "sick")
    ]
    files = [_first(db, select(HardshipFile.worker_id).order_by(HardshipFile.id))]
    with db.read() as s:
        cases = list(s.scalars(select(ProtectionCase.worker_id).order_by(ProtectionCase.id).limit(3)))
    activity = _first(db, select(Activity.id).order_by(Activity.id))
    honour = _first(db, select(Honour.id).order_by(Honour.id))
    batch = _first(db, select(CondolenceBatch.id).order_by(CondolenceBatch.id))
    return {
        "roster": [{}],
        "exam-notices": [{"plan": plan}],
        "exam-signin": [{"plan": plan, "day": day}],
        "condolence-signoff": [{"batch": batch}, {}],
        "condolence-approval": [{"visit": v} for v in visits if v is not None],
        "hardship-file": [{"worker": w} for w in files if w is not None],
        "activity-signin": [{"activity": activity}],
        "activity-record": [{"activity": activity}],
        "honour-certificate": [{"honour": honour}],
        "protection-ledger": [{"on": TODAY}],
        "protection-notice": [{"worker": w, "on": TODAY} for w in cases],
        "contract-check": [{"year": TODAY.year}],  # figures only; the demo's contract is in force
        "insurance-ledger": [{"year": TODAY.year}],
        "rights-summary": [{"year": TODAY.year}],  # counts only, no names
        "needs-list": [{}],  # names and units, no ID numbers
    }


def masked_outputs(db: Database, folder: Path, people: list[Person]) -> list[tuple[str, Path]]:
    from desktop.services import printing
    from desktop.services.activities.export import export_activities, export_honours, export_reach
    from desktop.services.condolences.export import export_files, export_visits
    from desktop.services.exams.printing import export_plan
    from desktop.services.hq.export import Period, export_hq_workbook
    from desktop.services.hq.merge import merge_workbooks
    from desktop.services.protections.export import export_protection_ledger
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    out: list[tuple[str, Path]] = []

    def made(name: str, path: Path) -> None:
        assert path.exists(), name
        out.append((name, path))

    export_roster(db, folder / "roster.xlsx", WorkerFilter(on=TODAY))
    made("花名册导出", folder / "roster.xlsx")
    # The group key: HQ workbooks carry keyed fingerprints (and, where the build signs them, a signature the
    # merge checks with the same key).
    import inspect

    from desktop.services import office

    key = "masking-test-group-key-0123456789"
    with db.write() as s:
        office.save_group_key(s, key, actor="test")
    export_hq_workbook(db, folder / "hq.xlsx", Period.year(TODAY.year), now=datetime(2026, 6, 1, 9))
    made("上报工作簿", folder / "hq.xlsx")
    keys = {"keys": [key]} if "keys" in inspect.signature(merge_workbooks).parameters else {}
    merge_workbooks([folder / "hq.xlsx"], folder / "merged.xlsx", **keys)  # type: ignore[arg-type]
    made("汇总结果", folder / "merged.xlsx")
    options = _form_options(db, people)
    assert set(options) == set(printing.FORMS), "every registered PDF form must be attacked here"
    for name, runs in options.items():
        assert runs, name
        for n, kw in enumerate(runs):
            path = folder / f"{name}-{n}.pdf"
            printing.FORMS[name](db, path, **kw)
            made(f"PDF {name}", path)
    plan = options["exam-signin"][0]["plan"]
    export_plan(db, folder / "exams.xlsx", plan=plan)  # type: ignore[arg-type]
    made("体检预约导出", folder / "exams.xlsx")
    export_visits(db, folder / "visits.xlsx")
    made("慰问记录导出", folder / "visits.xlsx")
    export_files(db, folder / "files.xlsx")
    made("困难档案导出", folder / "files.xlsx")
    export_activities(db, folder / "activities.xlsx")
    made("活动导出", folder / "activities.xlsx")
    export_honours(db, folder / "honours.xlsx")
    made("荣誉导出", folder / "honours.xlsx")
    export_reach(db, folder / "reach.xlsx", year=TODAY.year)
    made("参与统计导出", folder / "reach.xlsx")
    export_protection_ledger(db, folder / "ledger.xlsx", on=TODAY)
    made("四期保护台账导出", folder / "ledger.xlsx")
    from desktop.services.contracts.outputs import export_check

    export_check(db, folder / "contract.xlsx", year=TODAY.year)
    made("专项集体合同履行检查导出", folder / "contract.xlsx")
    from desktop.services.insurance.outputs import export_insurance

    export_insurance(db, folder / "insurance.xlsx", year=TODAY.year)
    made("特种病保险导出", folder / "insurance.xlsx")
    from desktop.services.rights.outputs import export_requests, export_summary

    export_requests(db, folder / "rights.xlsx", year=TODAY.year)
    made("维权诉求导出", folder / "rights.xlsx")
    export_summary(db, folder / "rights-summary.xlsx", year=TODAY.year)
    made("维权诉求汇总导出", folder / "rights-summary.xlsx")
    from desktop.services.surveys.outputs import export_needs

    export_needs(db, folder / "needs.xlsx")
    made("职工需求清单导出", folder / "needs.xlsx")
    return out


def _about(row: dict[str, object], p: Person) -> bool:
    """Whether a row is about this person: her record number, or her name beside her masked number."""
    values = {str(v).strip() for v in row.values() if v is not None}
    return p.uid in values or (p.name in values and p.masked in values)


def _phones(db: Database) -> set[str]:
    with db.read() as s:
        return {p for p in s.scalars(select(Worker.phone)) if p}


def test_no_masked_output_rebuilds_an_id_number(demo: tuple[Database, list[Person]], tmp_path: Path) -> None:
    db, people = demo
    outputs = masked_outputs(db, tmp_path, people)
    # The #19 sheets are in the HQ workbook and its merge (so the attack below reads them too), and the
    # insurance and rights figures name nobody.
    names = {p.name for p in people}
    for name, path in outputs:
        if name in ("上报工作簿", "汇总结果"):
            wb = load_workbook(path, read_only=True)
            for title in ("专项合同履行", "特种病保险", "维权诉求汇总", "职工需求"):
                rows = list(wb[title].iter_rows(min_row=2, values_only=True))
                assert rows, (name, title)
                if title != "专项合同履行":
                    assert not names & {str(v).strip() for r in rows for v in r}, (name, title)
            wb.close()
    numbers = {p.number for p in people}
    with db.read() as s:
        from db.models_condolences import HardshipMember

        numbers |= {m for m in s.scalars(select(HardshipMember.id_number)) if m}
    phones = _phones(db)
    seen_people = told_birth = 0
    weakest = (10**9, "")
    for name, path in outputs:
        if path.suffix == ".pdf":
            text, rows = pdf_rows(path)
        else:
            rows = workbook_rows(path)
            text = "\n".join(str(v) for r in rows for v in r.values() if v is not None)
        flat = text.replace(" ", "")
        # No full number anywhere, and every ID-like text is the current mask.
        leaked = [n for n in numbers if n in flat]
        assert not leaked, f"{name}: full ID numbers {leaked[:3]}"
        for shown in ID_LIKE.findall(flat):
            assert re.fullmatch(r"\d{6}\*{11}[\dX]", shown), f"{name}: {shown} is not masked enough"
        # Phone numbers leave masked too.
        assert not [p for p in phones if len(p) >= 11 and p in flat], f"{name}: full phone numbers"
        index: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in rows:
            for v in {str(v).strip() for v in row.values() if v is not None}:
                index[v].append(row)
        for p in people:
            ev = Evidence()
            for row in {id(r): r for r in (*index.get(p.uid, ()), *index.get(p.masked, ()))}.values():
                if _about(row, p):
                    ev.add(row_evidence(row, TODAY))
            if p.masked not in ev.masks:
                continue  # the output does not show her number: nothing of it to rebuild
            seen_people += 1
            told_birth += bool(ev.dates or ev.years or ev.ages)
            if not (ev.dates or ev.years or ev.ages):
                # Nothing about her birth: count within her true birth year only, a lower bound (fast).
                ev.years = {p.birth.year}
            count = candidates(ev)
            assert p.birth in birth_dates(ev), f"{name}: evidence about {p.name} read wrongly"
            assert count >= MIN_CANDIDATES, f"{name}: {p.name}'s number is one of only {count}"
            weakest = min(weakest, (count, f"{name}/{p.name}"))
            # Even knowing her exact birthday (a colleague; a 生日 visit), the mask leaves dozens.
            known = Evidence(masks=ev.masks, sexes=ev.sexes, dates={p.birth})
            assert candidates(known) >= MIN_WITH_BIRTHDAY, f"{name}: {p.name} with her birthday"
    # The attack really read people's rows, birth columns included, out of the outputs (roster export, HQ,
    # merge and roster PDF hold all 160 with a birth year; the exam list holds ages).
    assert seen_people >= 800 and told_birth >= 640, (seen_people, told_birth)
    assert weakest[0] >= MIN_CANDIDATES, weakest


def test_full_id_exports_keep_the_birth_date(demo: tuple[Database, list[Person]], tmp_path: Path) -> None:
    from desktop.services.roster.export import export_roster
    from desktop.services.roster.workers import WorkerFilter

    db, people = demo
    path = tmp_path / "full.xlsx"
    import inspect

    # A full-ID export states its purpose where the program asks for one.
    purpose = {"reason": "核对职工档案"} if "reason" in inspect.signature(export_roster).parameters else {}
    export_roster(db, path, WorkerFilter(on=TODAY), full_ids=True, **purpose)  # type: ignore[arg-type]
    rows = workbook_rows(path)
    by_number = {r["身份证号"]: r for r in rows}
    p = people[0]
    assert _as_date(by_number[p.number]["出生日期"]) == p.birth
    assert by_number[p.number]["年龄"] == age_on(p.birth, TODAY)


def test_cli_full_phones_only_for_forms_with_phones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from desktop.cli import main

    assert (
        main(
            [
                "pdf",
                "activity-record",
                "--db",
                str(tmp_path / "x.sqlite"),
                "--out",
                str(tmp_path / "x.pdf"),
                "--activity",
                "1",
                "--full-phones",
            ]
        )
        != 0
    )
    assert "不含电话号码" in capsys.readouterr().err
