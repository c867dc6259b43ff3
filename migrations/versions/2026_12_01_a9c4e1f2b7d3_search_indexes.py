"""Full-text search: a GIN index on each searched table's tsvector on PostgreSQL; on SQLite an
FTS5 table, search_index, kept in step with the searched tables by triggers

The texts searched (and their weights) must stay equal to network/search/backends.py:
PostgreSQL uses an index only when the query's expression is the index's expression.
On SQLite a row of search_index has rowid = id * 16 + kind, so that triggers replace it by
rowid (no scan).

Revision ID: a9c4e1f2b7d3
Revises: ff8bf1801739
Create Date: 2026-12-01 14:00:00.000000

"""
import re

from alembic import op


revision = 'a9c4e1f2b7d3'
down_revision = 'ff8bf1801739'
branch_labels = None
depends_on = None

# kind number, table, title text, body text (SQL over the table's columns; {r} is the row
# prefix: "NEW." in a trigger, "" when copying the rows already there)
SOURCES = [
    (1, "meeting", "{r}title", "{r}venue"),
    (2, "agenda_item", "{r}title", "{r}summary"),
    (3, "decision", "{r}text",
     "'UKMN ' || CAST({r}year AS TEXT) || ' ' || substr('00' || CAST({r}sequence AS TEXT), -3, 3)"),
    (4, "action", "{r}description", "''"),
    (5, "workstream", "{r}name", "{r}objectives"),
    (6, "policy_entry", "{r}title", "{r}summary"),
    (7, "correspondence", "{r}subject", "{r}summary"),
    (8, "contact", "{r}name", "{r}organisation"),
]
PG_DECISION_BODY = "'UKMN ' || year::text || ' ' || lpad(sequence::text, 3, '0')"


def _pg_vector(title: str, body: str) -> str:
    return (f"(setweight(to_tsvector('english'::regconfig, coalesce({title}, '')), 'A') || "
            f"setweight(to_tsvector('english'::regconfig, coalesce({body}, '')), 'B'))")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for kind, table, title, body in SOURCES:
            if table == "decision":
                body = PG_DECISION_BODY
            title, body = title.format(r=""), body.format(r="")
            op.execute(f'CREATE INDEX ix_search_{table} ON "{table}" USING gin '
                       f"({_pg_vector(title, body)})")
        return
    op.execute("CREATE VIRTUAL TABLE search_index USING fts5(title, body, "
               "tokenize='porter unicode61 remove_diacritics 2')")
    for kind, table, title, body in SOURCES:
        values = (f"NEW.id * 16 + {kind}, coalesce({title.format(r='NEW.')}, ''), "
                  f"coalesce({body.format(r='NEW.')}, '')")
        insert = f"INSERT INTO search_index(rowid, title, body) VALUES ({values});"
        op.execute(f'CREATE TRIGGER search_{table}_insert AFTER INSERT ON "{table}" '
                   f"BEGIN {insert} END")
        columns = ", ".join(sorted(set(re.findall(r"\{r\}(\w+)", title + body))))
        op.execute(f'CREATE TRIGGER search_{table}_update AFTER UPDATE OF {columns} '
                   f'ON "{table}" BEGIN '
                   f"DELETE FROM search_index WHERE rowid = OLD.id * 16 + {kind}; {insert} END")
        op.execute(f'CREATE TRIGGER search_{table}_delete AFTER DELETE ON "{table}" BEGIN '
                   f"DELETE FROM search_index WHERE rowid = OLD.id * 16 + {kind}; END")
        op.execute(f"INSERT INTO search_index(rowid, title, body) SELECT id * 16 + {kind}, "
                   f"coalesce({title.format(r='')}, ''), coalesce({body.format(r='')}, '') "
                   f'FROM "{table}"')


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for kind, table, title, body in SOURCES:
            op.execute(f"DROP INDEX ix_search_{table}")
        return
    for kind, table, title, body in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_{table}_{event}")
    op.execute("DROP TABLE search_index")
