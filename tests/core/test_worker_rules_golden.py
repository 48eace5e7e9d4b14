"""Golden checks of a worker record: check_worker's cleaned copy, or every message in the order shown.

Recorded before check_worker was split into helpers (#20), so the split is shown to change no message, no
field it is shown beside and no cleaned value. The messages are joined in this order on one line
(FieldErrors), so the order is part of what is compared. After a deliberate change, rewrite the golden file
with ``python -m tests.core.test_worker_rules_golden`` and read the diff before committing it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import pytest

from desktop.core.errors import FieldErrors
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft, check_worker

GOLDEN = Path(__file__).parent / "golden" / "worker_rules.json"
TODAY = date(2026, 11, 20)


def id_number(birth: date, seq: int = 1, *, female: bool = True) -> str:
    first17 = f"150785{birth:%Y%m%d}{seq % 100:02d}{2 if female else 1}"
    return first17 + check_char(first17)


WOMAN = id_number(date(1990, 2, 28))
MAN = id_number(date(1985, 7, 1), female=False)
GOOD = WorkerDraft(
    name="张　丽",
    id_number=WOMAN.lower(),
    unit_id=3,
    post=" 检尺员 ",
    hazards="height:3，vibration",
    phone="0470 - 3521234",
    hire_date=date(2010, 3, 1),
    union_join_date=date(2010, 5, 1),
    contract_end=date(2027, 2, 28),
    ethnicity=" 蒙古族 ",
    notes=" 备注 ",
)

CASES: dict[str, WorkerDraft] = {
    "good, cleaned": GOOD,
    "man, sex given": replace(GOOD, id_number=MAN, sex="M"),
    "sex contradicts the ID": replace(GOOD, sex="M"),
    "sex not a code": replace(GOOD, sex="male"),
    "birth date contradicts the ID": replace(GOOD, birth_date=date(1990, 3, 1)),
    "birth date agrees": replace(GOOD, birth_date=date(1990, 2, 28)),
    "ID check digit wrong": replace(GOOD, id_number=WOMAN[:-1] + ("0" if WOMAN[-1] != "0" else "1")),
    "ID missing": replace(GOOD, id_number=""),
    "ID born in the future": replace(GOOD, id_number=id_number(date(2027, 1, 1))),
    "no unit": replace(GOOD, unit_id=None),
    "employment and status not in the lists": replace(GOOD, employment_type="temp", status="gone"),
    "retired and dispatched": replace(GOOD, employment_type="dispatched", status="retired"),
    "phone wrong": replace(GOOD, phone="12345"),
    "mobile": replace(GOOD, phone="138 0000 0000"),
    "no phone": replace(GOOD, phone=""),
    "hazard unknown": replace(GOOD, hazards="welding"),
    "hazard grade wrong": replace(GOOD, hazards="height:7"),
    "name empty": replace(GOOD, name=""),
    "name with digits": replace(GOOD, name="张丽2"),
    "name too long": replace(GOOD, name="张" * 31),
    "name with a control character": replace(GOOD, name="张\x07丽"),
    "name of a page": replace(GOOD, name="张" * 300),
    "phone with a control character": replace(GOOD, phone="0470\x00"),
    "notes too long": replace(GOOD, notes="记" * 2001),
    "post on two lines": replace(GOOD, post="检尺员\n油锯手"),
    "hired in the future": replace(GOOD, hire_date=date(2026, 11, 21)),
    "hired today": replace(GOOD, hire_date=TODAY),
    "hired before birth": replace(GOOD, hire_date=date(1989, 1, 1)),
    "joined in the future": replace(GOOD, union_join_date=date(2027, 1, 1)),
    "joined before birth": replace(GOOD, union_join_date=date(1990, 2, 27)),
    "dates before birth, ID wrong": replace(GOOD, id_number="", hire_date=date(1900, 1, 1)),
    "contract ends before birth": replace(GOOD, contract_end=date(1989, 12, 31)),
    "contract ends before hire": replace(GOOD, contract_end=date(2010, 2, 28)),
    "contract ends on hire day": replace(GOOD, contract_end=date(2010, 3, 1)),
    "contract, no hire date": replace(GOOD, hire_date=None, contract_end=date(2000, 1, 1)),
    "not a member: join date dropped": replace(GOOD, union_member=False),
    "not a member, join date in the future": replace(GOOD, union_member=False, union_join_date=date(2027, 1, 1)),
    "everything wrong at once": WorkerDraft(
        name="1",
        id_number="123",
        sex="female",
        unit_id=None,
        hazards="x",
        employment_type="x",
        status="y",
        phone="9",
        hire_date=date(2030, 1, 1),
        union_join_date=date(2030, 1, 1),
        contract_end=date(2000, 1, 1),
        notes="\x01",
    ),
}


def outcome(draft: WorkerDraft) -> dict[str, object]:
    try:
        out = check_worker(draft, today=TODAY)
    except FieldErrors as err:
        return {"errors": [[key, message] for key, message in err.errors.items()], "message": err.message}
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in asdict(out).items()}


@pytest.mark.parametrize("name", list(CASES))
def test_check_worker_matches_golden(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(CASES[name]) == golden[name]


def test_golden_has_every_case() -> None:
    assert set(json.loads(GOLDEN.read_text(encoding="utf-8"))) == set(CASES)


if __name__ == "__main__":
    record = {name: outcome(draft) for name, draft in CASES.items()}
    GOLDEN.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
