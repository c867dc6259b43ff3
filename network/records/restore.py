"""The restore: rebuild the portal from an export into an empty database at the same schema
revision. Everything is checked before anything is written (the manifest, every file's
SHA-256, every value against its column), and the rows go in in one transaction."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import bindparam, func, select, text, update

from network.errors import ValidationFailed
from network.extensions import db
from network.records import serialise
from network.records.export import CHUNK, FORMAT, FORMAT_VERSION, MANIFEST, schema_revision
from network.records.tables import (
    OMITTED_COLUMNS,
    deferred_columns,
    exported_columns,
    exported_tables,
    restored_value,
)
from network.workplan import storage

BATCH = 500


class RestoreRefused(ValidationFailed):
    """The export cannot be restored here; nothing was written."""


def read_manifest(source: Path) -> dict:
    """The export's manifest, checked against this portal's schema."""
    source = Path(source)
    if not source.is_dir():
        raise RestoreRefused(f"{source} is not a directory")
    path = source / MANIFEST
    if not path.is_file():
        raise RestoreRefused(f"{source} has no {MANIFEST}: it is not an export, or an "
                             "incomplete one")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RestoreRefused(f"{MANIFEST} is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused(f"{MANIFEST} is not the manifest of a portal export")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise RestoreRefused(f"The export's layout is version {manifest.get('format_version')!r}"
                             f"; this portal reads version {FORMAT_VERSION}")
    here = schema_revision()
    if manifest.get("schema_revision") != here:
        raise RestoreRefused(
            f"The export was made at schema revision {manifest.get('schema_revision')!r} and "
            f"this database is at {here!r}: restore into a portal at the export's revision "
            "(then migrate), so that every column means what it meant")
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("tables"),
                                                                     dict):
        raise RestoreRefused(f"{MANIFEST} lists no files or no tables")
    expected = {t.name: [c.name for c in exported_columns(t)] for t in exported_tables()}
    listed = {name: info.get("columns") if isinstance(info, dict) else None
              for name, info in manifest["tables"].items()}
    if listed != expected:
        raise RestoreRefused("The export's tables and columns are not this portal's, although "
                             "the schema revision is the same: the manifest was changed")
    return manifest


def _inside(source: Path, relative: str) -> Path:
    path = (source / relative).resolve()
    if not isinstance(relative, str) or source.resolve() not in path.parents:
        raise RestoreRefused(f"{MANIFEST} names a file outside the export: {relative!r}")
    return path


def verify_files(source: Path, manifest: dict) -> None:
    """Check every listed file is there with its size and SHA-256 (a changed file is refused)."""
    source = Path(source)
    for relative, entry in sorted(manifest["files"].items()):
        path = _inside(source, relative)
        if not isinstance(entry, dict) or not path.is_file():
            raise RestoreRefused(f"{relative} is listed in {MANIFEST} but is not in the export")
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry.get("sha256") or entry.get("bytes") != path.stat().st_size:
            raise RestoreRefused(f"{relative} does not match its SHA-256 in {MANIFEST}: the "
                                 "file was changed after the export. Nothing was restored.")
    for table in manifest["tables"]:
        if f"tables/{table}.jsonl" not in manifest["files"]:
            raise RestoreRefused(f"tables/{table}.jsonl is not listed in {MANIFEST}")


def tables_with_rows() -> list[str]:
    """The tables of this database that hold any row (every table, exported or not)."""
    return [t.name for t in db.metadata.sorted_tables
            if db.session.scalar(select(func.count()).select_from(t))]


def _read_rows(source: Path, table) -> list[dict]:
    columns = {c.name: c for c in exported_columns(table)}
    rows = []
    path = source / "tables" / f"{table.name}.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise RestoreRefused(f"tables/{table.name}.jsonl is not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        try:
            plain = json.loads(line)
        except json.JSONDecodeError:
            raise RestoreRefused(f"tables/{table.name}.jsonl line {number} is not JSON") from None
        if not isinstance(plain, dict) or set(plain) != set(columns):
            raise RestoreRefused(f"tables/{table.name}.jsonl line {number} does not have the "
                                 "table's columns")
        try:
            row = {name: serialise.from_plain(columns[name], value)
                   for name, value in plain.items()}
        except serialise.RecordFormatError as exc:
            raise RestoreRefused(f"tables/{table.name}.jsonl line {number}: {exc}") from None
        for column in table.columns:
            if (table.name, column.name) in OMITTED_COLUMNS:
                row[column.name] = restored_value(table, column)
        rows.append(row)
    return rows


def _check_references(parsed) -> None:
    """Every foreign key points at a restored row (SQLite does not check them itself)."""
    rows_of = {table.name: rows for table, rows in parsed}
    known: dict[tuple[str, str], set] = {}
    for table, rows in parsed:
        for fk in table.foreign_keys:
            parent, key = fk.column.table.name, fk.column.name
            if parent not in rows_of:
                continue
            values = known.setdefault((parent, key), {r[key] for r in rows_of[parent]})
            for number, row in enumerate(rows, 1):
                value = row.get(fk.parent.name)
                if value is not None and value not in values:
                    raise RestoreRefused(
                        f"tables/{table.name}.jsonl line {number}: {fk.parent.name} {value!r} "
                        f"is not a row of {parent}")


def restore_export(source: Path) -> dict:
    """Rebuild the record from an export into this (empty) database; returns rows per table."""
    source = Path(source)
    manifest = read_manifest(source)
    verify_files(source, manifest)
    db.session.rollback()
    if filled := tables_with_rows():
        raise RestoreRefused("The database is not empty (" + ", ".join(filled[:5])
                             + (", ..." if len(filled) > 5 else "") + " have rows): restore "
                             "only into a new, migrated database")
    parsed = [(table, _read_rows(source, table)) for table in exported_tables()]
    _check_references(parsed)
    try:
        counts = _write_rows(parsed)
        _restore_files(source, manifest)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return counts


def _write_rows(parsed) -> dict:
    later = []
    counts = {}
    for table, rows in parsed:
        deferred = deferred_columns(table)
        if deferred:
            # the update sets the columns an update would stamp (updated_at) to their own value
            stamped = [c.name for c in table.columns if c.onupdate is not None]
            later.append((table, deferred + stamped, [
                {"_pk": r["id"], **{f"_{c}": r[c] for c in deferred + stamped}}
                for r in rows if any(r[c] is not None for c in deferred)]))
            rows = [{**r, **dict.fromkeys(deferred)} for r in rows]
        for start in range(0, len(rows), BATCH):
            db.session.execute(table.insert(), rows[start:start + BATCH])
        counts[table.name] = len(rows)
    for table, deferred, params in later:
        if params:
            db.session.execute(update(table).where(table.c.id == bindparam("_pk"))
                               .values({c: bindparam(f"_{c}") for c in deferred})
                               .execution_options(synchronize_session=False), params)
    if db.engine.dialect.name == "postgresql":
        _restart_sequences()
    db.session.flush()
    return counts


def _restart_sequences() -> None:
    """Move each id sequence past the restored ids, so the next row gets a fresh one."""
    for table in exported_tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False or not _is_integer(pk[0]):
            continue
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                     {"t": f'"{table.name}"', "c": pk[0].name})
        if sequence:
            highest = func.max(pk[0])
            db.session.execute(select(func.setval(sequence, func.coalesce(highest, 1),
                                                  highest.is_not(None))))


def _is_integer(column) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:
        return False


def _restore_files(source: Path, manifest: dict) -> None:
    """Put every exported paper and pack back into the file store (stored by content, so a
    file already there is kept and a refused restore leaves only unreferenced copies)."""
    for relative, entry in sorted(manifest["files"].items()):
        if entry.get("kind") != "files" or not relative.startswith("files/") or \
                relative.endswith(".csv"):
            continue
        with open(source / relative, "rb") as handle:
            sha, _size, _ = storage.save_stream(handle, max_bytes=entry["bytes"] + 1)
        if sha != entry["sha256"] or relative.rsplit("/", 1)[-1] != sha:
            raise RestoreRefused(f"{relative} is not named by its SHA-256")
