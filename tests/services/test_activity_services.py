"""Activities, participants, honours, reach and attachments through the services on a real data file."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop.core.errors import DomainError, FieldErrors
from desktop.core.idcard import check_char
from desktop.core.worker import WorkerDraft
from desktop.services import office
from desktop.services.activities import attachments as activity_attachments
from desktop.services.activities import honours as activity_honours
from desktop.services.activities import participants as activity_participants
from desktop.services.activities import reach as activity_reach
from desktop.services.activities import records as activity_records
from desktop.services.activities.reminders import activity_reminders
from desktop.services.database import Database
from desktop.services.reminders import collect_reminders
from desktop.services.roster import workers
from desktop.services.roster.profile import worker_profile
from desktop.services.roster.workers import WorkerFilter
from tests.conftest import open_signed

TODAY = date(2026, 11, 20)
# name, sex, unit — 甘河林场 has 3 women (one in 一班), 营林科 2 women, 财务科 1 woman + 1 man
PEOPLE = (
    ("张丽", "F", "甘河林场"),
    ("李娜", "F", "甘河林场"),
    ("赵敏", "F", "一班"),
    ("王建国", "M", "甘河林场"),
    ("刘艳", "F", "营林科"),
    ("孙静", "F", "营林科"),
    ("周红", "F", "财务科"),
    ("吴刚", "M", "财务科"),
)


def make_id(n: int, sex: str) -> str:
    seq = f"{(n * 2 + (1 if sex == 'M' else 0)) % 1000:03d}"
    first = f"150785199001{n + 1:02d}{seq}"
    return first + check_char(first)


@pytest.fixture
def people(office_db: Database) -> dict[str, int]:
    out: dict[str, int] = {}
    with office_db.write() as s:
        units = {n.name: n.id for n in office.unit_tree(s)}
        for i, (name, sex, unit) in enumerate(PEOPLE):
            draft = WorkerDraft(name=name, id_number=make_id(i, sex), unit_id=units[unit], phone="13904701234")
            out[name] = workers.add_worker(s, draft, actor="test").id
    return out


def brand_id(s, name: str = "玫瑰书香") -> int:
    return next(b.id for b in activity_records.list_brands(s) if b.name == name)


def new_activity(
    db: Database, title: str = "春季读书分享会", when: datetime = datetime(2026, 3, 8, 9), brand: str = "玫瑰书香"
) -> int:
    with db.write() as s:
        draft = activity_records.ActivityDraft(
            brand_id=brand_id(s, brand),
            title=title,
            kind="reading",
            starts_at=when,
            ends_at=when + timedelta(hours=2),
            place="职工书屋",
            budget_fen=150000,
            actual_fen=123456,
        )
        return activity_records.add_activity(s, draft, actor="clerk").id


def test_brands_are_seeded_and_office_adds_its_own(office_db: Database) -> None:
    with office_db.write() as s:
        names = [b.name for b in activity_records.list_brands(s)]
        assert names[:3] == ["玫瑰书香", "巾帼建功", "最美家庭"] and "心灵驿站" in names
        activity_records.add_brand(s, name="林海 讲堂", description="本单位品牌", actor="clerk")
        with pytest.raises(FieldErrors):
            activity_records.add_brand(s, name="玫瑰书香", actor="clerk")
    with office_db.read() as s:
        assert "林海讲堂" in [b.name for b in activity_records.list_brands(s)]


def test_activity_is_stored_with_uid_audit_and_money_in_fen(office_db: Database, people: dict[str, int]) -> None:
    aid = new_activity(office_db)
    with office_db.read() as s:
        row = activity_records.fetch_rows(s, [aid])[0]
        assert row.uid.startswith("ALH-") and row.actual_fen == 123456 and row.kind_label == "读书会"
        assert activity_records.format_when(row.starts_at, row.ends_at) == "2026-03-08 09:00–11:00"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "activity")).one()
        assert entry.actor == "test" and json.loads(entry.after)["title"] == "春季读书分享会"
    with office_db.write() as s:
        with pytest.raises(FieldErrors) as err:
            activity_records.update_activity(
                s, aid, activity_records.ActivityDraft(brand_id=None, title="", starts_at=None), actor="clerk"
            )
        assert {"brand_id", "title", "starts_at"} <= set(err.value.errors)
        activity_records.set_archived(s, [aid], archived=True, actor="clerk")
    with office_db.read() as s:
        assert activity_records.activity_ids(s) == [] and activity_records.activity_ids(
            s, activity_records.ActivityFilter(archived=True)
        ) == [aid]


def test_adding_by_filter_and_sign_in_changes_counts(office_db: Database, people: dict[str, int]) -> None:
    aid = new_activity(office_db)
    with office_db.write() as s:
        farm = next(n.id for n in office.unit_tree(s) if n.name == "甘河林场")
        added = activity_participants.add_by_filter(s, aid, WorkerFilter(unit_id=farm, sex="F"), actor="clerk")
        assert added == 3  # 张丽, 李娜 and 赵敏 of its 一班; not 王建国
        assert (
            activity_participants.add_participants(s, aid, [people["张丽"], people["刘艳"]], actor="clerk") == 1
        )  # no duplicate
    with office_db.read() as s:
        row = activity_records.fetch_rows(s, [aid])[0]
        assert (row.registered, row.signed, row.absent) == (4, 0, 0)
        plist = activity_participants.participant_rows(s, aid)
        by_name = {p.name: p.id for p in plist}
    with office_db.write() as s:
        assert activity_participants.set_status(s, [by_name["张丽"], by_name["赵敏"]], "signed", actor="clerk") == 2
        activity_participants.set_status(s, [by_name["李娜"]], "absent", actor="clerk")
        activity_participants.remove_participants(s, [by_name["刘艳"]], actor="clerk")
    with office_db.read() as s:
        row = activity_records.fetch_rows(s, [aid])[0]
        assert (row.registered, row.signed, row.absent, row.women_signed) == (3, 2, 1, 2)
    with office_db.write() as s:  # a removed person comes back with her row, not a second one
        assert activity_participants.add_participants(s, aid, [people["刘艳"]], actor="clerk") == 1
    with office_db.read() as s:
        assert activity_records.fetch_rows(s, [aid])[0].registered == 4


def test_award_needs_sign_in_and_shows_on_the_worker(office_db: Database, people: dict[str, int]) -> None:
    aid = new_activity(office_db, "技能比武决赛", brand="技能比武")
    with office_db.write() as s:
        activity_participants.add_participants(s, aid, [people["张丽"]], actor="clerk")
        pid = activity_participants.participant_rows(s, aid)[0].id
        with pytest.raises(FieldErrors) as err:
            activity_participants.update_participant(
                s, pid, activity_participants.ParticipantDraft(status="registered", award_name="一等奖"), actor="clerk"
            )
        assert "签到" in err.value.errors["award_name"]
        activity_participants.update_participant(
            s,
            pid,
            activity_participants.ParticipantDraft(
                status="signed", hours=Decimal("2.5"), award_name="技能比武", award_rank="一等奖"
            ),
            actor="clerk",
        )
        with pytest.raises(DomainError):
            activity_participants.set_status(s, [pid], "absent", actor="clerk")
        activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(
                title="技术能手",
                year=2026,
                level="company",
                worker_id=people["张丽"],
                activity_id=aid,
                awarded_on=date(2026, 3, 20),
            ),
            actor="clerk",
            today=TODAY,
        )
        activity_honours.add_honour(
            s,
            activity_honours.HonourDraft(
                title="最美家庭", year=2025, level="group", worker_id=people["张丽"], family_name="张丽家庭"
            ),
            actor="clerk",
            today=TODAY,
        )
    with office_db.read() as s:
        assert activity_participants.get_participant_draft(s, pid).hours == Decimal("2.5")
        sections = {sec.title: sec for sec in worker_profile(s, people["张丽"])}
        honours = [(ln.label, ln.value) for ln in sections["荣誉"].lines]
        assert honours == [("2026年", "技术能手（公司级）"), ("2025年", "最美家庭（集团级）")]
        act = sections["品牌活动"].lines[0]
        assert act.value == "技能比武决赛" and "技能比武（一等奖）" in act.reason
        rows = activity_honours.honour_rows(s, year=2026)
        assert rows[0].activity_title == "技能比武决赛" and rows[0].holder == "张丽"


def test_honour_checks(office_db: Database, people: dict[str, int]) -> None:
    with office_db.write() as s, pytest.raises(FieldErrors) as err:
        activity_honours.add_honour(
            s, activity_honours.HonourDraft(title="优秀读者", year=2031, level="company"), actor="c", today=TODAY
        )
    assert {"year", "worker_id"} <= set(err.value.errors)


def test_reach_on_a_fixed_dataset(office_db: Database, people: dict[str, int]) -> None:
    a1 = new_activity(office_db, "读书会", datetime(2026, 4, 1, 9))
    a2 = new_activity(office_db, "心理讲座", datetime(2026, 5, 1, 9), brand="心灵驿站")
    old = new_activity(office_db, "去年的活动", datetime(2025, 5, 1, 9))
    with office_db.write() as s:
        for aid, names in ((a1, ("张丽", "赵敏", "王建国", "刘艳")), (a2, ("张丽", "周红")), (old, ("孙静",))):
            activity_participants.add_participants(s, aid, [people[n] for n in names], actor="c")
            rows = activity_participants.participant_rows(s, aid)
            activity_participants.set_status(
                s, [r.id for r in rows if r.name != "周红"], "signed", actor="c"
            )  # 周红 only registered
    with office_db.read() as s:
        reach = {r.unit: r.reach for r in activity_reach.unit_reach(s, 2026)}
        # 甘河林场 (with 一班): women 张丽 李娜 赵敏 → 2 of 3; people 4 → 3 took part
        assert (reach["甘河林场"].women, reach["甘河林场"].women_took_part) == (3, 2)
        assert reach["甘河林场"].women_rate == Decimal("66.7") and reach["甘河林场"].people_rate == Decimal("75.0")
        assert reach["营林科"].women_rate == Decimal("50.0")  # 刘艳 yes, 孙静 only last year
        assert reach["财务科"].women_rate == Decimal("0.0")  # 周红 registered but never signed in
        assert reach["阿里河森工公司"].women_rate == Decimal("50.0")  # 3 of 6 women, exactly
        assert "贮木场" not in reach  # nobody there
        assert [r.name for r in activity_reach.women_not_reached(s, 2026, on=TODAY)] == ["李娜", "孙静", "周红"]
        brands = {b.brand: b for b in activity_reach.brand_reach(s, 2026)}
        assert (brands["玫瑰书香"].activities, brands["玫瑰书香"].person_times, brands["玫瑰书香"].women) == (1, 4, 3)
        assert (brands["心灵驿站"].person_times, brands["心灵驿站"].people) == (1, 1)
        top = activity_reach.worker_reach(s, 2026)[0]
        assert (top.name, top.activities) == ("张丽", 2)
        assert activity_reach.overall_women_rate(s, 2026) == (3, 6, Decimal("50.0"))


def test_upcoming_activities_join_the_reminders(office_db: Database, people: dict[str, int]) -> None:
    aid = new_activity(office_db, "三八节趣味运动会", datetime(2026, 11, 25, 14), brand="三八系列")
    new_activity(office_db, "太远的活动", datetime(2027, 3, 8, 9))
    with office_db.write() as s:
        activity_participants.add_participants(s, aid, [people["张丽"], people["李娜"]], actor="c")
    with office_db.read() as s:
        mine = activity_reminders(s, TODAY, date(2026, 12, 19))
        assert [(r.day, r.name, r.unit) for r in mine] == [(date(2026, 11, 25), "三八节趣味运动会", "三八系列")]
        assert "已报名2人" in mine[0].detail
        assert any(r.area == "品牌活动" for r in collect_reminders(s, TODAY, 30))


def test_attachments_survive_backup_and_restore(office_db: Database, people: dict[str, int], tmp_path: Path) -> None:
    aid = new_activity(office_db)
    photo = bytes(range(256)) * 400
    with office_db.write() as s:
        activity_attachments.add_attachment(s, aid, file_name="合影.jpg", data=photo, caption="全体合影", actor="c")
        activity_attachments.add_attachment(
            s, aid, file_name="同一张.jpg", data=photo, actor="c"
        )  # same bytes, stored once
        activity_attachments.add_attachment(s, aid, file_name="方案.docx", data=b"plan", actor="c")
        with pytest.raises(DomainError):
            activity_attachments.add_attachment(s, aid, file_name="空.txt", data=b"", actor="c")
    backup = office_db.backup(tmp_path / "bk")
    restored_path = tmp_path / "restored.sqlite"
    shutil.copyfile(backup, restored_path)
    restored = open_signed(restored_path)
    try:
        with restored.read() as s:
            rows = activity_attachments.attachments(s, aid)
            assert [(r.file_name, r.kind) for r in rows] == [
                ("合影.jpg", "photo"),
                ("同一张.jpg", "photo"),
                ("方案.docx", "document"),
            ]
            assert (
                activity_attachments.attachment_bytes(s, rows[0].id) == photo
                and activity_attachments.attachment_bytes(s, rows[2].id) == b"plan"
            )
            target = activity_attachments.save_copy(s, rows[0].id, tmp_path / "out" / "合影.jpg")
            assert target.read_bytes() == photo
            from db.models_activities import AttachmentBlob

            assert len(list(s.scalars(select(AttachmentBlob.sha256)))) == 2
    finally:
        restored.close()
    with office_db.write() as s:
        activity_attachments.remove_attachment(s, rows[2].id, actor="c")
    with office_db.read() as s:
        assert [r.file_name for r in activity_attachments.attachments(s, aid, kind="document")] == []


def test_store_file_checks_the_file_and_keeps_each_content_once(
    office_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one check-and-store used by activity attachments and a contract's signed file."""
    from db.models_activities import AttachmentBlob

    monkeypatch.setattr(activity_attachments, "MAX_BYTES", 2 * 1048576)
    with office_db.write() as s:
        first = activity_attachments.store_file(s, "扫描/合影.jpg", b"photo")
        again = activity_attachments.store_file(s, "另一名.jpg", b"photo")
        assert (first.file_name, first.size) == ("合影.jpg", 5) and again.sha256 == first.sha256
        long_name = activity_attachments.store_file(s, "长" * 300 + ".pdf", b"x")
        assert long_name.file_name == "长" * 200 and long_name.name.endswith(".pdf")
        with pytest.raises(DomainError, match="^附件须有文件名$"):
            activity_attachments.store_file(s, "  ", b"x")
        with pytest.raises(DomainError, match="^合同文件须有文件名$"):
            activity_attachments.store_file(s, "", b"x", unnamed="合同文件须有文件名")
        with pytest.raises(DomainError, match="^“空.txt”是空文件$"):
            activity_attachments.store_file(s, "空.txt", b"")
        with pytest.raises(DomainError, match="^“大.mp4”有3.0 MB，超过2 MB，请压缩后再添加$"):
            activity_attachments.store_file(s, "大.mp4", b"\0" * (3 * 1048576))
        s.flush()
        assert sorted(s.scalars(select(AttachmentBlob.size))) == [1, 5]


def test_a_family_is_recorded_with_its_members(office_db: Database, people: dict[str, int]) -> None:
    aid = new_activity(office_db, "最美家庭评选", brand="最美家庭")
    with office_db.write() as s:
        activity_participants.add_participants(s, aid, [people["张丽"]], actor="clerk")
        pid = activity_participants.participant_rows(s, aid)[0].id
        activity_participants.update_participant(
            s,
            pid,
            activity_participants.ParticipantDraft(
                status="signed", family_name="张丽家庭", family_member_names="李强（丈夫）， 李小明（儿子）"
            ),
            actor="clerk",
        )
    with office_db.read() as s:
        row = activity_participants.participant_rows(s, aid)[0]
        assert (row.family_name, row.family_members, row.family_member_names) == (
            "张丽家庭",
            3,
            "李强（丈夫）、李小明（儿子）",
        )
        assert activity_participants.get_participant_draft(s, pid).family_member_names == "李强（丈夫）、李小明（儿子）"
