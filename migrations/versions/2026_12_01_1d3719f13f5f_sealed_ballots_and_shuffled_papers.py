"""sealed ballots until the close; ballot papers re-drawn in random order

Revision ID: 1d3719f13f5f
Revises: de2d4a7172a1
Create Date: 2026-12-01 12:00:00

A ballot is now sealed in `sealed_ballot` beside its roll entry and becomes a `ballot_paper`
only at the close, when the box is opened and shuffled. Papers written before this revision
were written in the transaction of their roll entry (same PostgreSQL xmin, same insertion
order), so they are written anew here, in random order with fresh ids.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1d3719f13f5f'
down_revision = 'de2d4a7172a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sealed_ballot',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_sealed_ballot_election_id_election')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sealed_ballot'))
    )
    with op.batch_alter_table('sealed_ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sealed_ballot_election_id'), ['election_id'], unique=False)

    papers = sa.table('ballot_paper', sa.column('id', sa.String), sa.column('election_id', sa.Integer),
                      sa.column('preferences', sa.JSON))
    bind = op.get_bind()
    rows = [dict(election_id=r.election_id, preferences=r.preferences)
            for r in bind.execute(sa.select(papers.c.election_id, papers.c.preferences))]
    if rows:
        secrets.SystemRandom().shuffle(rows)
        bind.execute(papers.delete())
        bind.execute(papers.insert(), [dict(r, id=secrets.token_hex(16)) for r in rows])


def downgrade():
    if op.get_bind().execute(sa.text('SELECT count(*) FROM sealed_ballot')).scalar():
        raise RuntimeError('Ballots are still sealed: close those ballots before downgrading')
    with op.batch_alter_table('sealed_ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sealed_ballot_election_id'))

    op.drop_table('sealed_ballot')
