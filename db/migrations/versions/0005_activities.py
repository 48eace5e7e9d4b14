"""branded activities and honours (#6)

Revision ID: 0005
Revises: 0004

New tables only. The brands the articles name are seeded, so a new or upgraded data file offers them at
once; the office adds its own beside them. Attachment bytes live in their own table (attachment_blob) so
that the backup through SQLite's backup API carries them, while lists never read their pages.
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BRANDS = (
    ("玫瑰书香", "女职工阅读品牌：读书会、好书分享、征文"),
    ("巾帼建功", "岗位建功、技能提升、选树先进典型"),
    ("最美家庭", "家风建设，评选表彰最美家庭"),
    ("心灵驿站", "心理健康讲座与一对一疏导"),
    ("三八系列", "三八妇女节主题活动"),
    ("联谊交友", "青年职工交友联谊"),
    ("技能比武", "岗位练兵、技能比拼"),
)


def _updated() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
    ]


def upgrade() -> None:
    brand = op.create_table(
        "activity_brand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_brand")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_brand_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("organiser", sa.String(length=100), nullable=False),
        sa.Column("target_group", sa.String(length=100), nullable=False),
        sa.Column("budget_fen", sa.Integer(), nullable=False),
        sa.Column("actual_fen", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        *_updated(),
        sa.ForeignKeyConstraint(["brand_id"], ["activity_brand.id"], name=op.f("fk_activity_brand_id_activity_brand")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("uid", name=op.f("uq_activity_uid")),
    )
    op.create_index("ix_activity_starts_at", "activity", ["starts_at"])
    op.create_index("ix_activity_brand_id", "activity", ["brand_id"])
    op.create_table(
        "activity_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("hours_tenths", sa.Integer(), nullable=True),
        sa.Column("award_name", sa.String(length=100), nullable=False),
        sa.Column("award_rank", sa.String(length=50), nullable=False),
        sa.Column("family_name", sa.String(length=50), nullable=False),
        sa.Column("family_members", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        *_updated(),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"],
                                name=op.f("fk_activity_participant_activity_id_activity")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_activity_participant_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participant")),
        sa.UniqueConstraint("uid", name=op.f("uq_activity_participant_uid")),
        sa.UniqueConstraint("activity_id", "worker_id", name="uq_activity_participant_activity_id_worker_id"),
    )
    op.create_index("ix_activity_participant_worker_id", "activity_participant", ["worker_id"])
    op.create_table(
        "honour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("family_name", sa.String(length=50), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("awarded_by", sa.String(length=100), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        *_updated(),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], name=op.f("fk_honour_activity_id_activity")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], name=op.f("fk_honour_worker_id_worker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour")),
        sa.UniqueConstraint("uid", name=op.f("uq_honour_uid")),
    )
    op.create_index("ix_honour_worker_id", "honour", ["worker_id"])
    op.create_index("ix_honour_year", "honour", ["year"])
    op.create_table(
        "attachment_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blob")),
    )
    op.create_table(
        "activity_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"],
                                name=op.f("fk_activity_attachment_activity_id_activity")),
        sa.ForeignKeyConstraint(["sha256"], ["attachment_blob.sha256"],
                                name=op.f("fk_activity_attachment_sha256_attachment_blob")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_attachment")),
        sa.UniqueConstraint("uid", name=op.f("uq_activity_attachment_uid")),
    )
    op.create_index("ix_activity_attachment_activity_id", "activity_attachment", ["activity_id"])
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(brand, [
        {"name": name, "description": text, "active": True, "sort_order": i, "created_at": now,
         "created_by": "system"}
        for i, (name, text) in enumerate(_BRANDS, start=1)
    ])


def downgrade() -> None:
    op.drop_index("ix_activity_attachment_activity_id", table_name="activity_attachment")
    op.drop_table("activity_attachment")
    op.drop_table("attachment_blob")
    op.drop_index("ix_honour_year", table_name="honour")
    op.drop_index("ix_honour_worker_id", table_name="honour")
    op.drop_table("honour")
    op.drop_index("ix_activity_participant_worker_id", table_name="activity_participant")
    op.drop_table("activity_participant")
    op.drop_index("ix_activity_brand_id", table_name="activity")
    op.drop_index("ix_activity_starts_at", table_name="activity")
    op.drop_table("activity")
    op.drop_table("activity_brand")
