"""The README.md of an export: what each file holds, readable without the portal. It is made
from the record alone (no date), so two exports of the same record write the same README."""

from __future__ import annotations

from network.extensions import db
from network.records.tables import OMITTED_COLUMNS, OMITTED_TABLES
from network.records.writers import WRITERS

INTRO = """# The record of the UK Mayors Network portal

This directory is a complete hand-over export of the portal: every table of its database, every
paper and agenda pack, each counted election's anonymised ballots, and the audit and election
logs. Nothing here needs the portal to be read: the tables are CSV (for spreadsheets) and JSON
Lines (one JSON object per line, for programs), the papers are the files as uploaded.

`network records import DIR` rebuilds a portal from this directory into an empty database at
the same schema revision; it first checks every file against `manifest.json`.

## manifest.json

- `format`, `format_version`: what this directory is, and the version of its layout.
- `schema_revision`: the database migration the tables match (`{revision}`).
- `exported_at`: when the export was written. It is the only value that is not part of the
  record: two exports of the same record differ only there.
- `files`: every file below, with its SHA-256, its size in bytes and its kind.
- `totals`: files and bytes per kind; `tables`: the rows and columns of each table.
- `missing_files`: stored files a record points at that were not found on the host{missing}.

Check a file with `sha256sum tables/person.csv` and compare it with `files` in the manifest.

## tables/

One pair of files per table, `tables/<table>.jsonl` and `tables/<table>.csv`, rows in order of
their id. Timestamps are in UTC (ISO 8601 to the microsecond, `+00:00`), dates are
`YYYY-MM-DD`. In the JSON Lines an empty value is `null`; in the CSV it is an empty cell, true
and false are `true` and `false`, and structured values are JSON text. The JSON Lines files are
the ones a restore reads.

| table | what a row is | rows | columns |
|---|---|---|---|
{tables}

## Other files

{writers}

## What is left out, and why

Credentials and secrets bound to this host are left out on purpose: whoever holds this export
could otherwise sign in as someone, or attack their password offline.

{omitted}
"""


def table_meanings() -> dict[str, str]:
    """What a row of each table is: its model's docstring, or for a table that only links two
    others, which ones."""
    meanings = {}
    for mapper in db.Model.registry.mappers:
        doc = " ".join((mapper.class_.__doc__ or "").split())
        for table in mapper.tables:
            meanings.setdefault(table.name, doc.replace("|", "/"))
    for table in db.metadata.sorted_tables:
        if not meanings.get(table.name):
            linked = sorted({fk.column.table.name for fk in table.foreign_keys})
            meanings[table.name] = (f"Links rows of {' and '.join(linked)}." if linked
                                    else "")
    return meanings


def readme(tables: dict[str, dict], missing: list[str], revision: str) -> str:
    """The README text for an export of these tables."""
    meanings = table_meanings()
    table_rows = "\n".join(
        f"| {name} | {meanings.get(name, '')} | {info['rows']} | {', '.join(info['columns'])} |"
        for name, info in tables.items())
    writers = "\n".join(f"- **{w.kind}**: {w.description}" for w in WRITERS)
    omitted = [f"- The table `{name}` is not exported. {o.reason}"
               for name, o in sorted(OMITTED_TABLES.items())]
    omitted += [f"- `{table}.{column}` is not exported. {o.reason} A restore writes "
                f"{o.restored_note}." for (table, column), o in sorted(OMITTED_COLUMNS.items())]
    note = f" ({len(missing)} in this export)" if missing else " (none in this export)"
    return INTRO.format(revision=revision, missing=note, tables=table_rows, writers=writers,
                        omitted="\n".join(omitted))
