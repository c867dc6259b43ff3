"""constitution: versions (parts, clauses, decision rules as JSON), amendments and their clause-level changes

Revision ID: 87e84d02db6c
Revises: b5e8d2c4f7a1
Create Date: 2026-12-01 12:41:24.819679

"""
from alembic import op
import sqlalchemy as sa

import network.db


# revision identifiers, used by Alembic.
revision = '87e84d02db6c'
down_revision = 'b5e8d2c4f7a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('constitution_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'in_force', 'superseded', name='versionstatus', native_enum=False, length=40), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('motion_id', sa.Integer(), nullable=True),
    sa.Column('adopted_at', network.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.Column('superseded_at', network.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['person.id'], name=op.f('fk_constitution_version_adopted_by_id_person')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_constitution_version_decision_id_decision')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['constitution_version.id'], name=op.f('fk_constitution_version_supersedes_id_constitution_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constitution_version')),
    sa.UniqueConstraint('number', name=op.f('uq_constitution_version_number'))
    )
    with op.batch_alter_table('constitution_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_constitution_version_effective_from'), ['effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_constitution_version_status'), ['status'], unique=False)

    op.create_table('constitution_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('base_version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'proposed', 'put', 'adopted', 'rejected', 'withdrawn', name='amendmentstatus', native_enum=False, length=40), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('proposer_office_id', sa.Integer(), nullable=True),
    sa.Column('seconder_office_id', sa.Integer(), nullable=True),
    sa.Column('seconded_at', network.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('seconded_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', network.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('decided_at', network.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('motion_id', sa.Integer(), nullable=True),
    sa.Column('adopted_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', network.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adopted_version_id'], ['constitution_version.id'], name=op.f('fk_constitution_amendment_adopted_version_id_constitution_version')),
    sa.ForeignKeyConstraint(['base_version_id'], ['constitution_version.id'], name=op.f('fk_constitution_amendment_base_version_id_constitution_version')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_constitution_amendment_decision_id_decision')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['person.id'], name=op.f('fk_constitution_amendment_drafted_by_id_person')),
    sa.ForeignKeyConstraint(['proposer_office_id'], ['office.id'], name=op.f('fk_constitution_amendment_proposer_office_id_office')),
    sa.ForeignKeyConstraint(['seconded_by_id'], ['person.id'], name=op.f('fk_constitution_amendment_seconded_by_id_person')),
    sa.ForeignKeyConstraint(['seconder_office_id'], ['office.id'], name=op.f('fk_constitution_amendment_seconder_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constitution_amendment'))
    )
    with op.batch_alter_table('constitution_amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_constitution_amendment_base_version_id'), ['base_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_constitution_amendment_status'), ['status'], unique=False)

    op.create_table('constitution_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['constitution_version.id'], name=op.f('fk_constitution_part_version_id_constitution_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constitution_part')),
    sa.UniqueConstraint('version_id', 'key', name=op.f('uq_constitution_part_version_id'))
    )
    with op.batch_alter_table('constitution_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_constitution_part_version_id'), ['version_id'], unique=False)

    op.create_table('constitution_amendment_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('amend', 'insert', 'delete', 'move', 'renumber', 'rule', name='changekind', native_enum=False, length=40), nullable=False),
    sa.Column('clause_key', sa.String(length=60), nullable=False),
    sa.Column('part_key', sa.String(length=60), nullable=False),
    sa.Column('after_clause_key', sa.String(length=60), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('decision_type', sa.String(length=40), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['amendment_id'], ['constitution_amendment.id'], name=op.f('fk_constitution_amendment_change_amendment_id_constitution_amendment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constitution_amendment_change'))
    )
    with op.batch_alter_table('constitution_amendment_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_constitution_amendment_change_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_constitution_amendment_change_clause_key'), ['clause_key'], unique=False)

    op.create_table('constitution_clause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['constitution_part.id'], name=op.f('fk_constitution_clause_part_id_constitution_part')),
    sa.ForeignKeyConstraint(['version_id'], ['constitution_version.id'], name=op.f('fk_constitution_clause_version_id_constitution_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_constitution_clause')),
    sa.UniqueConstraint('version_id', 'key', name=op.f('uq_constitution_clause_version_id'))
    )
    with op.batch_alter_table('constitution_clause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_constitution_clause_part_id'), ['part_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_constitution_clause_version_id'), ['version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('constitution_clause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_constitution_clause_version_id'))
        batch_op.drop_index(batch_op.f('ix_constitution_clause_part_id'))

    op.drop_table('constitution_clause')
    with op.batch_alter_table('constitution_amendment_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_constitution_amendment_change_clause_key'))
        batch_op.drop_index(batch_op.f('ix_constitution_amendment_change_amendment_id'))

    op.drop_table('constitution_amendment_change')
    with op.batch_alter_table('constitution_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_constitution_part_version_id'))

    op.drop_table('constitution_part')
    with op.batch_alter_table('constitution_amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_constitution_amendment_status'))
        batch_op.drop_index(batch_op.f('ix_constitution_amendment_base_version_id'))

    op.drop_table('constitution_amendment')
    with op.batch_alter_table('constitution_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_constitution_version_status'))
        batch_op.drop_index(batch_op.f('ix_constitution_version_effective_from'))

    op.drop_table('constitution_version')
