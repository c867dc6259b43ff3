"""The restore: export, import into an empty database, export again gives the same manifest,
on SQLite and PostgreSQL and from one to the other; refusals write nothing."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db
from network.governance.elections.models import Election
from network.governance.voting.log import verify
from network.governance.voting.models import BallotPaper
from network.members.models import Office, Person
from network.records.export import write_export
from network.records.restore import RestoreRefused, restore_export, tables_with_rows
from tests.factories import OfficeFactory
from tests.records.helpers import (
    DEFAULT_POSTGRES,
    empty_database,
    load_populated_network,
    manifest_of,
    other_portal,
    postgres_available,
)


def _facts() -> dict:
    """What a user depends on: the verified election logs, the vote counts, the audit log."""
    elections = db.session.scalars(select(Election.id).order_by(Election.id)).all()
    return {
        "chains": [verify(e) for e in elections],
        "papers": db.session.scalar(select(func.count()).select_from(BallotPaper)),
        "results": [e.result for e in db.session.scalars(select(Election).order_by(Election.id))],
        "audit": db.session.scalar(select(func.count()).select_from(AuditEntry)),
    }


def _rewrite(export, relative: str, body: bytes, fix_manifest: bool) -> None:
    (export / relative).write_bytes(body)
    if fix_manifest:
        manifest = json.loads((export / "manifest.json").read_text())
        manifest["files"][relative].update(sha256=hashlib.sha256(body).hexdigest(),
                                           bytes=len(body))
        (export / "manifest.json").write_text(json.dumps(manifest))


def test_export_import_export_gives_the_same_manifest(app, db, tmp_path):
    load_populated_network()
    before = _facts()
    assert all(ok for ok, _ in before["chains"]) and before["papers"]
    first = tmp_path / "first"
    write_export(first)
    empty_database(app)
    counts = restore_export(first)
    assert counts["person"] and counts["audit_entry"] == before["audit"]
    assert _facts() == before
    second = tmp_path / "second"
    write_export(second)
    assert manifest_of(second) == manifest_of(first)
    for relative in manifest_of(first)["files"]:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
    # the restored portal carries on: new rows get fresh ids (sequences moved on)
    office = OfficeFactory()
    db.session.commit()
    assert office.id > max(row["id"] for row in map(
        json.loads, (first / "tables/office.jsonl").read_text().splitlines()))


def _other_kind() -> tuple[str, str] | None:
    here = "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"
    if here == "postgresql":
        return here, "sqlite"
    if postgres_available(DEFAULT_POSTGRES):
        return here, "postgresql"
    return None


def test_the_record_moves_between_sqlite_and_postgresql_both_ways(app, db, tmp_path):
    kinds = _other_kind()
    if kinds is None:
        pytest.skip("no PostgreSQL server at 127.0.0.1 to move the record to")
    here, there = kinds
    load_populated_network()
    before = _facts()
    first = tmp_path / "from-here"
    write_export(first)
    with other_portal(there, tmp_path) as other, other.app_context():
        assert db.engine.dialect.name == there
        restore_export(first)
        assert _facts() == before
        second = tmp_path / "from-there"
        write_export(second)
        db.session.remove()
    assert manifest_of(second) == manifest_of(first)
    # and back: the export made on the other database restores here
    empty_database(app)
    assert db.engine.dialect.name == here
    restore_export(second)
    assert _facts() == before
    third = tmp_path / "back-here"
    write_export(third)
    assert manifest_of(third) == manifest_of(first)


@pytest.fixture
def small_export(app, db, cast, tmp_path):
    """An export of the test cast, and the database emptied for a restore."""
    target = tmp_path / "export"
    write_export(target)
    empty_database(app)
    return target


def test_a_non_empty_database_is_refused(db, cast, tmp_path):
    target = tmp_path / "export"
    write_export(target)
    with pytest.raises(RestoreRefused, match="not empty"):
        restore_export(target)


def test_a_tampered_file_is_refused_and_nothing_is_written(small_export):
    people = (small_export / "tables/person.jsonl").read_bytes()
    tampered = people.replace(b'"name":"', b'"name":"X', 1)
    assert tampered != people
    _rewrite(small_export, "tables/person.jsonl", tampered, fix_manifest=False)
    with pytest.raises(RestoreRefused, match="person.jsonl does not match its SHA-256"):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_missing_manifest_is_refused(small_export):
    (small_export / "manifest.json").unlink()
    with pytest.raises(RestoreRefused, match="has no manifest.json"):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_manifest_of_another_schema_revision_is_refused(small_export):
    manifest = json.loads((small_export / "manifest.json").read_text())
    manifest["schema_revision"] = "0123456789ab"
    (small_export / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreRefused, match="schema revision '0123456789ab'"):
        restore_export(small_export)
    assert tables_with_rows() == []


@pytest.mark.parametrize("bad, message", [
    (b'{"id": "x"}\n', "does not have the table's columns"),
    (b"not json\n", "is not JSON"),
])
def test_a_file_that_matches_a_changed_manifest_but_not_its_table_is_refused(
        small_export, bad, message):
    _rewrite(small_export, "tables/office.jsonl", bad, fix_manifest=True)
    with pytest.raises(RestoreRefused, match=message):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_value_of_the_wrong_type_is_refused(small_export):
    path = small_export / "tables/person.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[0]["is_active"] = "yes"
    body = "".join(json.dumps(r) + "\n" for r in rows).encode()
    _rewrite(small_export, "tables/person.jsonl", body, fix_manifest=True)
    with pytest.raises(RestoreRefused, match="person.is_active must be true or false"):
        restore_export(small_export)
    assert tables_with_rows() == []


def _rewrite_rows(export, table: str, change) -> None:
    path = export / "tables" / f"{table}.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    change(rows)
    body = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows).encode()
    _rewrite(export, f"tables/{table}.jsonl", body, fix_manifest=True)


def test_a_reference_to_a_row_that_is_not_there_is_refused(small_export):
    _rewrite_rows(small_export, "person", lambda rows: rows[-1].update(office_id=999_999))
    with pytest.raises(RestoreRefused, match="office_id 999999 is not a row of office"):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_failure_while_writing_rolls_every_row_back(small_export):
    """Rows that pass every check but break a unique key (two people, one email): the
    database refuses, and the one transaction takes every row of every table back."""
    def clash(rows):
        rows[-1]["email"] = rows[0]["email"]
    _rewrite_rows(small_export, "person", clash)
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        restore_export(small_export)
    db.session.rollback()
    assert tables_with_rows() == []


@pytest.mark.parametrize("manifest, message", [
    ("not json", "is not valid JSON"),
    ('{"format": "something else"}', "is not the manifest of a portal export"),
    ("[1, 2]", "is not the manifest of a portal export"),
])
def test_a_manifest_that_is_not_one_is_refused(small_export, manifest, message):
    (small_export / "manifest.json").write_text(manifest)
    with pytest.raises(RestoreRefused, match=message):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_manifest_whose_tables_were_changed_is_refused(small_export):
    manifest = json.loads((small_export / "manifest.json").read_text())
    manifest["tables"]["person"] = ["id"]
    (small_export / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreRefused, match="tables and columns are not this portal's"):
        restore_export(small_export)


def test_a_table_file_that_is_not_utf8_is_refused(small_export):
    _rewrite(small_export, "tables/office.jsonl", b"\xff\xfe\n", fix_manifest=True)
    with pytest.raises(RestoreRefused, match="is not UTF-8"):
        restore_export(small_export)
    assert tables_with_rows() == []


def test_a_manifest_naming_a_file_outside_the_export_is_refused(small_export):
    manifest = json.loads((small_export / "manifest.json").read_text())
    manifest["files"]["../../etc/passwd"] = {"kind": "files", "bytes": 1, "sha256": "0" * 64}
    (small_export / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreRefused, match="outside the export"):
        restore_export(small_export)


def test_the_command_line_restore_says_what_it_did_and_why_it_refuses(app, small_export):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["records", "import", str(small_export)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert db.session.scalar(select(func.count()).select_from(Office))
    again = runner.invoke(args=["records", "import", str(small_export)])
    assert again.exit_code == 1 and "not empty" in again.output


def test_restored_people_set_a_new_password_and_old_tokens_do_not_work(app, db, cast, tmp_path):
    from network.members.services.tokens import authenticate_api_token, create_api_token

    lead = cast["lead_a"]
    _token, raw = create_api_token(lead, db.session.get(Office, lead.office_id), "Office system")
    db.session.commit()
    assert authenticate_api_token(raw) is not None
    lead_id, email = lead.id, lead.email
    target = tmp_path / "export"
    write_export(target)
    empty_database(app)
    restore_export(target)
    restored = db.session.get(Person, lead_id)
    assert restored.email == email and restored.password_hash is None
    assert restored.totp_secret is None
    assert authenticate_api_token(raw) is None
