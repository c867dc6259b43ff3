"""agenda pack builds in the background; papers and versions removed by the secretariat

Revision ID: 18983ed3ee77
Revises: 1d3719f13f5f
Create Date: 2026-12-01 11:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

import network.db


# revision identifiers, used by Alembic.
revision = '18983ed3ee77'
down_revision = '1d3719f13f5f'
branch_labels = None
depends_on = None

PACK_STATE = sa.Enum('queued', 'building', 'ready', 'failed', name='packstate',
                     native_enum=False, length=40)


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pack_state', PACK_STATE, nullable=True))
        batch_op.add_column(sa.Column('pack_problem', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('pack_generation', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('pack_claimed_at', network.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('pack_built_at', network.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('has_pending_announcement', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_meeting_pack_state'), ['pack_state'], unique=False)
    # packs built inside the publishing request before this change are ready
    op.execute("UPDATE meeting SET pack_state = 'ready', pack_built_at = agenda_published_at "
               "WHERE pack_sha256 IS NOT NULL")
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.alter_column('pack_problem', server_default=None)
        batch_op.alter_column('pack_generation', server_default=None)
        batch_op.alter_column('has_pending_announcement', server_default=None)

    for table in ('paper', 'paper_version'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('removed_at', network.db.UTCDateTime(timezone=True),
                                          nullable=True))
            batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_removed_by_id_person'),
                                        'person', ['removed_by_id'], ['id'])


def downgrade():
    for table in ('paper_version', 'paper'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_removed_by_id_person'),
                                     type_='foreignkey')
            batch_op.drop_column('removed_by_id')
            batch_op.drop_column('removed_at')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_pack_state'))
        batch_op.drop_column('has_pending_announcement')
        batch_op.drop_column('pack_built_at')
        batch_op.drop_column('pack_claimed_at')
        batch_op.drop_column('pack_generation')
        batch_op.drop_column('pack_problem')
        batch_op.drop_column('pack_state')
