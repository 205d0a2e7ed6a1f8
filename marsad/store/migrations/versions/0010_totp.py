"""web hardening: TOTP second factor on users, two-step login challenges, failed logins per address

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "web_login_challenge",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_web_login_challenge_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_login_challenge")),
    )
    with op.batch_alter_table("web_login_challenge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_login_challenge_user_id"), ["user_id"], unique=False)
    op.create_table(
        "web_login_failure",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_failure")),
    )
    with op.batch_alter_table("web_login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_web_login_failure_client_at", ["client", "at"], unique=False)
        batch_op.create_index("ix_web_login_failure_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_web_login_failure_at")
        batch_op.drop_index("ix_web_login_failure_client_at")
    op.drop_table("web_login_failure")
    with op.batch_alter_table("web_login_challenge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_login_challenge_user_id"))
    op.drop_table("web_login_challenge")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
