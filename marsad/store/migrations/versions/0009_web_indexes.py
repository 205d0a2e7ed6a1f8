"""indexes for the dashboard's incident list: each page read in order from an index, ties by id

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incident_admin1_fatalities_id": ["admin1", "fatalities", "id"],
    "ix_incident_date_start_id": ["date_start", "id"],
    "ix_incident_fatalities_id": ["fatalities", "id"],
    "ix_incident_updated_at_id": ["updated_at", "id"],
}


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_admin1_fatalities")  # now the first columns of the id variant
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
        batch_op.create_index("ix_incident_admin1_fatalities", ["admin1", "fatalities"], unique=False)
