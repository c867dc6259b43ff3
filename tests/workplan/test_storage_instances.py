"""Two app instances on one database (issue 14 item 7): two real gunicorn servers on two
ports, each with its own empty instance folder, the same DATABASE_URL and the database storage
backend. A paper uploaded through one (signed in, CSRF on, a real multipart POST) downloads
byte-identical through the other, and the agenda pack built by the scheduler in a third process
is served by both. Nothing stored lands in any machine's folder.

It runs on SQLite too (three processes sharing one database file); the claim that matters,
several machines, is PostgreSQL's (TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from sqlalchemy import select

from network.workplan import storage
from network.workplan.items import services as item_service
from network.workplan.items.models import PaperVersion
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import Meeting, PackState
from tests.factories import PASSWORD
from tests.live_server import ROOT, gunicorn_server
from tests.workplan import documents

ITEM = {"title": "Skills devolution", "purpose": "for_decision", "summary": "S",
        "minutes_requested": 20, "presenter": "Mayor A", "workstream_id": None,
        "is_confidential": False}
SHARED = {"STORAGE_BACKEND": "database", "WTF_CSRF_ENABLED": True,
          "STORAGE_CHUNK_BYTES": 64 * 1024}


def _csrf(response: requests.Response) -> str:
    assert response.status_code == 200, response.text[:500]
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
    assert match, "the form has a CSRF token"
    return match.group(1)


def _stored_files_in(folder: Path) -> list[Path]:
    """Files in a machine's folder named by a SHA-256 (what the local backend would keep)."""
    return [p for p in folder.rglob("*") if p.is_file() and re.fullmatch(r"[0-9a-f]{64}", p.name)]


def _instance(name: str, root: Path) -> dict:
    folder = root / name
    folder.mkdir()
    return {**SHARED, "INSTANCE_PATH": str(folder)}


def test_a_paper_and_a_pack_are_served_by_every_instance(app, db, cast, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "database")
    meeting = cast.meeting(30, title="Mayors' meeting, two instances")
    item = item_service.submit_item(cast["lead_a"], meeting, ITEM)
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    content = documents.pdf("A paper uploaded to one instance", "and read from another")
    root = Path(tempfile.mkdtemp(prefix="instances-"))
    with gunicorn_server(url, workers=1, config=_instance("a", root)) as one, \
            gunicorn_server(url, workers=1, config=_instance("b", root)) as two:
        browser = requests.Session()
        token = _csrf(browser.get(f"{one.url}/sign-in", timeout=30))
        signed_in = browser.post(f"{one.url}/sign-in", timeout=30, allow_redirects=False, data={
            "csrf_token": token, "email": cast["lead_a"].email, "password": PASSWORD})
        assert signed_in.status_code == 302, signed_in.text[:500]

        form = browser.get(f"{one.url}/items/{item.id}/papers/new", timeout=30)
        refused = browser.post(f"{one.url}/items/{item.id}/papers/new", timeout=30, data={
            "paper": "new", "title": "No token"}, files={"file": ("p.pdf", content)})
        assert refused.status_code == 400  # CSRF is on: the upload below carries its token
        uploaded = browser.post(
            f"{one.url}/items/{item.id}/papers/new", timeout=60, allow_redirects=False,
            data={"csrf_token": _csrf(form), "paper": "new", "title": "Skills paper"},
            files={"file": ("skills.pdf", content, "application/pdf")})
        assert uploaded.status_code == 302, uploaded.text[:1000]
        db.session.expire_all()
        version = db.session.scalar(select(PaperVersion))

        # the other instance, never written to, serves it (the session is shared too)
        downloaded = browser.get(f"{two.url}/papers/{version.id}/download", timeout=60)
        assert downloaded.status_code == 200, downloaded.text[:500]
        assert downloaded.content == content
        assert downloaded.headers["Content-Length"] == str(len(content))
        assert browser.get(f"{one.url}/papers/{version.id}/download",
                           timeout=60).content == content

        # the secretariat publishes; the scheduler builds the pack in a process of its own
        item_service.accept_item(cast["officer"], db.session.get(type(item), item.id), 20)
        meeting_service.publish_agenda(cast["officer"], db.session.get(Meeting, meeting.id))
        db.session.commit()
        scheduler_folder = root / "scheduler"
        scheduler_folder.mkdir()
        env = {**os.environ, "NETWORK_ENV": "testing", "DATABASE_URL": url,
               "PYTHONPATH": str(ROOT), "NETWORK_STORAGE_BACKEND": "database",
               "NETWORK_INSTANCE_PATH": str(scheduler_folder)}
        env.pop("NETWORK_UPLOAD_FOLDER", None)
        built = subprocess.run(
            [sys.executable, "-c", "from network.cli import main; main()",
             "scheduler", "run-once", "build-agenda-packs"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stdout + built.stderr
        db.session.expire_all()
        meeting = db.session.get(Meeting, meeting.id)
        assert meeting.pack_state == PackState.READY, meeting.pack_problem
        pack = storage.read_bytes(meeting.pack_sha256)
        assert pack.startswith(b"%PDF-")
        for server in (one, two):
            served = browser.get(f"{server.url}/meetings/{meeting.id}/pack.pdf", timeout=60)
            assert served.status_code == 200, served.text[:500]
            assert served.content == pack

        # a record whose stored file has gone is a 404 on every instance, not a 500
        storage.delete(version.sha256)
        db.session.commit()
        for server in (one, two):
            assert browser.get(f"{server.url}/papers/{version.id}/download",
                               timeout=30).status_code == 404
        logs = one.log() + two.log()
        assert logs.count(f"paper version {version.id}: stored file") == 2  # logged, not raised
        # nothing stored is kept in any machine's own folder
        for folder in (Path(one.log_path).parent, Path(two.log_path).parent, root):
            assert _stored_files_in(folder) == [], folder
    assert "Traceback" not in logs, logs
