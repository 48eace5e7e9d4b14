"""Golden 维权诉求 checks: check_request over a seeded sample of requests, every message in the order shown.

Recorded before check_request was split into helpers (#20), so the split is shown to change no message or
field. The sample is drawn from every combination of category, summary, the five step dates (none, in order,
out of order, future), closing date, outcome and satisfaction. After a deliberate change, rewrite the golden
file with ``python -m tests.core.test_rights_request_golden`` and read the diff before committing it.
"""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path

import pytest

from desktop.core.errors import FieldErrors
from desktop.core.rights_requests import RequestFacts, check_request

GOLDEN = Path(__file__).parent / "golden" / "rights_requests.json"
TODAY = date(2026, 11, 20)
D1, D2, D3, D4, FUTURE = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 12, 1)


def grid() -> list[RequestFacts]:
    return [
        RequestFacts(cat, summary, rec, med, arb, lit, aid, closed, outcome, sat)
        for cat, summary, rec, med, arb, lit, aid, closed, outcome, sat in itertools.product(
            ("pay", "x"),
            ("拖欠工资三个月", " "),
            (None, D2, FUTURE),
            (None, D1, D3),
            (None, D2, D4),
            (None, D3, D4, FUTURE),
            (None, D1, D3),
            (None, D1, D3, D4, FUTURE),
            ("", "resolved", "maybe"),
            ("", "satisfied", "unreachable", "happy"),
        )
    ]


SAMPLE = [
    RequestFacts("pay", "拖欠工资三个月", D1),
    RequestFacts("pay", "拖欠工资三个月", D1, D2, D3, D4, D2, D4, "resolved", "satisfied"),
    RequestFacts("leave", "产假被压缩", D1, closed_on=D1, outcome="partly", satisfaction="unreachable"),
] + random.Random(21).sample(grid(), 200)


def outcome(r: RequestFacts) -> dict[str, object]:
    try:
        check_request(r, today=TODAY)
    except FieldErrors as err:
        return {"errors": [[key, message] for key, message in err.errors.items()]}
    return {"ok": True}


@pytest.mark.parametrize("i", range(len(SAMPLE)))
def test_check_request_matches_golden(i: int) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(SAMPLE[i]) == golden[i]


if __name__ == "__main__":
    GOLDEN.write_text(
        "[\n" + ",\n".join(json.dumps(outcome(r), ensure_ascii=False) for r in SAMPLE) + "\n]\n", encoding="utf-8"
    )
