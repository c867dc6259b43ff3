"""indexes the query plans ask for at ten years of data (bench/latency.py --explain)

- action (owner_office_id, status, due_on): an office's open actions by due date ("what my
  office owes", the digest, the action log as a member) were read through owner_office_id and
  sorted; now read in order.
- action (status, due_on): everything overdue (the secretariat's home page, matters arising on
  a meeting page) was every open action through ix_action_status, then filtered by date.
- meeting_office (office_id): the meetings an office is invited to, in every member's
  visibility clause, scanned the whole table (its primary key starts with meeting_id).
- decision (supersedes_id): the register's "superseded by" scanned every decision.
- agenda_item (status, created_at): items waiting for triage, oldest first, scanned every
  item and sorted.
- paper_version (uploaded_at): new papers on the member's home page, newest first.

Revision ID: c8a4f2e6b913
Revises: c9a4e1f7b2d3
Create Date: 2026-12-01 16:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8a4f2e6b913'
down_revision = 'c9a4e1f7b2d3'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_action_owner_office_id_status_due_on', 'action', ['owner_office_id', 'status', 'due_on']),
    ('ix_action_status_due_on', 'action', ['status', 'due_on']),
    ('ix_meeting_office_office_id', 'meeting_office', ['office_id']),
    ('ix_decision_supersedes_id', 'decision', ['supersedes_id']),
    ('ix_agenda_item_status_created_at', 'agenda_item', ['status', 'created_at']),
    ('ix_paper_version_uploaded_at', 'paper_version', ['uploaded_at']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
