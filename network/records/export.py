"""The hand-over export: the whole record written to a new directory that is readable without
the portal. Everything is written to a temporary sibling that is renamed into place at the
end, so the directory either holds a complete export or does not exist."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import inspect, select, text

from network.db import utcnow
from network.errors import ValidationFailed
from network.extensions import db
from network.records import serialise
from network.records.readme import readme
from network.records.tables import exported_columns, exported_tables
from network.records.writers import WRITERS

FORMAT = "uk-mayors-network-records"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# The one value of manifest.json not derived from the record (and no hashed file holds it):
# comparisons of two exports leave it out.
UNHASHED_KEYS = ("exported_at",)
CHUNK = 1024 * 1024


class ExportRefused(ValidationFailed):
    """The export cannot be written where it was asked for."""


def schema_revision() -> str:
    """The database's migration revision (the migrations' head where no version is stamped)."""
    if inspect(db.session.connection()).has_table("alembic_version"):
        revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        if revision:
            return revision
    from alembic.script import ScriptDirectory
    from flask import current_app

    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config()).get_current_head()


@dataclass
class Export:
    """An export under way: its folder and what the manifest will list."""

    root: Path
    files: dict[str, dict] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)

    def _target(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add_bytes(self, relative: str, data: bytes, kind: str) -> None:
        """Write one file of the export and list it."""
        self._target(relative).write_bytes(data)
        self.files[relative] = {"kind": kind, "bytes": len(data),
                                "sha256": hashlib.sha256(data).hexdigest()}

    def add_file(self, relative: str, source: BinaryIO, kind: str) -> None:
        """Copy an open stored file into the export (streamed) and list it."""
        digest, size = hashlib.sha256(), 0
        with open(self._target(relative), "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        self.files[relative] = {"kind": kind, "bytes": size, "sha256": digest.hexdigest()}


def table_rows(table) -> tuple[list[str], list[dict]]:
    """A table's exported columns and its rows as plain data, in primary-key order."""
    columns = exported_columns(table)
    names = [c.name for c in columns]
    rows = [{c.name: serialise.to_plain(c, value) for c, value in zip(columns, row, strict=True)}
            for row in db.session.execute(select(*columns))]
    key = [c.name for c in table.primary_key.columns]
    rows.sort(key=lambda row: serialise.sort_key(row, key))
    return names, rows


def _consistent_snapshot() -> None:
    """Read every table from one snapshot, so a change made during the export is either in
    all of it or in none (SQLite's read transaction already is one)."""
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def check_target(target: Path) -> None:
    """Refuse a directory that exists or a parent that does not."""
    if target.exists():
        raise ExportRefused(f"{target} already exists: give the name of a new directory, so "
                            "that no earlier export is overwritten", "directory")
    if not target.parent.is_dir():
        raise ExportRefused(f"{target.parent} does not exist: create it first", "directory")


def write_export(target: Path) -> dict:
    """Write the whole record to the new directory `target`; returns the manifest."""
    target = Path(target).absolute()
    check_target(target)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.partial-"))
    try:
        _consistent_snapshot()
        manifest = _write_into(Export(work))
        if target.exists():
            raise ExportRefused(f"{target} was created while the export was written", "directory")
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        db.session.rollback()
    return manifest


def _write_into(export: Export) -> dict:
    tables = {}
    for table in exported_tables():
        names, rows = table_rows(table)
        export.add_bytes(f"tables/{table.name}.jsonl", serialise.jsonl(rows), "tables")
        export.add_bytes(f"tables/{table.name}.csv", serialise.csv_bytes(names, rows), "tables")
        tables[table.name] = {"rows": len(rows), "columns": names}
    for each in WRITERS:
        each.write(export)
    revision = schema_revision()
    export.add_bytes("README.md", readme(tables, export.missing_files, revision).encode("utf-8"),
                     "readme")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "exported_at": serialise.to_plain(None, utcnow()),
        "tables": tables,
        "files": dict(sorted(export.files.items())),
        "totals": totals(export.files),
        "missing_files": sorted(export.missing_files),
    }
    (export.root / MANIFEST).write_text(serialise.dumps(manifest) + "\n", encoding="utf-8")
    return manifest


def totals(files: dict[str, dict]) -> dict:
    """Files and bytes per kind."""
    out: dict[str, dict] = {}
    for entry in files.values():
        kind = out.setdefault(entry["kind"], {"files": 0, "bytes": 0})
        kind["files"] += 1
        kind["bytes"] += entry["bytes"]
    return dict(sorted(out.items()))


def comparable(manifest: dict) -> dict:
    """A manifest without the values that differ between two exports of the same record."""
    return {k: v for k, v in manifest.items() if k not in UNHASHED_KEYS}
