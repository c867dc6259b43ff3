"""forward plan entries (items planned for a future meeting) and their history (moves between meetings)

Revision ID: c3d7510ee54c
Revises: 816c96ffe261
Create Date: 2026-12-01 10:59:52.073798

"""
from alembic import op
import sqlalchemy as sa

import network.db


# revision identifiers, used by Alembic.
revision = 'c3d7510ee54c'
down_revision = '816c96ffe261'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('purpose', sa.Enum('for_decision', 'for_discussion', 'for_information', name='itempurpose', native_enum=False, length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('minutes_planned', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('workstream_id', sa.Integer(), nullable=True),
    sa.Column('lead_office_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'converted', 'dropped', name='planstatus', native_enum=False, length=40), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_plan_entry_created_by_id_person')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_plan_entry_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['lead_office_id'], ['office.id'], name=op.f('fk_plan_entry_lead_office_id_office')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_plan_entry_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstream.id'], name=op.f('fk_plan_entry_workstream_id_workstream')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_entry')),
    sa.UniqueConstraint('item_id', name=op.f('uq_plan_entry_item_id'))
    )
    with op.batch_alter_table('plan_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_entry_lead_office_id'), ['lead_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_entry_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_entry_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_entry_workstream_id'), ['workstream_id'], unique=False)

    op.create_table('plan_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_meeting_id', sa.Integer(), nullable=True),
    sa.Column('to_meeting_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_plan_event_actor_id_person')),
    sa.ForeignKeyConstraint(['entry_id'], ['plan_entry.id'], name=op.f('fk_plan_event_entry_id_plan_entry')),
    sa.ForeignKeyConstraint(['from_meeting_id'], ['meeting.id'], name=op.f('fk_plan_event_from_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['to_meeting_id'], ['meeting.id'], name=op.f('fk_plan_event_to_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_event'))
    )
    with op.batch_alter_table('plan_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_event_entry_id'), ['entry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_event_entry_id'))

    op.drop_table('plan_event')
    with op.batch_alter_table('plan_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_entry_workstream_id'))
        batch_op.drop_index(batch_op.f('ix_plan_entry_status'))
        batch_op.drop_index(batch_op.f('ix_plan_entry_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_plan_entry_lead_office_id'))

    op.drop_table('plan_entry')
