"""One rule names a unit on screens, exports and forms (#17 item 4): the path below the company, cut to a
tail that still names one unit when the tree is deep."""

from __future__ import annotations

from desktop.services import office
from desktop.services.database import Database
from desktop.services.office import label_paths


def test_shared_team_names_keep_their_farm() -> None:
    labels = label_paths(
        {
            1: ("公司",),
            2: ("公司", "甘河林场"),
            3: ("公司", "甘河林场", "管护一组"),
            4: ("公司", "克一河林场"),
            5: ("公司", "克一河林场", "管护一组"),
            6: ("公司", "财务科"),
        }
    )
    assert labels == {
        1: "公司",
        2: "甘河林场",
        3: "甘河林场/管护一组",
        4: "克一河林场",
        5: "克一河林场/管护一组",
        6: "财务科",
    }


def test_deep_paths_shortened_to_a_unique_tail() -> None:
    labels = label_paths(
        {
            1: ("公司", "甘河林场", "第一工段", "营林队", "一班"),
            2: ("公司", "甘河林场", "第二工段", "营林队", "一班"),
            3: ("公司", "吉文林场", "第一工段", "检尺组"),
        }
    )
    assert labels[1] == "第一工段/营林队/一班"
    assert labels[2] == "第二工段/营林队/一班"
    assert labels[3] == "第一工段/检尺组"
    assert len(set(labels.values())) == 3


def test_several_roots_keep_the_root() -> None:
    labels = label_paths({1: ("甲公司", "一班"), 2: ("乙公司", "一班")})
    assert labels == {1: "甲公司/一班", 2: "乙公司/一班"}


def test_tree_and_maps_agree(office_db: Database) -> None:
    with office_db.read() as s:
        nodes = office.unit_tree(s)
        labels = office.unit_labels(s)
        full = office.unit_full_paths(s)
    for n in nodes:
        assert n.label == labels[n.id]
        assert full[n.id] == n.path
    assert len({n.label for n in nodes}) == len(nodes)
