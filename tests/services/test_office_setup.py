"""First run of a new data file: office, company and unit tree in one audited step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop.core.errors import PermissionDenied
from desktop.services import office
from desktop.services.database import Database
from desktop.services.first_run import apply_setup, company_name, setup_state, units_in_roster


def test_a_new_file_is_new(db: Database) -> None:
    with db.read() as s:
        assert setup_state(s).is_new and company_name(s) == ""


def test_a_file_with_an_office_is_not_new(office_db: Database) -> None:
    with office_db.read() as s:
        state = setup_state(s)
        assert not state.is_new and state.office_code == "ALH" and state.units > 0
        assert company_name(s) == "阿里河森工公司"


def test_setup_makes_office_company_and_tree_once(db: Database) -> None:
    paths = ["甘河林场", "甘河林场/营林一班", "阿里河森工公司/吉文林场", "营林科"]
    with db.write() as s:
        result = apply_setup(
            s,
            office_name="阿里河森工公司工会",
            office_code="alh",
            company="阿里河森工公司",
            unit_paths=paths,
            actor=db.actor,
        )
    assert result.created == [
        "阿里河森工公司",
        "阿里河森工公司/甘河林场",
        "阿里河森工公司/甘河林场/营林一班",
        "阿里河森工公司/吉文林场",
        "阿里河森工公司/营林科",
    ]
    with db.read() as s:
        tree = {n.path: n.kind for n in office.unit_tree(s)}
        assert tree == {
            "阿里河森工公司": "company",
            "阿里河森工公司/甘河林场": "farm",
            "阿里河森工公司/甘河林场/营林一班": "team",
            "阿里河森工公司/吉文林场": "farm",
            "阿里河森工公司/营林科": "section",
        }
        assert office.get_office(s).code == "ALH"  # type: ignore[union-attr]
        logged = s.scalars(select(AuditEntry.entity).where(AuditEntry.entity.in_(("unit", "office")))).all()
        assert logged.count("unit") == 5 and logged.count("office") == 1
        assert not setup_state(s).is_new
    with db.write() as s:  # run again with one more unit: nothing doubled
        again = apply_setup(
            s,
            office_name="阿里河森工公司工会",
            office_code="ALH",
            company="阿里河森工公司",
            unit_paths=[*paths, "甘河林场/营林二班"],
            actor=db.actor,
        )
    assert again.created == ["阿里河森工公司/甘河林场/营林二班"] and again.kept >= 5


def test_setup_without_a_company_makes_top_units(db: Database) -> None:
    with db.write() as s:
        apply_setup(
            s, office_name="某工会", office_code="AB", company="", unit_paths=["一场", "二场/一班"], actor=db.actor
        )
    with db.read() as s:
        assert [n.path for n in office.unit_tree(s)] == ["一场", "二场", "二场/一班"]


def test_setup_needs_the_settings_permission(db: Database) -> None:
    from tests.conftest import sign_in_as

    sign_in_as(db, "viewer")
    with pytest.raises(PermissionDenied), db.write() as s:
        apply_setup(s, office_name="某工会", office_code="AB", company="", unit_paths=["一场"], actor=db.actor)
    with db.read() as s:
        assert setup_state(s).units == 0


def test_units_read_from_a_roster(sample_roster: Path) -> None:
    assert units_in_roster(sample_roster) == [
        "甘河林场",
        "营林科",
        "吉文林场",
        "阿里河林场",
        "财务科",
        "工会办公室",
        "森林管护站",
        "贮木场",
    ]
