"""Publishing the agenda: refusals, the agenda pack (one PDF with bookmarks and page numbers;
an observers' copy without confidential items), the Word agenda, and one email per invitee."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from network.email import OutboxEmail
from network.extensions import db as _db
from network.workplan.items import services as item_service
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings import tasks
from network.workplan.meetings.models import Meeting, MeetingStatus, PackState
from network.workplan.meetings.services import invitees
from tests.conftest import sign_in_client
from tests.workplan import documents

ITEM = {"purpose": "for_decision", "summary": "S", "minutes_requested": 20,
        "presenter": "Mayor A", "workstream_id": None, "is_confidential": False}
STANDING = ["Welcome and apologies", "Declarations of interest", "Minutes of the last meeting",
            "Matters arising and action log"]


def _upload(client, item, data, name, title):
    response = client.post(f"/items/{item.id}/papers/new", data={
        "paper": "new", "title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.data


@pytest.fixture
def ready(app, db, cast):
    """A meeting with a public item (two-page PDF and a Word paper) and a confidential item
    (one-page PDF), both accepted."""
    meeting = cast.meeting(30, title="Mayors' meeting, spring")
    public = item_service.submit_item(cast["lead_a"], meeting, {**ITEM, "title": "Skills pact"})
    secret = item_service.submit_item(cast["lead_a"], meeting, {
        **ITEM, "title": "Investment zone negotiations", "is_confidential": True})
    _db.session.commit()
    lead = sign_in_client(app, cast["lead_a"])
    _upload(lead, public, documents.pdf("Skills paper page one", "Skills paper page two"),
            "skills.pdf", "Skills pact paper")
    _upload(lead, public, documents.docx(), "annex.docx", "Skills annex")
    _upload(lead, secret, documents.pdf("Negotiating position"), "zone.pdf", "Zone brief")
    for item in (public, secret):
        item_service.accept_item(cast["officer"], item, 20)
    _db.session.commit()
    return meeting


def publish(client, meeting, status: int = 302):
    """Publish through the page, then run the scheduler's pack job as its process would."""
    response = client.post(f"/meetings/{meeting.id}/publish")
    assert response.status_code == status, response.data
    tasks.build_agenda_packs()
    return response


def _published_count(meeting) -> int:
    return _db.session.scalar(select(func.count()).select_from(OutboxEmail).where(
        OutboxEmail.key.like(f"agenda-published:{meeting.id}:%")))


def _outline(reader) -> list:
    def walk(nodes):
        out = []
        for node in nodes:
            if isinstance(node, list):
                out.append(walk(node))
            else:
                out.append(node.title)
        return out
    return walk(reader.outline)


def test_nothing_to_download_before_publication(app, db, cast, ready):
    lead = sign_in_client(app, cast["lead_b"])
    assert lead.get(f"/meetings/{ready.id}/pack.pdf").status_code == 404
    assert lead.get(f"/meetings/{ready.id}/agenda.docx").status_code == 404


def test_publishing_builds_the_pack_and_emails_every_invitee_once(app, db, cast, ready):
    officer = sign_in_client(app, cast["officer"])
    page = officer.get(f"/meetings/{ready.id}/publish")
    assert page.status_code == 200 and b"Skills annex (DOCX)" in page.data
    assert officer.post(f"/meetings/{ready.id}/publish").status_code == 302
    _db.session.expire_all()
    meeting = _db.session.get(Meeting, ready.id)
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.agenda_published_at is not None and meeting.ics_sequence == 1
    # the request only records the intent: no pack yet, no email yet
    assert meeting.pack_state == PackState.QUEUED and meeting.pack_sha256 is None
    assert _published_count(meeting) == 0
    waiting = officer.get(f"/meetings/{ready.id}")
    assert b"Agenda pack being built" in waiting.data
    assert b"Invitees will be emailed" in waiting.data
    assert officer.get(f"/meetings/{ready.id}/pack.pdf").status_code == 404
    assert tasks.build_agenda_packs() == 1
    assert tasks.build_agenda_packs() == 0  # nothing left to build: a second run does nothing
    _db.session.expire_all()
    meeting = meeting_queries.meeting_with_agenda(ready.id)
    assert meeting.pack_state == PackState.READY and meeting.pack_built_at is not None
    assert meeting.pack_sha256 and meeting.observers_pack_sha256 != meeting.pack_sha256
    people = invitees(meeting)
    assert _published_count(meeting) == len(people) == 5  # four office people, one observer
    emails = _db.session.scalars(select(OutboxEmail).where(
        OutboxEmail.key.like(f"agenda-published:{meeting.id}:%"))).all()
    assert sorted(e.to_address for e in emails) == sorted(p.email for p in people)
    assert f"http://portal.test/meetings/{meeting.id}" in emails[0].text_body
    again = publish(officer, ready, 400)
    assert b"cannot be published" in again.data
    assert _published_count(meeting) == len(people)
    detail = sign_in_client(app, cast["staff_b"]).get(f"/meetings/{meeting.id}")
    assert b"Download the agenda pack (PDF)" in detail.data
    assert b"Published late" not in detail.data


def test_members_pack_structure(app, db, cast, ready):
    publish(sign_in_client(app, cast["officer"]), ready)
    response = sign_in_client(app, cast["staff_b"]).get(f"/meetings/{ready.id}/pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.data))
    texts = [page.extract_text() for page in reader.pages]
    front = 2  # one cover page and one agenda page
    assert "Mayors' meeting, spring" in texts[0] and "UK Mayors Network" in texts[0]
    assert "Manchester Central" in texts[0] and "Agenda" in texts[1]
    assert len(reader.pages) == front + 2 + 1  # the two-page paper, then the one-page paper
    assert "Skills paper page one" in texts[2] and "Skills paper page two" in texts[3]
    assert "Negotiating position" in texts[4]
    assert "Investment zone negotiations" in texts[1] and "available in the portal" in texts[1]
    assert "Skills pact paper (page 3)" in texts[1] and "Zone brief (page 5)" in texts[1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    assert _outline(reader) == [
        "Cover", "Agenda", *[f"{n}. {t}" for n, t in enumerate(STANDING, start=1)],
        "5. Skills pact", ["Skills pact paper"], "6. Investment zone negotiations",
        ["Zone brief"], "7. Any other business"]
    assert reader.get_destination_page_number(reader.outline[6]) == 2
    assert reader.get_destination_page_number(reader.outline[8]) == 4


def test_observers_pack_and_agenda_leave_out_confidential_items(app, db, cast, ready):
    publish(sign_in_client(app, cast["officer"]), ready)
    observer = sign_in_client(app, cast["observer"])
    reader = PdfReader(io.BytesIO(observer.get(f"/meetings/{ready.id}/pack.pdf").data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 2 + 2
    assert "Skills paper page two" in text and "Page 4 of 4" in text
    assert "Investment zone" not in text and "Negotiating position" not in text
    assert "Zone brief" not in text and "Confidential items and their papers are not" in text
    assert "6. Investment zone negotiations" not in str(_outline(reader))
    word = Document(io.BytesIO(observer.get(f"/meetings/{ready.id}/agenda.docx").data))
    cells = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert not any("Investment zone" in " ".join(row) for row in cells)
    outsider = sign_in_client(app, cast["outsider_observer"])
    assert outsider.get(f"/meetings/{ready.id}/pack.pdf").status_code == 404
    assert outsider.get(f"/meetings/{ready.id}/agenda.docx").status_code == 404


def test_word_agenda_has_the_rows(app, db, cast, ready):
    publish(sign_in_client(app, cast["officer"]), ready)
    response = sign_in_client(app, cast["lead_b"]).get(f"/meetings/{ready.id}/agenda.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    word = Document(io.BytesIO(response.data))
    assert any("Mayors' meeting, spring" in p.text for p in word.paragraphs)
    rows = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert rows[0] == ["No.", "Time", "Item", "Purpose", "Presenter"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]
    assert rows[1][1] == "10:00" and rows[5][1] == "10:22"
    assert rows[5][2].startswith("Skills pact") and "Skills annex" in rows[5][2]
    assert rows[6][2].startswith("Investment zone negotiations (confidential)")


def test_untriaged_items_block_publication_and_nothing_changes(app, db, cast, ready):
    waiting = item_service.submit_item(cast["lead_b"], ready, {**ITEM, "title": "Bus reform"})
    _db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    assert b"Bus reform" in officer.get(f"/meetings/{ready.id}/publish").data
    response = publish(officer, ready, 400)
    assert b"Accept, defer or decline the submitted items first: &#39;Bus reform&#39;" in (
        response.data)
    _db.session.expire_all()
    meeting = _db.session.get(Meeting, ready.id)
    assert meeting.status == MeetingStatus.OPEN_FOR_ITEMS and meeting.pack_sha256 is None
    assert _published_count(meeting) == 0 and waiting.id


def test_publishing_after_the_papers_date_warns_and_the_pack_says_so(app, db, cast):
    meeting = cast.meeting(3, title="Short-notice meeting")
    officer = sign_in_client(app, cast["officer"])
    assert b"The agenda and papers were due" in officer.get(f"/meetings/{meeting.id}").data
    warning = officer.get(f"/meetings/{meeting.id}/publish")
    assert b"Papers were due to be published by" in warning.data
    publish(officer, meeting)
    reader = PdfReader(io.BytesIO(officer.get(f"/meetings/{meeting.id}/pack.pdf").data))
    assert "published after the papers publication date" in reader.pages[0].extract_text()
    assert len(reader.pages) == 2 and _outline(reader)[-1] == "5. Any other business"
    assert b"Published late" in officer.get(f"/meetings/{meeting.id}").data


def test_only_the_secretariat_publishes(app, db, cast, ready):
    lead = sign_in_client(app, cast["lead_a"])
    assert lead.post(f"/meetings/{ready.id}/publish").status_code == 403
    assert sign_in_client(app, cast["observer"]).post(
        f"/meetings/{ready.id}/publish").status_code == 403
    _db.session.expire_all()
    assert _db.session.get(Meeting, ready.id).status == MeetingStatus.OPEN_FOR_ITEMS


# --- issue 8, items 9 and 10: what reaches the pack, and the pack built in the background --

from network.audit import AuditEntry  # noqa: E402
from network.workplan.items.models import Paper, PaperVersion  # noqa: E402
from network.workplan.storage import save_stream  # noqa: E402
from tests.workplan import hostile  # noqa: E402


def _stored_paper(item, data: bytes, title: str, by) -> Paper:
    """A paper stored without the upload's checks, as papers were before them."""
    paper = Paper(item_id=item.id, title=title)
    _db.session.add(paper)
    _db.session.flush()
    sha, size, _ = save_stream(io.BytesIO(data), len(data) + 1)
    _db.session.add(PaperVersion(paper_id=paper.id, number=1, filename=f"{title}.pdf",
                                 file_type="pdf", size=size, sha256=sha, uploaded_by_id=by.id))
    _db.session.commit()
    return paper


def _pack(client, meeting) -> bytes:
    response = client.get(f"/meetings/{meeting.id}/pack.pdf")
    assert response.status_code == 200
    return response.data


def test_the_pack_carries_no_active_content_from_any_paper(app, db, cast, ready):
    item = item_service.add_item(cast["officer"], ready, {**ITEM, "title": "Hostile papers"})
    _db.session.commit()
    for kind in hostile.ACTIVE_KINDS:
        assert hostile.active_content_in(hostile.active_pdf(kind)), kind  # each one is active
        _stored_paper(item, hostile.active_pdf(kind), kind, cast["officer"])
    officer = sign_in_client(app, cast["officer"])
    publish(officer, ready)
    for reader in (officer, sign_in_client(app, cast["observer"])):
        data = _pack(reader, ready)
        assert hostile.active_content_in(data) == []
        assert "https://example.org/" in hostile.uri_links_in(data)  # web links stay
    assert len(PdfReader(io.BytesIO(_pack(officer, ready))).pages) == 2 + 3 + len(
        hostile.ACTIVE_KINDS)


BOMB = hostile.bomb(200 * 1024 * 1024)


def test_a_stored_bomb_or_overlong_paper_is_left_out_and_publishing_is_quick(
        app, db, cast, ready, monkeypatch):
    import time

    monkeypatch.setitem(app.config, "MAX_PAPER_PAGES", 50)
    item = item_service.add_item(cast["officer"], ready, {**ITEM, "title": "Heavy papers"})
    _db.session.commit()
    _stored_paper(item, BOMB, "Bomb", cast["officer"])
    _stored_paper(item, hostile.many_pages(51), "Long", cast["officer"])
    officer = sign_in_client(app, cast["officer"])
    started = time.monotonic()
    assert officer.post(f"/meetings/{ready.id}/publish").status_code == 302
    assert time.monotonic() - started < 2  # the request builds nothing
    assert tasks.build_agenda_packs() == 1
    _db.session.expire_all()
    assert _db.session.get(Meeting, ready.id).pack_state == PackState.READY
    reader = PdfReader(io.BytesIO(_pack(officer, ready)))
    assert len(reader.pages) == 2 + 3
    assert "Bomb (could not be included in the pack" in reader.pages[1].extract_text()


def test_a_failed_build_is_shown_to_the_secretariat_and_can_be_tried_again(
        app, db, cast, ready, monkeypatch):
    from network.workplan.meetings import packs

    def broken(*args, **kwargs):
        raise OSError("disk full")

    officer, staff = sign_in_client(app, cast["officer"]), sign_in_client(app, cast["staff_b"])
    with monkeypatch.context() as patch:
        patch.setattr(packs, "build_pack", broken)
        publish(officer, ready)
    _db.session.expire_all()
    meeting = _db.session.get(Meeting, ready.id)
    assert meeting.pack_state == PackState.FAILED and "OSError" in meeting.pack_problem
    assert _published_count(meeting) == 0
    page = officer.get(f"/meetings/{ready.id}").data
    assert b"Agenda pack failed" in page and b"Build the agenda pack again" in page
    seen_by_staff = staff.get(f"/meetings/{ready.id}").data
    assert b"Agenda pack being built" in seen_by_staff and b"OSError" not in seen_by_staff
    assert staff.post(f"/meetings/{ready.id}/pack/rebuild").status_code == 403
    assert officer.post(f"/meetings/{ready.id}/pack/rebuild").status_code == 302
    assert tasks.build_agenda_packs() == 1
    _db.session.expire_all()
    meeting = meeting_queries.meeting_with_agenda(ready.id)
    assert meeting.pack_state == PackState.READY
    assert _published_count(meeting) == len(invitees(meeting))
    assert staff.get(f"/meetings/{ready.id}/pack.pdf").status_code == 200


def test_a_builder_that_died_is_replaced_and_two_runs_build_once(app, db, cast, ready):
    from datetime import timedelta

    from network.db import utcnow

    publish(sign_in_client(app, cast["officer"]), ready)
    meeting = _db.session.get(Meeting, ready.id)
    first = meeting.pack_sha256
    meeting.pack_state, meeting.pack_claimed_at = PackState.BUILDING, utcnow()
    _db.session.commit()
    assert tasks.build_agenda_packs() == 0  # a live claim is left alone
    meeting.pack_claimed_at = utcnow() - timedelta(hours=1)
    _db.session.commit()
    assert tasks.build_agenda_packs() == 1
    meeting = _versions(ready.id)
    assert meeting.pack_state == PackState.READY and meeting.pack_sha256 == first
    assert _published_count(meeting) == len(invitees(meeting))  # still once each


def test_a_meeting_cancelled_before_its_pack_is_built_announces_nothing(app, db, cast, ready):
    officer = sign_in_client(app, cast["officer"])
    assert officer.post(f"/meetings/{ready.id}/publish").status_code == 302
    assert officer.post(f"/meetings/{ready.id}/cancel",
                        data={"reason": "Venue flooded"}).status_code == 302
    tasks.build_agenda_packs()
    assert _published_count(_db.session.get(Meeting, ready.id)) == 0


def _versions(meeting_id):
    _db.session.expire_all()
    return meeting_queries.meeting_with_agenda(meeting_id)


def test_the_secretariat_removes_a_version_and_a_paper_and_the_pack_is_rebuilt(
        app, db, cast, ready):
    officer, lead = sign_in_client(app, cast["officer"]), sign_in_client(app, cast["lead_a"])
    skills = next(i for i in _versions(ready.id).items if i.title == "Skills pact")
    paper = next(p for p in skills.papers if p.title == "Skills pact paper")
    response = lead.post(f"/items/{skills.id}/papers/new", data={
        "paper": str(paper.id), "title": "", "file": (io.BytesIO(documents.pdf(
            "A wrong file")), "wrong.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    publish(officer, ready)
    assert "A wrong file" in PdfReader(io.BytesIO(_pack(officer, ready))).pages[2].extract_text()
    emails = _published_count(ready)
    wrong = _db.session.scalar(select(PaperVersion).where(PaperVersion.filename == "wrong.pdf"))
    # members may not remove; the secretariat confirms on a page, then removes with a POST
    assert lead.post(f"/papers/{wrong.id}/remove").status_code == 403
    page = officer.get(f"/papers/{wrong.id}/remove")
    assert page.status_code == 200 and b"Remove version 2 of" in page.data
    assert officer.post(f"/papers/{wrong.id}/remove").status_code == 302
    meeting = _versions(ready.id)
    assert meeting.pack_state == PackState.QUEUED and meeting.pack_sha256 is None
    assert officer.get(f"/meetings/{ready.id}/pack.pdf").status_code == 404  # not served now
    assert officer.get(f"/papers/{wrong.id}/download").status_code == 404
    assert tasks.build_agenda_packs() == 1
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(_pack(officer, ready))).pages]
    assert "Skills paper page one" in texts[2] and not any("A wrong file" in t for t in texts)
    # the whole confidential paper goes too
    zone = next(i for i in meeting.items if i.title == "Investment zone negotiations")
    brief = zone.papers[0]
    assert officer.post(f"/items/{zone.id}/papers/{brief.id}/remove").status_code == 302
    tasks.build_agenda_packs()
    meeting = _versions(ready.id)
    assert next(i for i in meeting.items if i.id == zone.id).papers == []
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(_pack(officer, ready))).pages)
    assert "Negotiating position" not in text and "Zone brief" not in text
    assert _published_count(ready) == emails  # rebuilding emails nobody again
    actions = set(_db.session.scalars(select(AuditEntry.action)))
    assert {"paper.version_removed", "paper.removed", "meeting.pack_built"} <= actions
    assert b"Version 2" not in officer.get(f"/items/{skills.id}").data


def test_papers_cannot_be_removed_once_the_minutes_are_approved(app, db, cast, ready):
    officer = sign_in_client(app, cast["officer"])
    skills = next(i for i in _versions(ready.id).items if i.title == "Skills pact")
    version = skills.papers[0].versions[0]
    meeting = _db.session.get(Meeting, ready.id)
    meeting.status = MeetingStatus.MINUTES_APPROVED
    _db.session.commit()
    response = officer.post(f"/papers/{version.id}/remove", follow_redirects=True)
    assert b"minutes of this meeting are approved" in response.data
    _db.session.expire_all()
    assert _db.session.get(PaperVersion, version.id).removed_at is None
    assert b"Remove this paper" not in officer.get(f"/items/{skills.id}").data
