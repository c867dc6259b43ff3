"""Papers are found by what they say: the text of a real PDF (WeasyPrint) and a real Word
document (python-docx) is read at upload, kept with the version, searched as the "papers"
kind with highlighted snippets and the item's visibility; a file whose text cannot be read is
stored all the same; removing the latest version searches the one before."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import current_app

from network.extensions import db as _db
from network.search.queries import search
from network.workplan.items import paper_text
from network.workplan.items import services as item_service
from network.workplan.items.models import ItemStatus, Paper, PaperVersion
from tests.conftest import sign_in_client
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.workplan import documents


def _docx(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Briefing", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Cost", "Okapi sanctuary"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def meeting(cast):
    return MeetingFactory(actor=cast["officer"], title="Transport board",
                          invited_offices=[cast["office_a"]], observers=[cast["observer"]])


def _upload(cast, item, data: bytes, name: str, title: str = "", paper=None) -> PaperVersion:
    version = item_service.upload_paper(cast["officer"], item, io.BytesIO(data), name,
                                        title=title, paper=paper)
    _db.session.commit()
    return version


def _papers(who, typed: str) -> list[int]:
    groups = {g.kind.key: g for g in search(who, typed).groups}
    return [h.id for h in groups["paper"].hits] if "paper" in groups else []


def test_a_pdfs_words_are_found_highlighted_with_a_link_to_its_item(cast, meeting,
                                                                    client_request):
    item = AgendaItemFactory(meeting=meeting, title="Buses")
    version = _upload(cast, item, documents.pdf("Quagga franchising timetable",
                                                "Second page mentions capybaras"),
                      "buses.pdf", title="Bus reform paper")
    assert "Quagga franchising timetable" in _db.session.get(PaperVersion, version.id).text
    officer = cast["officer"]
    assert _papers(officer, "quagga timetable") == [version.paper_id]
    assert _papers(officer, "capybara") == [version.paper_id]  # a later page, a stem
    assert _papers(officer, "quagga okapi") == []  # every word must match
    hit = next(g for g in search(officer, "quagga").groups if g.kind.key == "paper").hits[0]
    assert str(hit.title) == "Bus reform paper"
    assert "<mark>Quagga</mark> franchising" in str(hit.snippet)
    page = client_request.get("search.index", _as="officer", q="capybaras")
    html = page.response.get_data(as_text=True)
    assert "Papers (1)" in html and f'href="/items/{item.id}"' in html
    assert "<mark>capybaras</mark>" in html


def test_a_word_documents_paragraphs_and_tables_are_found(cast, meeting):
    item = AgendaItemFactory(meeting=meeting)
    version = _upload(cast, item, _docx("The narwhal levy for 2027.", "Tab\tbecomes a space"),
                      "levy.docx")
    text = _db.session.get(PaperVersion, version.id).text
    assert "The narwhal levy for 2027." in text and "Okapi sanctuary" in text
    assert "Tab becomes a space" in text
    assert _papers(cast["officer"], "narwhal levy") == [version.paper_id]
    assert _papers(cast["officer"], "okapi sanctuary") == [version.paper_id]
    assert _papers(cast["officer"], "levy") == [version.paper_id]  # the title "levy" too


def test_papers_follow_their_items_visibility(cast, meeting):
    open_item = AgendaItemFactory(meeting=meeting, title="Open")
    secret = AgendaItemFactory(meeting=meeting, title="Secret", is_confidential=True)
    submitted = AgendaItemFactory(meeting=meeting, title="Pending", status=ItemStatus.SUBMITTED,
                                  office_id=cast["office_b"].id, position=None)
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(actor=cast["officer"],
                                                         invited_offices=[cast["office_b"]]))
    ids = {name: _upload(cast, item, documents.pdf(f"Walrus {name}"), f"{name}.pdf").paper_id
           for name, item in [("open", open_item), ("secret", secret),
                              ("submitted", submitted), ("elsewhere", elsewhere)]}
    assert set(_papers(cast["officer"], "walrus")) == set(ids.values())
    assert _papers(cast["observer"], "walrus") == [ids["open"]]  # not the confidential one
    assert set(_papers(cast["lead_a"], "walrus")) == {ids["open"], ids["secret"]}
    assert _papers(cast["lead_b"], "walrus") == [ids["elsewhere"]]
    assert _papers(cast["outsider_observer"], "walrus") == []


def test_the_latest_version_is_searched_and_a_removed_paper_is_not(cast, meeting):
    item = AgendaItemFactory(meeting=meeting)
    first = _upload(cast, item, documents.pdf("Pangolin draft"), "paper.pdf")
    paper = _db.session.get(Paper, first.paper_id)
    second = _upload(cast, item, _docx("Armadillo final"), "paper.docx", paper=paper)
    assert _papers(cast["officer"], "armadillo") == [paper.id]
    assert _papers(cast["officer"], "pangolin") == []
    item_service.remove_version(cast["officer"], _db.session.get(PaperVersion, second.id))
    _db.session.commit()
    assert _papers(cast["officer"], "pangolin") == [paper.id]
    assert _papers(cast["officer"], "armadillo") == []
    item_service.remove_paper(cast["officer"], _db.session.get(Paper, paper.id))
    _db.session.commit()
    assert _papers(cast["officer"], "pangolin") == []


def _damaged_docx() -> bytes:
    """A Word container that passes the upload's checks but whose text part is not XML."""
    good = zipfile.ZipFile(io.BytesIO(documents.docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as broken:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "word/document.xml":
                data = b"<w:document><<<not xml" + b"\x00" * 10
            broken.writestr(info.filename, data)
    return out.getvalue()


def test_a_file_whose_text_cannot_be_read_is_stored_without_text(app, cast, meeting):
    item = AgendaItemFactory(meeting=meeting)
    lead = sign_in_client(app, cast["officer"])
    response = lead.post(f"/items/{item.id}/papers/new", data={
        "paper": "new", "title": "Damaged wombat notes",
        "file": (io.BytesIO(_damaged_docx()), "notes.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    version = _db.session.query(PaperVersion).one()
    assert version.file_type == "docx" and version.text == ""
    assert _papers(cast["officer"], "wombat") == [version.paper_id]  # by its title


def test_reading_is_bounded(db, tmp_path, monkeypatch):
    path = tmp_path / "long.docx"
    path.write_bytes(_docx(*[f"Paragraph {n} about the long report" for n in range(500)]))
    monkeypatch.setitem(current_app.config, "MAX_PAPER_TEXT_CHARS", 300)
    assert len(paper_text.extract_text(path, "docx")) <= 300
    monkeypatch.setitem(current_app.config, "MAX_PAPER_TEXT_XML_BYTES", 100)
    assert paper_text.extract_text(path, "docx") == ""  # its text part is too big to read
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(documents.pdf("Page one", "Page two", "Page three"))
    monkeypatch.setitem(current_app.config, "MAX_PAPER_TEXT_PAGES", 1)
    assert paper_text.extract_text(pdf, "pdf") == "Page one"
    monkeypatch.setitem(current_app.config, "MAX_PAPER_TEXT_PAGES", 500)
    monkeypatch.setitem(current_app.config, "MAX_PAPER_TEXT_SECONDS", 0)
    assert paper_text.extract_text(pdf, "pdf") == "Page one"  # out of time after a page
    assert paper_text.extract_text(pdf, "xlsx") == ""


def test_papers_stored_before_their_text_was_read_are_read_by_the_command(app, cast, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Buses")
    old = _upload(cast, item, documents.pdf("Wombat corridor study"), "study.pdf")
    newer = _upload(cast, item, _docx("Narwhal fares review"), "review.docx",
                    paper=_db.session.get(Paper, old.paper_id))
    other = _upload(cast, item, documents.pdf("Pangolin depot"), "depot.pdf")
    for version in (old, newer, other):  # as stored before migration b5e8d2c4f7a1
        version.text = ""
        _db.session.get(Paper, version.paper_id).latest_text = ""
    _db.session.commit()
    assert _papers(cast["officer"], "narwhal") == []

    result = app.test_cli_runner().invoke(args=["papers", "read-text"])
    assert result.exit_code == 0, result.output
    assert "Read the text of 3 paper versions; 0 have no text to read" in result.output
    assert _papers(cast["officer"], "narwhal") == [old.paper_id]
    assert _papers(cast["officer"], "wombat") == [], "the paper shows its latest version"
    assert _papers(cast["officer"], "pangolin") == [other.paper_id]
    again = app.test_cli_runner().invoke(args=["papers", "read-text"])
    assert "Read the text of 0 paper versions" in again.output
