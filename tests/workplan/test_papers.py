"""Papers: uploads checked by content, size limits, versions, stored by hash, downloads
checked against the item's visibility on every request."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from network.workplan import storage
from network.workplan.items import services as item_service
from network.workplan.items.models import Paper, PaperVersion
from tests.conftest import sign_in_client
from tests.workplan import documents

ITEM = {"title": "Skills devolution", "purpose": "for_decision", "summary": "S",
        "minutes_requested": 20, "presenter": "Mayor A", "workstream_id": None,
        "is_confidential": False}


def _item(db, cast, **extra):
    meeting = cast.meeting(30)
    item = item_service.submit_item(cast["lead_a"], meeting, {**ITEM, **extra})
    db.session.commit()
    return item


def _upload(client, item, data: bytes, name: str, paper="new", title=""):
    return client.post(f"/items/{item.id}/papers/new", data={
        "paper": paper, "title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stray_files() -> list[str]:
    return [p.name for p in storage.folder().rglob("*") if p.name.startswith(".upload-")]


@pytest.mark.parametrize("maker, name, kind", [
    (lambda: documents.pdf("Paper one"), "paper.pdf", "pdf"),
    (documents.docx, "briefing.docx", "docx"),
    (documents.xlsx, "figures.xlsx", "xlsx"),
    (documents.pptx, "slides.pptx", "pptx"),
    (documents.odt, "note.odt", "odt"),
    (lambda: documents.pdf("Named wrongly"), "scan.docx", "pdf"),  # the content decides
])
def test_each_accepted_type_uploads_and_downloads(app, db, cast, maker, name, kind):
    item = _item(db, cast)
    content = maker()
    lead = sign_in_client(app, cast["lead_a"])
    response = _upload(lead, item, content, name, title="The paper")
    assert response.status_code == 302, response.data
    version = db.session.scalar(select(PaperVersion))
    assert version.file_type == kind and version.size == len(content)
    assert storage.read_bytes(version.sha256) == content
    download = lead.get(f"/papers/{version.id}/download")
    assert download.status_code == 200 and download.data == content
    assert download.headers["Content-Type"].startswith(
        {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument"
         ".wordprocessingml.document", "xlsx": "application/vnd.openxmlformats-"
         "officedocument.spreadsheetml.sheet", "pptx": "application/vnd.openxmlformats-"
         "officedocument.presentationml.presentation",
         "odt": "application/vnd.oasis.opendocument.text"}[kind])
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert f".{kind}" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download.headers["Cache-Control"]


@pytest.mark.parametrize("content, name, message", [
    (documents.exe(), "innocent.pdf", b"must be a PDF, Word (DOCX)"),
    (documents.fake_docx(), "report.docx", b"must be a PDF, Word (DOCX)"),
    (b"%PDF-1.7\nnot really a pdf at all", "broken.pdf", b"could not be read"),
    (b"", "empty.pdf", b"must be a PDF, Word (DOCX)"),
    (b"PK\x03\x04 truncated zip", "cut.xlsx", b"must be a PDF, Word (DOCX)"),
])
def test_wrong_content_is_refused_and_nothing_is_kept(app, db, cast, content, name, message):
    item = _item(db, cast)
    response = _upload(sign_in_client(app, cast["lead_a"]), item, content, name)
    assert response.status_code == 400 and message in response.data
    assert b"govuk-error-summary" in response.data
    assert _count(db, Paper) == 0 and _count(db, PaperVersion) == 0
    assert _stray_files() == []


def test_too_large_and_zip_bombs_are_refused(app, db, cast, monkeypatch):
    item = _item(db, cast)
    lead = sign_in_client(app, cast["lead_a"])
    monkeypatch.setitem(app.config, "MAX_PAPER_BYTES", 2000)
    big = _upload(lead, item, documents.docx() + b"\x00" * 50_000, "big.docx")
    assert big.status_code == 400 and b"The file must be 2,000 bytes or smaller" in big.data
    monkeypatch.setitem(app.config, "MAX_PAPER_BYTES", 20 * 1024 * 1024)
    monkeypatch.setitem(app.config, "MAX_PAPER_UNZIPPED_BYTES", 1024 * 1024)
    bomb = _upload(lead, item, documents.zip_bomb(5 * 1024 * 1024), "bomb.docx")
    assert bomb.status_code == 400 and b"expands to far more" in bomb.data
    assert _count(db, PaperVersion) == 0 and _stray_files() == []


def test_a_request_over_the_limit_gets_the_friendly_413_page(app, db, cast, monkeypatch):
    item = _item(db, cast)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10_000)
    response = _upload(sign_in_client(app, cast["lead_a"]), item, b"%PDF-" + b"0" * 20_000,
                       "huge.pdf")
    assert response.status_code == 413
    assert b"The file is too large" in response.data and b"up to 20 MB" in response.data
    assert _count(db, PaperVersion) == 0


def test_no_file_chosen_is_a_clear_error(app, db, cast):
    item = _item(db, cast)
    response = sign_in_client(app, cast["lead_a"]).post(
        f"/items/{item.id}/papers/new", data={"paper": "new", "title": "T"},
        content_type="multipart/form-data")
    assert response.status_code == 400 and b"Choose a file to upload" in response.data


def test_new_versions_keep_the_old_ones_and_identical_content_is_stored_once(app, db, cast):
    item = _item(db, cast)
    lead = sign_in_client(app, cast["lead_a"])
    first, second = documents.pdf("First draft"), documents.pdf("Second draft")
    assert _upload(lead, item, first, "draft.pdf", title="Skills paper").status_code == 302
    paper = db.session.scalar(select(Paper))
    assert paper.title == "Skills paper"
    assert _upload(lead, item, second, "draft-v2.pdf", paper=str(paper.id)).status_code == 302
    assert _upload(lead, item, first, "copy.pdf", title="Annex").status_code == 302
    versions = db.session.scalars(select(PaperVersion).order_by(PaperVersion.id)).all()
    assert [(v.paper_id, v.number) for v in versions][:2] == [(paper.id, 1), (paper.id, 2)]
    assert versions[2].paper_id != paper.id and versions[2].sha256 == versions[0].sha256
    assert lead.get(f"/papers/{versions[0].id}/download").data == first
    assert lead.get(f"/papers/{versions[1].id}/download").data == second
    assert {v.sha256 for v in versions} == {v.sha256 for v in versions[:2]}
    assert all(storage.exists(v.sha256) for v in versions)
    assert len(set(storage.backend().stored_keys()) & {v.sha256 for v in versions}) == 2
    page = lead.get(f"/items/{item.id}")
    assert b"Skills paper" in page.data and b"Version 2" in page.data
    assert b"Version 1" in page.data and b"Upload a paper" in page.data


def test_a_version_of_another_items_paper_is_refused(app, db, cast):
    item, other = _item(db, cast), _item(db, cast, title="Other")
    lead = sign_in_client(app, cast["lead_a"])
    _upload(lead, other, documents.docx(), "a.docx")
    foreign = db.session.scalar(select(Paper))
    response = _upload(lead, item, documents.docx("x"), "b.docx", paper=str(foreign.id))
    assert response.status_code == 400 and b"Select one of the options" in response.data
    assert _count(db, PaperVersion) == 1


def test_confidential_paper_downloads_follow_the_items_visibility(app, db, cast):
    item = _item(db, cast, is_confidential=True)
    lead = sign_in_client(app, cast["lead_a"])
    assert _upload(lead, item, documents.pdf("Secret"), "secret.pdf").status_code == 302
    version = db.session.scalar(select(PaperVersion))
    url = f"/papers/{version.id}/download"
    clients = {key: sign_in_client(app, cast[key]) for key in
               ("staff_a", "staff_b", "lead_b", "observer", "officer", "outsider_observer")}
    # submitted, not triaged: the office and the secretariat only
    expected = {"staff_a": 200, "staff_b": 404, "lead_b": 404, "observer": 404,
                "officer": 200, "outsider_observer": 404}
    assert {k: c.get(url).status_code for k, c in clients.items()} == expected
    item_service.accept_item(cast["officer"], item, 20)
    db.session.commit()
    # on the agenda: every member office, never an observer (confidential)
    expected.update(staff_b=200, lead_b=200)
    assert {k: c.get(url).status_code for k, c in clients.items()} == expected
    assert sign_in_client(app, cast["lead_a"]).get("/papers/999999/download").status_code == 404
    assert lead.get("/papers/nonsense/download").status_code == 404


def test_who_may_upload(app, db, cast):
    item = _item(db, cast)
    for key, status in (("staff_b", 404), ("observer", 404)):
        response = _upload(sign_in_client(app, cast[key]), item, documents.docx(), "a.docx")
        assert response.status_code == status
    officer = sign_in_client(app, cast["officer"])
    assert _upload(officer, item, documents.docx(), "a.docx").status_code == 302
    item_service.decline_item(cast["officer"], item, "Not for this network")
    db.session.commit()
    lead = sign_in_client(app, cast["lead_a"])
    assert _upload(lead, item, documents.odt(), "late.odt").status_code == 403
    refused = _upload(officer, item, documents.odt(), "late.odt")
    assert refused.status_code == 400 and b"papers can no longer be added" in refused.data
    assert _count(db, PaperVersion) == 1


# --- issue 8, items 9 and 10: active content, decompression bombs, too many pages ---------

from tests.workplan import hostile  # noqa: E402


@pytest.mark.parametrize("kind", hostile.ACTIVE_KINDS)
def test_pdfs_with_active_content_are_refused_with_the_reason(app, db, cast, kind):
    item = _item(db, cast)
    response = _upload(sign_in_client(app, cast["lead_a"]), item, hostile.active_pdf(kind),
                       f"{kind}.pdf")
    assert response.status_code == 400
    assert b"which could run on the computers of everyone who opens the agenda pack" in (
        response.data)
    label = {"page_aa": b"JavaScript", "open_action": b"JavaScript",
             "names_javascript": b"JavaScript", "launch": b"launch actions",
             "embedded_file": b"embedded files", "form_script": b"form scripts",
             "javascript_uri": b"JavaScript"}[kind]
    assert label in response.data
    assert _count(db, PaperVersion) == 0 and _stray_files() == []


def test_a_pdf_with_web_links_only_is_accepted(app, db, cast):
    item = _item(db, cast)
    assert _upload(sign_in_client(app, cast["lead_a"]), item, hostile.active_pdf("none"),
                   "links.pdf").status_code == 302
    assert _count(db, PaperVersion) == 1


BOMB = hostile.bomb(200 * 1024 * 1024)  # 204 KB on disk, 200 MB inflated, as in the issue


def test_a_decompression_bomb_is_refused_at_upload_quickly(app, db, cast):
    import time

    item = _item(db, cast)
    assert len(BOMB) < 300 * 1024
    started = time.monotonic()
    response = _upload(sign_in_client(app, cast["lead_a"]), item, BOMB, "bomb.pdf")
    assert response.status_code == 400 and b"expands to more than 50 MB" in response.data
    assert time.monotonic() - started < 5
    assert _count(db, PaperVersion) == 0 and _stray_files() == []


def test_a_pdf_of_too_many_pages_is_refused_at_upload(app, db, cast, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_PAPER_PAGES", 5)
    item = _item(db, cast)
    lead = sign_in_client(app, cast["lead_a"])
    response = _upload(lead, item, hostile.many_pages(6), "long.pdf")
    assert response.status_code == 400
    assert b"more than 5 pages: split it into smaller papers" in response.data
    assert _upload(lead, item, hostile.many_pages(5), "fine.pdf").status_code == 302


def test_the_page_count_is_that_of_the_page_tree_not_the_one_it_claims(app, db, cast,
                                                                        monkeypatch):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    monkeypatch.setitem(app.config, "MAX_PAPER_PAGES", 5)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(hostile.many_pages(8))))
    writer._root_object["/Pages"][NameObject("/Count")] = NumberObject(1)  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    response = _upload(sign_in_client(app, cast["lead_a"]), _item(db, cast), out.getvalue(),
                       "liar.pdf")
    assert response.status_code == 400 and b"more than 5 pages" in response.data
