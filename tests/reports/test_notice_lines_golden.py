"""Golden entitlement tables of the 保护告知单: notice_lines for a spread of women, line by line.

Recorded before notice_lines was split into helpers (#20), so the split is shown to change no line of the
paper a woman signs. The timelines come from the core (births, twins with 难产, planned leave, returns,
stopped breastfeeding, miscarriage) and each is combined with the post facts the notice weighs: a doctor's
certificate and reduced workload, a planned or done reassignment, a night-shift post, unreadable conditions,
the night ban, and a contract that runs on. After a deliberate change, rewrite the golden file with
``python -m tests.reports.test_notice_lines_golden`` and read the diff before committing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import pytest

from desktop.core.protection_timeline import (
    ExplainedDate,
    ExplainedNumber,
    PregnancyCase,
    Timeline,
    build_timeline,
    contract_extension,
)
from desktop.reports.protections.notice_pdf import notice_lines

GOLDEN = Path(__file__).parent / "golden" / "notice_lines.json"
DUE = date(2026, 5, 20)


@dataclass(frozen=True)
class Row:
    """Stands in for ledger.CaseRow: the fields NoticeCase reads, the dates taken from the timeline."""

    timeline: Timeline | None
    uid: str = "case-1"
    name: str = "王芳"
    id_number: str = ""
    unit_name: str = "甘河林场"
    post: str = ""
    conditions: str = ""
    reassigned: bool = False
    reassignment: str = ""
    doctor_certificate: bool = False
    reduced_workload: str = ""
    state_label: str = ""
    night_overtime_ban: bool = False
    post_problems: tuple[str, ...] = ()
    babies: int = 1
    birth_type: str = ""
    problem: str = ""
    contract_end: date | None = None
    contract_extension: ExplainedDate | None = None

    def _t(self, name: str) -> ExplainedDate | None:
        return getattr(self.timeline, name) if self.timeline is not None else None

    @property
    def lmp(self) -> ExplainedDate | None:
        return self._t("lmp")

    @property
    def due(self) -> ExplainedDate | None:
        return self._t("due")

    @property
    def seven_month(self) -> ExplainedDate | None:
        return self._t("seven_month")

    @property
    def delivery(self) -> ExplainedDate | None:
        return self._t("delivery")

    @property
    def leave_days(self) -> ExplainedNumber | None:
        return self.timeline.leave_days if self.timeline is not None else None

    @property
    def leave_start(self) -> ExplainedDate | None:
        return self._t("leave_start")

    @property
    def leave_end(self) -> ExplainedDate | None:
        return self._t("leave_end")

    @property
    def return_to_work(self) -> ExplainedDate | None:
        return self._t("return_to_work")

    @property
    def lactation_end(self) -> ExplainedDate | None:
        return self._t("lactation_end")

    @property
    def lactation_stopped(self) -> ExplainedDate | None:
        return self._t("lactation_stopped")

    @property
    def breastfeeding_hours(self) -> ExplainedNumber | None:
        return self.timeline.breastfeeding_hours if self.timeline is not None else None

    @property
    def miscarriage(self) -> ExplainedDate | None:
        return self._t("miscarriage")

    @property
    def miscarriage_leave_end(self) -> ExplainedDate | None:
        return self._t("miscarriage_leave_end")


TIMELINES: dict[str, Timeline | None] = {
    "no timeline": None,
    "planned": build_timeline(PregnancyCase(due=DUE)),
    "early pregnancy": build_timeline(PregnancyCase(lmp=date(2026, 3, 1))),
    "born": build_timeline(PregnancyCase(due=DUE, delivery=date(2026, 5, 28))),
    "twins with dystocia": build_timeline(PregnancyCase(due=DUE, delivery=DUE, babies=2, dystocia=True)),
    "returned and stopped": build_timeline(
        PregnancyCase(due=DUE, delivery=DUE, return_to_work=date(2026, 9, 1), lactation_stopped=date(2026, 12, 1))
    ),
    "delivery only": build_timeline(PregnancyCase(delivery=date(2026, 5, 28))),
    "miscarriage": build_timeline(
        PregnancyCase(due=DUE, miscarriage=date(2025, 10, 1), return_to_work=date(2025, 10, 10))
    ),
}

POSTS: dict[str, dict[str, object]] = {
    "office post": {"post": "会计", "conditions": ""},
    "no post": {},
    "chainsaw, certificate, reduced": {
        "post": "油锯手",
        "conditions": "vibration,height:3",
        "doctor_certificate": True,
        "reduced_workload": "改为半天",
    },
    "reduced without certificate": {"post": "营林工", "conditions": "bending", "reduced_workload": "不再攀高"},
    "planned reassignment": {"post": "油锯手", "conditions": "vibration", "reassignment": "调到检尺岗"},
    "reassigned, night shift, ban": {
        "post": "检尺员",
        "conditions": "night_shift,overtime",
        "reassigned": True,
        "reassignment": "油锯手调检尺员",
        "night_overtime_ban": True,
    },
    "night shift, no ban": {"post": "值班员", "conditions": "night_shift"},
    "unreadable conditions": {"post": "修理工", "conditions": "welding:9", "post_problems": ("岗位危害条件无法识别",)},
    "certificate only, twins label": {"doctor_certificate": True, "babies": 2, "birth_type": "剖宫产"},
}


def cases() -> dict[str, tuple[Row, str | None]]:
    """Every timeline in every period at an office post; every post on a pregnant and a breastfeeding woman."""
    out: dict[str, tuple[Row, str | None]] = {}
    for t_name, t in TIMELINES.items():
        for period in (None, "pregnancy", "lactation"):
            out[f"{t_name} / {period}"] = (Row(t, post="会计"), period)
        if t is not None:
            for end in (date(2026, 6, 30), date(2030, 1, 1)):
                row = Row(t, contract_end=end, contract_extension=contract_extension(t, end))
                out[f"{t_name} / contract ends {end.isoformat()}"] = (row, "lactation")
    for p_name, post in POSTS.items():
        for t_name, period in (("planned", "pregnancy"), ("planned", None), ("born", "lactation")):
            out[f"{t_name} / {p_name} / {period}"] = (Row(TIMELINES[t_name], **post), period)  # type: ignore[arg-type]
    return out


CASES = cases()


def outcome(row: Row, period: str | None) -> list[list[str]]:
    return [[getattr(line, f.name) for f in fields(line)] for line in notice_lines(row, period)]


@pytest.mark.parametrize("name", list(CASES))
def test_notice_lines_match_golden(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert outcome(*CASES[name]) == golden[name]


def test_golden_has_every_case() -> None:
    assert set(json.loads(GOLDEN.read_text(encoding="utf-8"))) == set(CASES)


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    record = {name: outcome(*case) for name, case in CASES.items()}
    GOLDEN.write_text(json.dumps(record, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
