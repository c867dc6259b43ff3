"""The hand-over export: every table, every stored file, the BLTs and logs, a manifest of
hashes and a README; refused where it would overwrite; no credential in it."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from network.extensions import db
from network.members.models import Person
from network.records import writers
from network.records.export import ExportRefused, write_export
from network.records.tables import OMITTED_TABLES, exported_tables
from tests.records.helpers import load_populated_network


@pytest.fixture(scope="module")
def exported(app, tmp_path_factory):
    """One export of the populated network, shared by the tests that only read it (the demo
    takes a while to load); the database is emptied after them."""
    from tests.conftest import _clean

    with app.app_context():
        load_populated_network()
        target = tmp_path_factory.mktemp("records") / "export"
        manifest = write_export(target)
        facts = {
            "people": db.session.query(Person).count(),
            "secrets": [value for person in db.session.query(Person)
                        for value in (person.password_hash, person.totp_secret) if value],
            "tables": {t.name for t in db.metadata.sorted_tables},
                }
        db.session.remove()
    try:
        yield target, manifest, facts
    finally:
        _clean(app)


def test_every_table_of_the_metadata_is_exported_as_jsonl_and_csv(exported):
    target, manifest, facts = exported
    expected = facts["tables"] - OMITTED_TABLES.keys()
    assert set(manifest["tables"]) == expected
    for name, info in manifest["tables"].items():
        lines = (target / "tables" / f"{name}.jsonl").read_text().splitlines()
        rows = list(csv.DictReader(io.StringIO((target / "tables" / f"{name}.csv").read_text())))
        assert len(lines) == len(rows) == info["rows"], name
    people = [json.loads(line) for line in (target / "tables/person.jsonl").read_text()
              .splitlines()]
    assert len(people) == facts["people"]
    assert [p["id"] for p in people] == sorted(p["id"] for p in people)


def test_the_manifest_lists_every_file_with_its_hash_and_totals_per_kind(exported):
    target, manifest, _facts = exported
    on_disk = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert on_disk - {"manifest.json"} == set(manifest["files"])
    for relative, entry in manifest["files"].items():
        data = (target / relative).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    for kind, total in manifest["totals"].items():
        of_kind = [e for e in manifest["files"].values() if e["kind"] == kind]
        assert total == {"files": len(of_kind), "bytes": sum(e["bytes"] for e in of_kind)}
    assert {"tables", "files", "ballots", "logs", "readme"} <= set(manifest["totals"])


def test_papers_packs_ballots_and_logs_are_in_the_export(exported):
    target, manifest, _facts = exported
    index = list(csv.DictReader(io.StringIO((target / "files/index.csv").read_text())))
    assert {r["table"] for r in index} == {"paper_version", "meeting"}
    for row in index:
        sha = row["sha256"]
        assert hashlib.sha256((target / "files" / sha[:2] / sha).read_bytes()).hexdigest() == sha
    blts = sorted(target.glob("elections/*.blt"))
    assert blts, "the demo's counted election has its ballots"
    lines = blts[0].read_text().splitlines()
    assert lines[0].split()[1] == "1"  # candidates, then seats
    election_logs = list(csv.DictReader(io.StringIO((target / "logs/election-logs.csv")
                                                    .read_text())))
    assert election_logs and all(r["chain_intact"] == "true" for r in election_logs)
    assert all(r["verification"].endswith("chain intact") for r in election_logs)
    audit = list(csv.DictReader(io.StringIO((target / "logs/audit-log.csv").read_text())))
    assert len(audit) == manifest["tables"]["audit_entry"]["rows"]
    assert all(r["what_happened"] for r in audit)


def test_each_version_of_the_constitution_is_a_readable_file(exported):
    target, manifest, _facts = exported
    [version] = sorted(target.glob("constitution/version-*.md"))
    text = version.read_text()
    clauses = [json.loads(line) for line in (target / "tables/constitution_clause.jsonl")
               .read_text().splitlines()]
    assert clauses and all(c["text"].strip() in text for c in clauses), "every clause's text"
    assert "- In force from: " in text and "## Decision rules" in text
    assert "Constitutional amendment" in text and "Two-thirds" in text.replace("two-thirds",
                                                                              "Two-thirds")
    assert manifest["totals"]["constitution"]["files"] == 1


def test_no_credential_is_in_the_export(exported):
    target, _manifest, facts = exported
    secrets = facts["secrets"]
    assert secrets
    for path in target.rglob("*"):
        if path.is_file() and path.suffix in (".jsonl", ".csv", ".md", ".json"):
            body = path.read_text()
            assert not any(secret in body for secret in secrets), path
            assert "/accept-invitation/" not in body and "/reset-password/" not in body, path
    assert not (target / "tables/user_session.jsonl").exists()
    assert not (target / "tables/sealed_ballot.jsonl").exists()
    person_columns = json.loads((target / "tables/person.jsonl").read_text().splitlines()[0])
    assert "password_hash" not in person_columns and "totp_secret" not in person_columns


def test_the_readme_says_what_each_file_holds_and_what_is_left_out(exported):
    target, manifest, _facts = exported
    readme = (target / "README.md").read_text()
    for name in manifest["tables"]:
        assert f"| {name} |" in readme
    for kind in ("files", "ballots", "logs"):
        assert f"**{kind}**" in readme
    assert "`person.password_hash` is not exported" in readme
    assert "The table `sealed_ballot` is not exported" in readme
    assert manifest["exported_at"] not in readme


def test_an_existing_directory_is_refused_and_nothing_is_left_behind(db, tmp_path):
    target = tmp_path / "export"
    target.mkdir()
    (target / "keep.txt").write_text("earlier")
    with pytest.raises(ExportRefused, match="already exists"):
        write_export(target)
    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    assert (target / "keep.txt").read_text() == "earlier"
    with pytest.raises(ExportRefused, match="does not exist"):
        write_export(tmp_path / "missing" / "export")


def test_a_failed_export_leaves_no_half_written_directory(db, tmp_path, monkeypatch):

    def broken(export):
        raise OSError("disk full")

    monkeypatch.setattr(writers, "WRITERS", [*writers.WRITERS,
                                             writers.Writer("broken", "Breaks", broken)])
    monkeypatch.setattr("network.records.export.WRITERS", writers.WRITERS)
    with pytest.raises(OSError, match="disk full"):
        write_export(tmp_path / "export")
    assert list(tmp_path.iterdir()) == []


def test_a_registered_writer_joins_the_export_with_one_function(db, tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "WRITERS", list(writers.WRITERS))
    monkeypatch.setattr("network.records.export.WRITERS", writers.WRITERS)
    monkeypatch.setattr("network.records.readme.WRITERS", writers.WRITERS)

    @writers.writer("standing-orders", "standing-orders/order-<n>.md: each standing order.")
    def orders(export):
        export.add_bytes("standing-orders/order-1.md", b"# Standing orders\n",
                         "standing-orders")

    manifest = write_export(tmp_path / "export")
    assert manifest["totals"]["standing-orders"] == {"files": 1, "bytes": 18}
    assert "**standing-orders**: standing-orders/order-<n>.md" in (
        tmp_path / "export/README.md").read_text()
    with pytest.raises(ValueError, match="registered twice"):
        writers.writer("standing-orders", "again")(orders)


def test_the_command_line_export_prints_totals_and_refuses_an_existing_directory(app, db,
                                                                                  tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["records", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Exported" in result.output and "tables:" in result.output
    again = runner.invoke(args=["records", "export", str(tmp_path / "out")])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert {t.name for t in exported_tables()} == set(
        json.loads((tmp_path / "out/manifest.json").read_text())["tables"])
