"""victims and record linkage (issue 7)

Revision ID: 0006
Revises: 0005
Hand-written: only the tables of marsad/link/ (other branches add their own).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "victim_file",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_victim_file")),
        sa.UniqueConstraint("sha256", "source", name="uq_victim_file_sha256_source"),
    )
    op.create_table(
        "victim",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("record_id", sa.Text(), nullable=True),
        sa.Column("record_key", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=36), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.Text(), nullable=True),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("father_name", sa.Text(), nullable=True),
        sa.Column("grandfather_name", sa.Text(), nullable=True),
        sa.Column("family_name", sa.Text(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("date_of_death", sa.String(length=10), nullable=True),
        sa.Column("place_of_death", sa.Text(), nullable=True),
        sa.Column("place_id", sa.String(length=36), nullable=True),
        sa.Column("admin1", sa.String(length=40), nullable=True),
        sa.Column("admin2", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("incident_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["victim_file.id"], name=op.f("fk_victim_file_id_victim_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_victim")),
        sa.UniqueConstraint("source", "record_key", name="uq_victim_source_record_key"),
    )
    with op.batch_alter_table("victim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_victim_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_victim_file_id"), ["file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_victim_date_of_death"), ["date_of_death"], unique=False)

    op.create_table(
        "link_run",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_run")),
    )
    op.create_table(
        "link_member",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("victim_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_run.id"], name=op.f("fk_link_member_run_id_link_run"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["victim_id"], ["victim.id"], name=op.f("fk_link_member_victim_id_victim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "victim_id", name=op.f("pk_link_member")),
    )
    with op.batch_alter_table("link_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_member_person_id"), ["person_id"], unique=False)

    op.create_table(
        "link_pair",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("victim_a", sa.String(length=36), nullable=False),
        sa.Column("victim_b", sa.String(length=36), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_run.id"], name=op.f("fk_link_pair_run_id_link_run"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["victim_a"], ["victim.id"], name=op.f("fk_link_pair_victim_a_victim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["victim_b"], ["victim.id"], name=op.f("fk_link_pair_victim_b_victim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "victim_a", "victim_b", name=op.f("pk_link_pair")),
    )
    op.create_table(
        "link_decision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("victim_a", sa.String(length=36), nullable=False),
        sa.Column("victim_b", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["victim_a"], ["victim.id"], name=op.f("fk_link_decision_victim_a_victim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["victim_b"], ["victim.id"], name=op.f("fk_link_decision_victim_b_victim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decision")),
    )
    with op.batch_alter_table("link_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_decision_victim_a"), ["victim_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_link_decision_victim_b"), ["victim_b"], unique=False)


def downgrade() -> None:
    op.drop_table("link_decision")
    op.drop_table("link_pair")
    op.drop_table("link_member")
    op.drop_table("link_run")
    with op.batch_alter_table("victim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victim_date_of_death"))
        batch_op.drop_index(batch_op.f("ix_victim_file_id"))
        batch_op.drop_index(batch_op.f("ix_victim_source"))
    op.drop_table("victim")
    op.drop_table("victim_file")
