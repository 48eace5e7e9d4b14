"""Golden claim checks: check_claim over a seeded sample of claims, every message in the order shown.

Recorded before check_claim was split into helpers (#20), so the split is shown to change no message, field
or covering enrolment. The sample is drawn from every combination of diagnosis, diagnosis date (none, future,
covered, uncovered, in an archived period), amounts, status, decision date and documents. After a deliberate
change, rewrite the golden file with ``python -m tests.core.test_insurance_claim_golden`` and read the diff.
"""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path

import pytest

from desktop.core.errors import FieldErrors
from desktop.core.special_insurance import ClaimFacts, EnrolmentFacts, check_claim

GOLDEN = Path(__file__).parent / "golden" / "insurance_claims.json"
TODAY = date(2026, 11, 20)
ENROLMENTS = (
    EnrolmentFacts(1, 7, "女职工特殊疾病互助保障", date(2025, 1, 1), date(2025, 12, 31)),
    EnrolmentFacts(2, 7, "女职工特殊疾病互助保障", date(2026, 1, 1), date(2026, 12, 31)),
    EnrolmentFacts(3, 7, "另一计划", date(2026, 6, 1), date(2027, 5, 31)),
    EnrolmentFacts(4, 7, "女职工特殊疾病互助保障", date(2023, 1, 1), date(2023, 12, 31), archived=True),
)

DIAGNOSES = ("breast", "", "flu")
DIAGNOSIS_DATES = (None, date(2026, 12, 1), date(2026, 7, 1), date(2025, 3, 1), date(2024, 6, 1), date(2023, 6, 1))
CLAIMED = (None, 0, 2_000_000, 20_000_000)
PAID = (None, -1, 0, 1_800_000, 3_000_000)
STATUSES = ("received", "submitted", "paid", "rejected", "lost")
DECIDED = (None, date(2023, 1, 1), date(2026, 8, 1), date(2026, 12, 1))
DOCUMENTS = (frozenset(), frozenset({"diagnosis", "pathology"}), frozenset({"diagnosis"}), frozenset({"x", "bank"}))
ENROLMENT_SETS = (ENROLMENTS, ())


def grid() -> list[tuple[ClaimFacts, tuple[EnrolmentFacts, ...]]]:
    return [
        (ClaimFacts(d, dd, c, p, s, docs, dec), es)
        for d, dd, c, p, s, dec, docs, es in itertools.product(
            DIAGNOSES, DIAGNOSIS_DATES, CLAIMED, PAID, STATUSES, DECIDED, DOCUMENTS, ENROLMENT_SETS
        )
    ]


REQUIRED = frozenset({"diagnosis", "pathology"})
ACCEPTED = [
    (ClaimFacts("breast", date(2026, 3, 1), 2_000_000, None, "received"), ENROLMENTS),
    (ClaimFacts("ovarian", date(2026, 7, 1), 2_000_000, 0, "submitted", REQUIRED), ENROLMENTS),
    (ClaimFacts("breast", date(2025, 3, 1), 2_000_000, 1_800_000, "paid", REQUIRED, date(2026, 8, 1)), ENROLMENTS),
    (ClaimFacts("cervical", date(2025, 12, 31), 2_000_000, 2_000_000, "paid", REQUIRED, TODAY), ENROLMENTS),
    (ClaimFacts("breast", date(2026, 11, 1), 1, None, "rejected", REQUIRED, date(2026, 11, 10)), ENROLMENTS),
    (ClaimFacts("breast", date(2026, 7, 1), 10_000_000, None, "rejected", frozenset(), date(2026, 7, 1)), ENROLMENTS),
]
SAMPLE = ACCEPTED + random.Random(20).sample(grid(), 200)


def outcome(claim: ClaimFacts, enrolments: tuple[EnrolmentFacts, ...]) -> dict[str, object]:
    try:
        found = check_claim(claim, enrolments, today=TODAY)
    except FieldErrors as err:
        return {"errors": [[key, message] for key, message in err.errors.items()]}
    return {"covered_by": found.id}


@pytest.mark.parametrize("i", range(len(SAMPLE)))
def test_check_claim_matches_golden(i: int) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(*SAMPLE[i]) == golden[i]


if __name__ == "__main__":
    GOLDEN.write_text(
        "[\n" + ",\n".join(json.dumps(outcome(*case), ensure_ascii=False) for case in SAMPLE) + "\n]\n",
        encoding="utf-8",
    )
