"""papers' text for search: each version keeps the words read from its file at upload, each
paper the text of its latest version; search finds papers by title and text (kind 9: a GIN
index on PostgreSQL, triggers into search_index on SQLite)

The texts searched (and their weights) must stay equal to network/search/queries.py (the
Kind "paper"): PostgreSQL uses an index only when the query's expression is the index's.
Papers uploaded before this migration have no text until a new version is uploaded.

Revision ID: b5e8d2c4f7a1
Revises: a9c4e1f2b7d3
Create Date: 2026-12-01 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b5e8d2c4f7a1'
down_revision = 'a9c4e1f2b7d3'
branch_labels = None
depends_on = None

KIND = 9  # the search index's number for papers (rowid = id * 16 + 9)
VECTOR = ("(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
          "setweight(to_tsvector('english'::regconfig, coalesce(latest_text, '')), 'B'))")


def upgrade():
    with op.batch_alter_table('paper_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest_text', sa.Text(), nullable=False,
                                      server_default=''))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'CREATE INDEX ix_search_paper ON "paper" USING gin ({VECTOR})')
        return
    insert = ("INSERT INTO search_index(rowid, title, body) VALUES "
              f"(NEW.id * 16 + {KIND}, coalesce(NEW.title, ''), coalesce(NEW.latest_text, ''));")
    delete = f"DELETE FROM search_index WHERE rowid = OLD.id * 16 + {KIND};"
    op.execute(f'CREATE TRIGGER search_paper_insert AFTER INSERT ON "paper" BEGIN {insert} END')
    op.execute('CREATE TRIGGER search_paper_update AFTER UPDATE OF latest_text, title '
               f'ON "paper" BEGIN {delete} {insert} END')
    op.execute(f'CREATE TRIGGER search_paper_delete AFTER DELETE ON "paper" BEGIN {delete} END')
    op.execute(f"INSERT INTO search_index(rowid, title, body) SELECT id * 16 + {KIND}, "
               "coalesce(title, ''), coalesce(latest_text, '') FROM \"paper\"")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_search_paper")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_paper_{event}")
        op.execute(f"DELETE FROM search_index WHERE rowid % 16 = {KIND}")
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.drop_column('latest_text')
    with op.batch_alter_table('paper_version', schema=None) as batch_op:
        batch_op.drop_column('text')
