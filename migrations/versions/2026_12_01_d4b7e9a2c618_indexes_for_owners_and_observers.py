"""indexes for an action's owner and a meeting's observers

- action (owner_person_id): the actions a person owns (the digest's "Actions you own", which
  every batch of readers asks for with the office's actions) scanned all 30,000 actions in due
  order at ten years of data (SQLite: `SCAN action USING INDEX ix_action_due_on`, 20 ms); with
  the index, a MULTI-INDEX OR of the owner indexes (0.6 ms).
- meeting_observer (person_id): the meetings an observer is invited to, in every observer's
  visibility clause, scanned the whole table (its primary key starts with meeting_id), as
  meeting_office did before c8a4f2e6b913.

Revision ID: d4b7e9a2c618
Revises: c8a4f2e6b913
Create Date: 2026-12-01 19:55:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4b7e9a2c618'
down_revision = 'c8a4f2e6b913'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_action_owner_person_id', 'action', ['owner_person_id']),
    ('ix_meeting_observer_person_id', 'meeting_observer', ['person_id']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
