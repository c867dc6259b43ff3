"""The storage interface on both backends (the local folder and the database, on whichever
database the suite runs: SQLite, or PostgreSQL with TEST_DATABASE_URL): round trips, streamed
and seekable reads, one copy per content, deletion, refusals that keep nothing, and a missing
or hostile key giving a 404, never a 500."""

from __future__ import annotations

import hashlib
import io
import threading
import tracemalloc

import pytest
from sqlalchemy import func, select

from network import create_app
from network.errors import ValidationFailed
from network.workplan import storage
from network.workplan.items import services as item_service
from network.workplan.items.models import PaperVersion
from network.workplan.storage.models import StoredFile, StoredFileChunk
from tests.conftest import sign_in_client
from tests.workplan import documents

CHUNK = 4096


@pytest.fixture(autouse=True)
def own_folder(app, monkeypatch, tmp_path):
    """A folder of the test's own for the local backend (and for files being received)."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "stored"))


@pytest.fixture(params=["local", "database"])
def backend(request, app, db, monkeypatch):
    """Each test once per backend, the database one with small chunks (many per file)."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", request.param)
    monkeypatch.setitem(app.config, "STORAGE_CHUNK_BYTES", CHUNK)
    return request.param


def _content(size: int, seed: int = 1) -> bytes:
    return (hashlib.sha256(str(seed).encode()).digest() * (size // 32 + 1))[:size]


def test_a_file_is_stored_by_its_hash_and_read_back_whole(backend, db):
    data = _content(10 * CHUNK + 17)
    sha = storage.save_bytes(data)
    db.session.commit()
    assert sha == hashlib.sha256(data).hexdigest()
    assert storage.exists(sha) and storage.size(sha) == len(data)
    assert storage.read_bytes(sha) == data
    assert sha in set(storage.backend().stored_keys())
    if backend == "database":
        chunks = db.session.scalar(select(func.count()).select_from(StoredFileChunk))
        assert chunks == 11  # ten full chunks and the 17 bytes left


def test_identical_content_is_stored_once(backend, db):
    data = _content(3 * CHUNK)
    assert storage.save_bytes(data) == storage.save_bytes(data)
    db.session.commit()
    assert list(storage.backend().stored_keys()).count(hashlib.sha256(data).hexdigest()) == 1
    if backend == "database":
        assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 1


def test_reads_stream_and_seek_across_chunks(backend, db):
    data = _content(5 * CHUNK + 100, seed=2)
    sha = storage.save_bytes(data)
    db.session.commit()
    with storage.open_file(sha) as handle:
        assert handle.read(10) == data[:10]
        handle.seek(2 * CHUNK - 5)
        assert handle.read(10) == data[2 * CHUNK - 5:2 * CHUNK + 5]  # across a chunk edge
        handle.seek(-50, io.SEEK_END)
        assert handle.read() == data[-50:] and handle.read(1) == b""
        assert handle.tell() == len(data)
        handle.seek(0)
        assert b"".join(iter(lambda: handle.read(777), b"")) == data


def test_a_download_streamed_after_its_request_reads_on_its_own_connection(backend, db):
    """A streamed response is read after the request's app context has gone: the reader
    must not need it (here: read in a thread that has no app context)."""
    data = _content(4 * CHUNK + 1, seed=3)
    sha = storage.save_bytes(data)
    db.session.commit()
    handle = storage.open_file(sha)
    out = []
    reader = threading.Thread(target=lambda: out.append(handle.read()))
    reader.start()
    reader.join()
    handle.close()
    assert out == [data]


def test_deleting_removes_the_file_and_a_second_delete_finds_none(backend, db):
    sha = storage.save_bytes(b"an export zip")
    db.session.commit()
    assert storage.delete(sha) is True
    db.session.commit()
    assert not storage.exists(sha) and storage.delete(sha) is False
    with pytest.raises(storage.FileMissing):
        storage.open_file(sha)
    if backend == "database":
        assert db.session.scalar(select(func.count()).select_from(StoredFileChunk)) == 0


@pytest.mark.parametrize("key", ["0" * 64, "../../../etc/passwd", "A" * 64, "", None,
                                 "0" * 63 + "/", "ab" * 32 + "\x00"])
def test_a_missing_or_hostile_key_is_file_missing(backend, db, key):
    assert storage.exists(key) is False
    assert storage.delete(key) is False
    with pytest.raises(storage.FileMissing):
        storage.open_file(key)
    with pytest.raises(storage.FileMissing):
        storage.size(key)


def test_too_large_or_refused_by_the_check_keeps_nothing(backend, db):
    data = _content(3 * CHUNK)
    with pytest.raises(ValidationFailed):
        storage.save_stream(io.BytesIO(data), max_bytes=len(data) - 1)

    def refuse(path):
        raise ValidationFailed("not a paper", "file")

    with pytest.raises(ValidationFailed):
        storage.save_stream(io.BytesIO(data), max_bytes=len(data) + 1, check=refuse)
    db.session.commit()
    assert not storage.exists(hashlib.sha256(data).hexdigest())
    assert list(storage.backend().stored_keys()) == []
    assert not list(storage.folder().rglob(".upload-*"))


def test_in_the_database_a_file_is_kept_only_if_its_transaction_commits(app, db, monkeypatch):
    """A failed upload or pack build (rolled back) leaves no file behind."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "database")
    sha = storage.save_bytes(b"rolled back")
    assert storage.exists(sha)  # the writer's own transaction sees it
    db.session.rollback()
    assert not storage.exists(sha)
    kept = storage.save_bytes(b"committed")
    db.session.commit()
    db.session.remove()
    assert storage.read_bytes(kept) == b"committed"


def test_a_large_file_is_read_with_memory_flat(app, db, monkeypatch, tmp_path):
    """Storing and reading 16 MB (database backend, 1 MiB chunks) holds a chunk or two, never
    the file: the peak stays under 4 MiB whatever the file's size (measured: about 2.2 MiB)."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "database")
    size = 16 * 1024 * 1024
    source = tmp_path / "big.bin"
    with open(source, "wb") as out:
        for i in range(size // (1024 * 1024)):
            out.write(_content(1024 * 1024, seed=i))
    storage.read_bytes(storage.save_bytes(b"warm up"))  # first-use imports and caches
    db.session.commit()
    tracemalloc.start()
    try:
        sha, stored = storage.save_file(source)
        db.session.commit()
        _, peak_writing = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        with storage.open_file(sha) as handle:
            while chunk := handle.read(64 * 1024):
                digest.update(chunk)
        _, peak_reading = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored == size and digest.hexdigest() == sha
    assert max(peak_writing, peak_reading) < 4 * 1024 * 1024, (peak_writing, peak_reading)


def test_copying_every_file_from_the_folder_to_the_database_and_back(app, db, monkeypatch):
    """`network papers copy-storage local database`, before a second instance starts."""
    monkeypatch.setitem(app.config, "STORAGE_CHUNK_BYTES", CHUNK)
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "local")
    keys = {storage.save_bytes(_content(CHUNK * n + 3, seed=n)) for n in range(3)}
    assert storage.copy_all("local", "database") == (3, 0)
    assert storage.copy_all("local", "database") == (0, 3)
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "database")
    assert set(storage.backend().stored_keys()) == keys
    for key in keys:
        assert hashlib.sha256(storage.read_bytes(key)).hexdigest() == key


def test_an_unknown_backend_is_refused_at_start(database_url):
    with pytest.raises(RuntimeError, match="STORAGE_BACKEND"):
        create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                    "STORAGE_BACKEND": "s3"})


def test_the_environment_chooses_the_backend(database_url, monkeypatch):
    monkeypatch.setenv("NETWORK_STORAGE_BACKEND", "database")
    made = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with made.app_context():
        assert type(storage.backend()).__name__ == "DatabaseBackend"


# --- downloads through the pages -----------------------------------------------------------

ITEM = {"title": "Skills devolution", "purpose": "for_decision", "summary": "S",
        "minutes_requested": 20, "presenter": "Mayor A", "workstream_id": None,
        "is_confidential": False}


def test_a_paper_downloads_streamed_and_its_missing_file_is_a_404(backend, app, db, cast):
    item = item_service.submit_item(cast["lead_a"], cast.meeting(30), ITEM)
    db.session.commit()
    lead = sign_in_client(app, cast["lead_a"])
    content = documents.pdf("A paper on " + backend)
    response = lead.post(f"/items/{item.id}/papers/new", data={
        "paper": "new", "title": "Paper", "file": (io.BytesIO(content), "paper.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.data
    version = db.session.scalar(select(PaperVersion))
    download = lead.get(f"/papers/{version.id}/download")
    assert download.status_code == 200 and download.data == content
    assert download.headers["Content-Length"] == str(len(content))
    assert download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    storage.delete(version.sha256)
    db.session.commit()
    assert lead.get(f"/papers/{version.id}/download").status_code == 404


def test_hostile_uploads_are_refused_with_a_message_and_nothing_stored(backend, app, db, cast):
    item = item_service.submit_item(cast["lead_a"], cast.meeting(30), ITEM)
    db.session.commit()
    lead = sign_in_client(app, cast["lead_a"])
    for data, name in ((b"MZ\x90\x00 an executable", "paper.pdf"),
                       (b"%PDF-1.7 not really", "paper.pdf"),
                       (b"PK\x03\x04 a broken zip", "paper.docx"),
                       (b"", "empty.pdf")):
        response = lead.post(f"/items/{item.id}/papers/new", data={
            "paper": "new", "title": "Paper", "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data")
        assert response.status_code == 400, (name, response.status_code)
    assert list(storage.backend().stored_keys()) == []
    assert not list(storage.folder().rglob(".upload-*"))



def test_the_command_copies_every_stored_file_into_the_database(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "local")
    keys = {storage.save_bytes(b"paper one"), storage.save_bytes(b"paper two")}
    runner = app.test_cli_runner()
    result = runner.invoke(args=["papers", "copy-storage", "local", "database"])
    assert result.exit_code == 0, result.output
    assert "Copied 2 stored files from local to database; 0 were there" in result.output
    assert set(db.session.scalars(select(StoredFile.sha256))) == keys
    same = runner.invoke(args=["papers", "copy-storage", "database", "database"])
    assert same.exit_code == 2 and "two different backends" in same.output


def test_a_paper_whose_stored_file_has_gone_is_left_out_of_the_pack_not_stopping_it(
        backend, app, db, cast):
    from network.workplan.meetings import services as meeting_service
    from network.workplan.meetings import tasks
    from network.workplan.meetings.models import Meeting, PackState

    meeting = cast.meeting(30)
    item = item_service.submit_item(cast["lead_a"], meeting, ITEM)
    kept = item_service.upload_paper(cast["lead_a"], item, io.BytesIO(documents.pdf("Kept")),
                                     "kept.pdf", "Kept paper")
    gone = item_service.upload_paper(cast["lead_a"], item, io.BytesIO(documents.pdf("Gone")),
                                     "gone.pdf", "Gone paper")
    item_service.accept_item(cast["officer"], item, 20)
    meeting_service.publish_agenda(cast["officer"], meeting)
    db.session.commit()
    storage.delete(gone.sha256)
    db.session.commit()
    assert tasks.build_agenda_packs() == 1
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.pack_state == PackState.READY
    pack = storage.read_bytes(meeting.pack_sha256)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pack)).pages)
    assert "Kept" in text and "could not be included in the pack" in text
    assert storage.exists(kept.sha256)
