"""records exports: hand-over exports asked for on the records page, built by the scheduler

Revision ID: b7e2c4d9a1f0
Revises: b5e0c7d2a1f4
Create Date: 2026-12-01 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import network.db


# revision identifiers, used by Alembic.
revision = 'b7e2c4d9a1f0'
down_revision = 'b5e0c7d2a1f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'records_export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', network.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('state', sa.Enum('queued', 'building', 'ready', 'failed', 'expired', name='exportstate',
                                   native_enum=False, length=40), nullable=False),
        sa.Column('claimed_at', network.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('finished_at', network.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('problem', sa.Text(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('totals', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'],
                                name=op.f('fk_records_export_requested_by_id_person')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_records_export')),
    )
    with op.batch_alter_table('records_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_export_requested_by_id'),
                              ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_export_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('records_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_export_state'))
        batch_op.drop_index(batch_op.f('ix_records_export_requested_by_id'))
    op.drop_table('records_export')
