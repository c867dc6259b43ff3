"""stored files in the database: the storage backend every instance shares

Revision ID: c9a4e1f7b2d3
Revises: b7e2c4d9a1f0
Create Date: 2026-12-01 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import network.db


# revision identifiers, used by Alembic.
revision = 'c9a4e1f7b2d3'
down_revision = 'b7e2c4d9a1f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_file',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('chunk_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', network.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_file')),
    )
    op.create_table(
        'stored_file_chunk',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['sha256'], ['stored_file.sha256'],
                                name=op.f('fk_stored_file_chunk_sha256_stored_file'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('sha256', 'seq', name=op.f('pk_stored_file_chunk')),
    )


def downgrade():
    op.drop_table('stored_file_chunk')
    op.drop_table('stored_file')
