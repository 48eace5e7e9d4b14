"""Golden timelines: a spread of cases recorded from build_timeline and compared date by date, reason by reason.

Recorded before build_timeline was split into helpers (#20), so the split is shown to change no date and no
sentence. Every branch of the rule has a case here: dating from LMP, due date or both (month ends, 29 February,
year boundaries), births early, on time and late, twins and triplets, difficult births (难产, e.g. a
caesarean), miscarriage before, on and after the 4-month threshold, returns and stopped breastfeeding, other
rule sets, and each contradiction that must be refused with its field.

The expectations are hand-checked samples in test_protections.py; this file guards everything else. After a
deliberate rule change, rewrite the golden file with ``python -m tests.core.test_protection_timeline_golden``
and read the diff line by line before committing it.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from desktop.core.errors import DomainError
from desktop.core.protection_timeline import ExplainedDate, PregnancyCase, build_timeline
from desktop.core.protections import ProtectionRules

GOLDEN = Path(__file__).parent / "golden" / "protection_timelines.json"

D = date
DUE = D(2026, 5, 20)
LMP = D(2025, 8, 13)  # DUE − 280 days
NO_EXTENSION = ProtectionRules(regional_extension_days=0)
IN_WEEKS = ProtectionRules(months_in_weeks=1)
OTHER = ProtectionRules(base_maternity_days=100, dystocia_extra_days=20, extra_baby_days=10, max_prenatal_days=20)

CASES: dict[str, tuple[PregnancyCase, ProtectionRules | None]] = {
    "nothing known": (PregnancyCase(), None),
    "due only": (PregnancyCase(due=DUE), None),
    "lmp only": (PregnancyCase(lmp=LMP), None),
    "lmp and due agree": (PregnancyCase(lmp=LMP, due=DUE), None),
    "lmp and due differ": (PregnancyCase(lmp=D(2025, 8, 20), due=DUE), None),
    "lmp on 31 July, common February": (PregnancyCase(lmp=D(2025, 7, 31)), None),
    "lmp on 31 July, leap February": (PregnancyCase(lmp=D(2023, 7, 31)), None),
    "lmp on 29 February": (PregnancyCase(lmp=D(2024, 2, 29)), None),
    "due across the new year": (PregnancyCase(due=D(2026, 12, 20)), None),
    "due on 1 January": (PregnancyCase(due=D(2027, 1, 1), delivery=D(2026, 12, 28)), None),
    "born on the due date": (PregnancyCase(due=DUE, delivery=DUE), None),
    "born late": (PregnancyCase(due=DUE, delivery=D(2026, 5, 28)), None),
    "born very late, leave runs past the default end": (PregnancyCase(due=DUE, delivery=D(2026, 6, 10)), None),
    "born before the default start": (PregnancyCase(due=DUE, delivery=D(2026, 4, 30)), None),
    "born between default start and due": (PregnancyCase(due=DUE, delivery=D(2026, 5, 10)), None),
    "born before 7 months": (PregnancyCase(lmp=LMP, due=DUE, delivery=D(2026, 3, 1)), None),
    "born on the 7-month day": (PregnancyCase(lmp=LMP, delivery=D(2026, 3, 13)), None),
    "born on 29 February": (PregnancyCase(due=D(2024, 3, 5), delivery=D(2024, 2, 29)), None),
    "born on 29 February 2028": (PregnancyCase(due=D(2028, 2, 29), delivery=D(2028, 2, 29)), None),
    "born on 31 December": (PregnancyCase(due=D(2026, 12, 31), delivery=D(2026, 12, 31)), None),
    "born on 1 January": (PregnancyCase(due=D(2026, 12, 25), delivery=D(2027, 1, 1)), None),
    "twins": (PregnancyCase(due=DUE, delivery=DUE, babies=2), None),
    "twins, difficult birth": (PregnancyCase(due=DUE, delivery=DUE, babies=2, dystocia=True), None),
    "triplets, planned": (PregnancyCase(due=DUE, babies=3), None),
    "caesarean (难产)": (PregnancyCase(due=DUE, delivery=D(2026, 5, 18), dystocia=True), None),
    "delivery only": (PregnancyCase(delivery=D(2026, 5, 28)), None),
    "delivery only, leave started earlier": (PregnancyCase(delivery=D(2026, 5, 28), leave_start=D(2026, 5, 20)), None),
    "delivery only, twins with stop": (
        PregnancyCase(delivery=D(2026, 5, 28), babies=2, lactation_stopped=D(2026, 12, 1)),
        None,
    ),
    "leave started by choice, planned": (PregnancyCase(due=DUE, leave_start=D(2026, 5, 12)), None),
    "leave started by choice, born": (
        PregnancyCase(due=DUE, delivery=D(2026, 5, 22), leave_start=D(2026, 5, 12)),
        None,
    ),
    "leave started early, born late": (
        PregnancyCase(due=DUE, delivery=D(2026, 6, 1), leave_start=D(2026, 5, 1)),
        None,
    ),
    "leave started by choice, born late": (
        PregnancyCase(due=DUE, delivery=D(2026, 6, 10), leave_start=D(2026, 5, 10)),
        None,
    ),
    "returned early": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 9, 1)), None),
    "returned on the last leave day": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 10, 9)), None),
    "returned the day after": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 10, 10)), None),
    "returned late": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 10, 20)), None),
    "returned while still planned": (PregnancyCase(due=DUE, return_to_work=D(2026, 5, 10)), None),
    "stopped breastfeeding early": (PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=D(2026, 12, 31)), None),
    "stopped breastfeeding on the delivery day": (PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=DUE), None),
    "stopped breastfeeding at the end": (
        PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=D(2027, 5, 19)),
        None,
    ),
    "stopped breastfeeding after the end": (
        PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=D(2027, 6, 1)),
        None,
    ),
    "miscarriage early": (PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1)), None),
    "miscarriage the day before 4 months": (PregnancyCase(lmp=LMP, miscarriage=D(2025, 12, 12)), None),
    "miscarriage on 4 months": (PregnancyCase(lmp=LMP, miscarriage=D(2025, 12, 13)), None),
    "miscarriage late, from due": (PregnancyCase(due=DUE, miscarriage=D(2026, 1, 10)), None),
    "miscarriage after 7 months": (PregnancyCase(lmp=LMP, miscarriage=D(2026, 4, 1)), None),
    "miscarriage across the new year": (PregnancyCase(lmp=D(2025, 10, 1), miscarriage=D(2025, 12, 25)), None),
    "miscarriage, lmp on 31 October": (PregnancyCase(lmp=D(2023, 10, 31), miscarriage=D(2024, 2, 29)), None),
    "miscarriage, returned early": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1), return_to_work=D(2025, 10, 5)),
        None,
    ),
    "miscarriage, returned late": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1), return_to_work=D(2025, 11, 1)),
        None,
    ),
    "miscarriage, twins and dystocia ignored": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 12, 20), babies=2, dystocia=True),
        None,
    ),
    "no extension": (PregnancyCase(due=DUE, delivery=DUE), NO_EXTENSION),
    "no extension, twins": (PregnancyCase(due=DUE, delivery=D(2026, 5, 25), babies=2), NO_EXTENSION),
    "months in weeks": (PregnancyCase(lmp=D(2025, 7, 31), delivery=D(2026, 5, 1)), IN_WEEKS),
    "months in weeks, miscarriage": (PregnancyCase(lmp=D(2025, 7, 31), miscarriage=D(2025, 11, 19)), IN_WEEKS),
    "months in weeks, miscarriage on threshold": (
        PregnancyCase(lmp=D(2025, 7, 31), miscarriage=D(2025, 11, 20)),
        IN_WEEKS,
    ),
    "other national numbers": (
        PregnancyCase(due=DUE, delivery=D(2026, 5, 1), babies=3, dystocia=True, lactation_stopped=D(2026, 8, 1)),
        OTHER,
    ),
    "other numbers, born late": (PregnancyCase(due=DUE, delivery=D(2026, 6, 15)), OTHER),
    # Refused: each with the field the dialog marks.
    "due before lmp": (PregnancyCase(lmp=LMP, due=D(2025, 8, 1)), None),
    "due on lmp": (PregnancyCase(lmp=LMP, due=LMP), None),
    "due 44 weeks after lmp": (PregnancyCase(lmp=LMP, due=D(2026, 6, 17)), None),
    "due over 44 weeks after lmp": (PregnancyCase(lmp=LMP, due=D(2026, 6, 18)), None),
    "delivery before lmp": (PregnancyCase(lmp=LMP, delivery=D(2025, 8, 1)), None),
    "delivery over 44 weeks after lmp": (PregnancyCase(due=DUE, delivery=D(2026, 6, 18)), None),
    "miscarriage before lmp": (PregnancyCase(lmp=LMP, miscarriage=D(2025, 8, 12)), None),
    "miscarriage over 44 weeks after lmp": (PregnancyCase(lmp=LMP, miscarriage=D(2026, 7, 1)), None),
    "delivery and miscarriage": (PregnancyCase(lmp=LMP, delivery=DUE, miscarriage=D(2025, 10, 1)), None),
    "miscarriage without lmp": (PregnancyCase(miscarriage=D(2025, 10, 1)), None),
    "miscarriage with leave start": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1), leave_start=D(2025, 10, 1)),
        None,
    ),
    "miscarriage with stopped breastfeeding": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1), lactation_stopped=D(2025, 10, 2)),
        None,
    ),
    "miscarriage, returned before it": (
        PregnancyCase(lmp=LMP, miscarriage=D(2025, 10, 1), return_to_work=D(2025, 9, 30)),
        None,
    ),
    "leave start without dates": (PregnancyCase(leave_start=DUE), None),
    "return without dates": (PregnancyCase(return_to_work=DUE), None),
    "stop without dates": (PregnancyCase(lactation_stopped=DUE), None),
    "stop while planned": (PregnancyCase(due=DUE, lactation_stopped=DUE), None),
    "returned before leave start": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 5, 1)), None),
    "returned before delivery": (PregnancyCase(due=DUE, delivery=DUE, return_to_work=D(2026, 5, 10)), None),
    "stopped before delivery": (PregnancyCase(due=DUE, delivery=DUE, lactation_stopped=D(2026, 5, 1)), None),
    "no babies": (PregnancyCase(due=DUE, babies=0), None),
    "eleven babies": (PregnancyCase(due=DUE, babies=11), None),
    "dystocia as text": (PregnancyCase(due=DUE, dystocia="顺产"), None),  # type: ignore[arg-type]
    "due not a date": (PregnancyCase(due="明年"), None),  # type: ignore[arg-type]
}


def outcome(case: PregnancyCase, rules: ProtectionRules | None) -> dict[str, object]:
    """Every field of the timeline as [value, reason], or the refusal's message and field."""
    try:
        t = build_timeline(case, rules)
    except DomainError as err:
        return {"error": err.message, "field": err.field}
    out: dict[str, object] = {}
    for f in fields(t):
        item = getattr(t, f.name)
        if item is not None:
            value = item.day.isoformat() if isinstance(item, ExplainedDate) else item.value
            out[f.name] = [value, item.reason]
    return out


def record() -> dict[str, dict[str, object]]:
    return {name: outcome(case, rules) for name, (case, rules) in CASES.items()}


@pytest.mark.parametrize("name", list(CASES))
def test_timeline_matches_golden(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    case, rules = CASES[name]
    assert outcome(case, rules) == golden[name]


def test_golden_has_every_case() -> None:
    assert set(json.loads(GOLDEN.read_text(encoding="utf-8"))) == set(CASES)


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
