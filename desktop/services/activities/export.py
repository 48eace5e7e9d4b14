"""Excel exports of the activities area, through ``excel_export.export_workbook`` (one read, atomic save).

No ID numbers leave in these workbooks (names, units and phones only), so nothing needs masking.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.progress import Job
from desktop.reports.activities.export_xlsx import write_activities, write_honours, write_reach
from desktop.reports.excel.stream_xlsx import StreamWorkbook
from desktop.services.activities.honours import honour_rows
from desktop.services.activities.reach import unit_reach, women_not_reached
from desktop.services.activities.records import ActivityFilter, ActivityRow, activity_ids, fetch_rows
from desktop.services.database import Database
from desktop.services.excel_export import export_workbook

CHUNK = 1000


def export_activities(
    db: Database,
    path: Path,
    flt: ActivityFilter | None = None,
    *,
    sort: str = "starts_at",
    descending: bool = True,
    with_honours: bool = True,
    job: Job | None = None,
) -> int:
    """The activities the filter selects (in the table's order), then the honours register of the same year."""
    flt = flt or ActivityFilter()

    def fill(s: Session, wb: StreamWorkbook) -> int:
        ids = activity_ids(s, flt, sort=sort, descending=descending)

        def rows() -> Iterator[ActivityRow]:  # read in chunks: a year of activities need not sit in memory
            for start in range(0, len(ids), CHUNK):
                yield from fetch_rows(s, ids[start : start + CHUNK])

        n = write_activities(wb, rows(), total=len(ids), job=job)
        if with_honours:
            write_honours(wb, honour_rows(s, year=flt.year), job=job)
        return n

    return export_workbook(db, Path(path), fill, entity="activity")


def export_honours(db: Database, path: Path, *, year: int | None = None, job: Job | None = None) -> int:
    return export_workbook(
        db, Path(path), lambda s, wb: write_honours(wb, honour_rows(s, year=year), job=job), entity="honour"
    )


def export_reach(db: Database, path: Path, *, year: int, full_phones: bool = False, job: Job | None = None) -> int:
    """Participation rate per unit and the list of women who took part in nothing this year (phone numbers
    masked unless ``full_phones``)."""

    def fill(s: Session, wb: StreamWorkbook) -> int:
        units = [
            {
                "unit": "　" * r.reach.depth + r.unit,
                "women": r.reach.women,
                "women_took_part": r.reach.women_took_part,
                "women_rate": r.reach.women_rate,
                "people": r.reach.people,
                "people_took_part": r.reach.people_took_part,
                "people_rate": r.reach.people_rate,
            }
            for r in unit_reach(s, year)
        ]
        return write_reach(wb, year, units, women_not_reached(s, year), full_phones=full_phones, job=job)

    return export_workbook(db, Path(path), fill, entity="activity")
