"""witnesses of testimonies: sealed identity, keyed-hash index, stable pseudonym; documents link to them

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 07:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "witness",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name_index", sa.String(length=64), nullable=False),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_witness")),
        sa.UniqueConstraint("name_index", name=op.f("uq_witness_name_index")),
        sa.UniqueConstraint("pseudonym", name=op.f("uq_witness_pseudonym")),
    )
    op.create_table(
        "document_witness",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("witness_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_witness_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"], ["witness.id"], name=op.f("fk_document_witness_witness_id_witness")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_witness")),
    )
    with op.batch_alter_table("document_witness", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_witness_witness_id"), ["witness_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_witness", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_witness_witness_id"))
    op.drop_table("document_witness")
    op.drop_table("witness")
