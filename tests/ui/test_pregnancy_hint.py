"""登记怀孕: the hint under the chosen woman tells "no hazards recorded" apart from a post checked and clear."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services.database import Database
from desktop.services.roster import workers
from desktop.ui.protections.dialogs import RegisterPregnancyDialog


def _woman(db: Database, unit_id: int, name: str, seq: int, post: str, hazards: str = "") -> None:
    first17 = f"15078519930412{seq:02d}2"
    with db.write() as s:
        workers.add_worker(
            s,
            WorkerDraft(
                name=name, id_number=first17 + check_char(first17), unit_id=unit_id, post=post, hazards=hazards
            ),
            actor="test",
        )


def _hint_for(db: Database, qtbot: Any, name: str) -> str:
    dialog = RegisterPregnancyDialog(None, db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.picker.edit.setText(name)
    dialog.picker.refresh()  # one match: chosen
    dialog.validate(show_all=False)
    hint = dialog.message("worker_id")
    dialog.touched.clear()  # closed at teardown without the "discard what you typed?" question
    return hint


def test_an_imported_post_without_hazards_says_so(
    office_db: Database, qtbot: Any, unit_of: Callable[[str], int]
) -> None:
    # A roster imported from HR has posts but no 岗位禁忌作业: "无" read as "checked, nothing prohibited" for
    # a 集材工 (log skidding, heavy labour) in the walk-through.
    _woman(office_db, unit_of("甘河林场"), "乌云其木格", 1, "集材工")
    hint = _hint_for(office_db, qtbot, "乌云其木格")
    assert "岗位危害条件：无" not in hint
    assert "未登记" in hint and "职工名册" in hint


def test_a_recorded_hazard_is_named_and_warned(office_db: Database, qtbot: Any, unit_of: Callable[[str], int]) -> None:
    _woman(office_db, unit_of("甘河林场"), "张丽", 2, "营林工", hazards="noise:3")
    hint = _hint_for(office_db, qtbot, "张丽")
    assert "岗位危害条件：噪声作业Ⅲ级" in hint and "注意：" in hint
