"""Golden schedules: seeded random plans recorded from schedule() and compared person by person.

Recorded before schedule() was split into helpers (#20), so the split is shown to move nobody. The plans mix
what the scheduler weighs: units smaller and larger than a day, tight and loose capacity, days closed (0),
locked load, age windows and more units than the lookahead. The worked examples in test_exam_schedule.py
explain the rules; this file guards every other outcome. After a deliberate change, rewrite the golden file
with ``python -m tests.core.test_exam_schedule_golden`` and read the diff before committing it.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.core.exam_schedule import schedule
from desktop.core.progress import Job

GOLDEN = Path(__file__).parent / "golden" / "exam_schedules.json"
START = date(2026, 6, 1)
SEEDS = range(120)


def plan(seed: int) -> tuple[list[tuple[date, int]], list[list[int]], dict[date, int], dict[int, tuple[date, date]]]:
    """Days (some closed), units, locked load and windows of one random plan."""
    rng = random.Random(seed)
    n_days = rng.randint(1, 20)
    cap = rng.randint(1, 12)
    days = [
        (START + timedelta(days=i), 0 if rng.random() < 0.1 else rng.randint(max(cap - 3, 0), cap + 3))
        for i in range(n_days)
    ]
    day_list = [d for d, _ in days]
    taken = {d: rng.randint(0, 3) for d in rng.sample(day_list, rng.randint(0, n_days))}
    groups: list[list[int]] = []
    wid = 0
    for _ in range(rng.randint(1, 80 if seed % 10 == 0 else max(2, n_days))):
        size = rng.randint(1, 2 * cap + 2)
        groups.append(list(range(wid, wid + size)))
        wid += size
    windows: dict[int, tuple[date, date]] = {}
    share = rng.choice((0.0, 0.1, 0.4))
    for p in range(wid):
        if rng.random() < share:
            a = rng.randrange(n_days + 1) - 1
            b = rng.randint(a, n_days)
            windows[p] = (START + timedelta(days=a), START + timedelta(days=b))
    return days, groups, taken, windows


def outcome(seed: int) -> dict[str, object]:
    days, groups, taken, windows = plan(seed)
    steps: list[list[object]] = []
    job = Job(lambda done, total, message: steps.append([done, total, message]))
    r = schedule(days, groups, taken, usual_capacity=seed % 7 or None, windows=windows, job=job)
    return {
        "assignments": {str(w): d.isoformat() for w, d in sorted(r.assignments.items())},
        "unplaced": r.unplaced,
        "extra_days_needed": r.extra_days_needed,
        "load": {d.isoformat(): n for d, n in r.load.items()},
        "steps": steps,
    }


@pytest.mark.parametrize("seed", list(SEEDS))
def test_schedule_matches_golden(seed: int) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(seed) == golden[str(seed)]


if __name__ == "__main__":
    record = {str(seed): outcome(seed) for seed in SEEDS}
    GOLDEN.write_text(
        "{\n"
        + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in record.items())
        + "\n}\n",
        encoding="utf-8",
    )
