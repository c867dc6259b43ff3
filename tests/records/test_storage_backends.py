"""The hand-over export and restore carry the stored files with either storage backend: from
a portal keeping them in a folder to one keeping them in its database and back, the same
manifest each time; and a restore refused while storing files keeps none in the database."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from network.records.export import write_export
from network.records.restore import RestoreRefused, restore_export, tables_with_rows
from network.workplan import storage
from network.workplan.items import services as item_service
from network.workplan.items.models import Paper, PaperVersion
from network.workplan.storage.models import StoredFile
from tests.records.helpers import empty_database, load_populated_network, manifest_of, other_portal

ITEM = {"title": "Skills devolution", "purpose": "for_decision", "summary": "S",
        "minutes_requested": 20, "presenter": "Mayor A", "workstream_id": None,
        "is_confidential": False}


def _here() -> str:
    return "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"


def _stored(manifest: dict) -> dict[str, str]:
    """The export's stored files: relative name -> SHA-256."""
    return {relative: entry["sha256"] for relative, entry in manifest["files"].items()
            if entry["kind"] == "files" and not relative.endswith(".csv")}


def _hashed_names(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if re.fullmatch(r"[0-9a-f]{64}", p.name)]


def test_the_record_moves_from_a_folder_store_to_a_database_store_and_back(
        app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "local")
    load_populated_network()
    first = tmp_path / "from-folder"
    write_export(first)
    files = _stored(manifest_of(first))
    assert files, "the demo has papers and packs"
    with other_portal(_here(), tmp_path, {"STORAGE_BACKEND": "database"}) as other, \
            other.app_context():
        restore_export(first)
        for relative, sha in files.items():
            assert storage.read_bytes(sha) == (first / relative).read_bytes(), relative
        assert set(db.session.scalars(select(StoredFile.sha256))) == set(files.values())
        assert _hashed_names(tmp_path / "other-uploads") == []  # all in the database
        second = tmp_path / "from-database"
        write_export(second)
        db.session.remove()
    assert manifest_of(second) == manifest_of(first)
    # and back into a folder of its own
    empty_database(app)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "fresh-folder"))
    restore_export(second)
    assert {p.name for p in _hashed_names(tmp_path / "fresh-folder")} == set(files.values())
    third = tmp_path / "back-in-a-folder"
    write_export(third)
    assert manifest_of(third) == manifest_of(first)


def test_a_restore_refused_while_storing_files_keeps_none_in_the_database(
        app, db, cast, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "database")
    item = item_service.submit_item(cast["lead_a"], cast.meeting(30), ITEM)
    paper = Paper(item_id=item.id, title="Paper")
    db.session.add(paper)
    db.session.flush()
    sha = storage.save_bytes(b"%PDF-1.4 a stored paper")
    db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="paper.pdf",
                                file_type="pdf", size=23, sha256=sha,
                                uploaded_by_id=cast["lead_a"].id))
    db.session.commit()
    export = tmp_path / "export"
    write_export(export)
    empty_database(app)
    # the file is renamed (and the manifest with it): every hash still checks, so the rows are
    # written before the store finds the name is not the content's hash
    manifest = json.loads((export / "manifest.json").read_text())
    old = f"files/{sha[:2]}/{sha}"
    new = f"files/{sha[:2]}/{sha[:2]}{'0' * 62}"
    shutil.move(export / old, export / new)
    manifest["files"][new] = manifest["files"].pop(old)
    (export / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RestoreRefused, match="not named by its SHA-256"):
        restore_export(export)
    assert tables_with_rows() == []  # no row, and no stored file either
    assert not storage.exists(sha)
