"""actions recorded after the meeting, when their due date had already passed

Revision ID: 4b7e2c91d0a5
Revises: 18983ed3ee77
Create Date: 2026-12-01 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7e2c91d0a5'
down_revision = '18983ed3ee77'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_recorded_late', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('recorded_late_reason', sa.Text(), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('recorded_late_reason')
        batch_op.drop_column('is_recorded_late')
