"""The Constitution's pages, exports and API as people use them: the version in force with
its rules in words, as at a date, versions compared, PDF and Word opened, amendments through
the forms, and the meeting quorum following the version in force."""

from __future__ import annotations

import io
from datetime import date, timedelta
from fractions import Fraction

from docx import Document as WordDocument
from pypdf import PdfReader

from network.governance.constitution import queries, services
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
)
from network.governance.constitution.models import Amendment, AmendmentStatus
from network.members.services.tokens import create_api_token
from network.time import today
from network.workplan.minutes.services import quorum
from tests.conftest import sign_in_client
from tests.governance.constitution_factories import version_in_force

STRICT = DecisionRule(Fraction(2, 3), QuorumBasis.PRESENT, Majority.SIMPLE,
                      MajorityBase.VOTES_CAST)


def _two_versions(db):
    """Version 1 from 3 June 2024 and version 2 (a moved, a renumbered and an amended
    clause, a stricter quorum) from 1 March 2026."""
    from network.governance.constitution.demo import demo_document
    from network.governance.constitution.document import apply_changes

    first = version_in_force(effective_from=date(2024, 6, 3))

    class C:  # a change as the amendment would hold it
        def __init__(self, **kw):
            self.__dict__.update({"clause_key": "", "part_key": "", "after_clause_key": "",
                                  "number": "", "heading": "", "text": "",
                                  "decision_type": "", "rule": None, **kw})

    doc = apply_changes(demo_document(), [
        C(kind="amend", clause_key="written-procedure", heading="Written procedure",
          text="Between meetings the Secretariat may put a motion to the member offices in "
               "writing, with a voting window of at least three working days."),
        C(kind="move", clause_key="register", part_key="officers",
          after_clause_key="secretariat", number="5.4"),
        C(kind="renumber", clause_key="name", number="1.0")])
    second = version_in_force({DecisionType.ORDINARY: STRICT}, document=doc,
                              effective_from=date(2026, 3, 1))
    db.session.commit()
    return first, second


def test_the_constitution_page_shows_the_text_contents_and_rules_in_words(db, client_request):
    version_in_force()
    db.session.commit()
    page = client_request.get("constitution.index", _as="observer")
    text = page.text
    assert "Part 1: Name and purpose" in text and "Part 7: Amendments" in text
    assert page.find("a", href="#part-decisions") is not None  # the contents
    assert page.find("strong") is not None and "UK Mayors Network" in text  # Markdown
    assert "Half of the member offices, counting offices present" in text
    assert "At least two-thirds of all member offices" in text
    assert "More than half of votes cast (a simple majority)" in text
    assert "Not carried (no casting vote)" in text and "Alternative vote" in text


def test_as_at_a_date_shows_the_version_that_took_effect_that_day(db, client_request):
    _two_versions(db)
    day = client_request.get("constitution.as_at", _as="lead_a",
                             on=["1", "3", "2026"])
    assert "This is version 2, the version in force on 1 March 2026" in day.text
    before = client_request.get("constitution.as_at", _as="lead_a",
                                on=["28", "2", "2026"])
    assert "This is version 1, the version in force on 28 February 2026" in before.text
    none = client_request.get("constitution.as_at", _as="lead_a",
                              on=["1", "1", "2020"])
    assert "No version of the Constitution was in force on 1 January 2020" in none.text
    bad = client_request.get("constitution.as_at", _as="lead_a", _expected_status=400,
                             on=["31", "2", "2026"])
    assert "Date must be a real date" in bad.text


def test_two_versions_side_by_side_with_a_redline(db, client_request):
    _two_versions(db)
    page = client_request.get("constitution.compare", _as="staff_a", old="2", new="1")
    assert page.h1 == "Version 1 and version 2 compared"
    html = page.data.decode()
    assert "inserted: </span>three" in html and "deleted: </span>five" in html
    assert "Moved from Part 4, clause 4.4" in page.text
    assert "Renumbered from 1.1" in page.text
    assert "Ordinary decision: rule changed" in page.text
    assert "Two-thirds of the member offices, counting offices present" in page.text
    same = client_request.get("constitution.compare", _as="staff_a", old="1", new="1",
                              _expected_status=302)
    assert same.location.endswith("/constitution/versions")
    client_request.get("constitution.compare", _as="staff_a", old="1", new="99",
                       _expected_status=404)


def test_a_version_exports_as_pdf_and_word_with_contents_and_its_date(db, client_request):
    version_in_force(effective_from=date(2024, 6, 3))
    db.session.commit()
    pdf = client_request.get("constitution.version_pdf", _as="observer", number=1)
    reader = PdfReader(io.BytesIO(pdf.data))
    first = reader.pages[0].extract_text()
    assert "in force from 3 June 2024" in first and "Contents" in first
    assert "Part 4: Decisions" in first
    everything = " ".join(p.extract_text() for p in reader.pages)
    assert "Between meetings the Secretariat may put a motion" in everything
    word = client_request.get("constitution.version_docx", _as="observer", number=1)
    document = WordDocument(io.BytesIO(word.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Version 1, in force from 3 June 2024." in paragraphs
    contents = paragraphs.index("Contents")
    assert paragraphs[contents + 1] == "Part 1: Name and purpose"
    assert "UK Mayors Network" in " ".join(paragraphs) and "**" not in " ".join(paragraphs)
    assert any(p.startswith("Quorum: Half of the member offices") for p in paragraphs)


def test_the_meeting_quorum_follows_the_version_in_force(app, db, cast):
    meeting = cast.meeting(20)
    assert quorum(meeting).rule is None  # no Constitution yet: no rule
    version_in_force(effective_from=today() - timedelta(days=400))
    db.session.commit()
    assert quorum(meeting).rule == Fraction(1, 2) and quorum(meeting).needed == 1
    version_in_force({DecisionType.ORDINARY: DecisionRule(
        Fraction(1, 1), QuorumBasis.PRESENT, Majority.SIMPLE, MajorityBase.VOTES_CAST)},
        effective_from=today() + timedelta(days=10))
    db.session.commit()
    assert quorum(meeting).rule == 1 and quorum(meeting).needed == 2  # the meeting's day
    page = sign_in_client(app, cast["officer"])
    meeting.status = type(meeting.status)("held")
    db.session.commit()
    text = page.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert "2 needed (1 of the membership, under version 2 of the Constitution)" in text


def test_an_amendment_through_the_pages_to_ready_to_put(app, db, cast, client_request):
    version_in_force()
    db.session.commit()
    lead = "lead_a"
    client_request.post("constitution.new_amendment", _as=lead, _expected_status=400, _data={
        "title": "Seconded", "seconder": str(cast["office_a"].id)})  # own office refused
    made = client_request.post("constitution.new_amendment", _as=lead, _data={
        "title": "Three working days", "seconder": str(cast["office_b"].id)})
    amendment = db.session.query(Amendment).one()
    assert made.location.endswith(f"/constitution/amendments/{amendment.id}")
    form = client_request.get("constitution.new_change", _as=lead, amendment_id=amendment.id,
                              kind="amend", clause="written-procedure")
    assert "voting window of at least five working days" in form.text  # starts from it
    client_request.post("constitution.new_change", _as=lead, amendment_id=amendment.id,
                        kind="amend", _data={
                            "clause": "written-procedure", "heading": "Written procedure",
                            "text": "A voting window of at least three working days."})
    refused = client_request.post("constitution.new_change", _as=lead, _expected_status=400,
                                  amendment_id=amendment.id, kind="rule", _data={
                                      "decision_type": "ordinary", "quorum": "3/2",
                                      "quorum_basis": "present", "majority": "simple",
                                      "base": "votes_cast", "recording": "by_name"})
    assert "cannot be more than the whole membership" in refused.text
    assert refused.find("div", class_="govuk-error-summary") is not None
    client_request.post("constitution.amendment_step", _as=lead, amendment_id=amendment.id,
                        step="propose")
    page = client_request.get("constitution.amendment", _as=lead, amendment_id=amendment.id)
    assert "The seconder office has not yet seconded the amendment." in page.text
    assert "inserted: </span>three" in page.data.decode()
    client_request.post("constitution.amendment_step", _as="lead_b",
                        amendment_id=amendment.id, step="second")
    page = client_request.get("constitution.amendment", _as="officer",
                              amendment_id=amendment.id)
    assert "Ready to put to a motion" in page.text
    db.session.expire_all()
    assert db.session.get(Amendment, amendment.id).status == AmendmentStatus.PROPOSED


def test_the_api_reads_current_as_at_versions_and_the_redline(client, db, cast):
    _two_versions(db)
    _, raw = create_api_token(cast["lead_a"], cast["office_a"], "constitution")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    current = client.get("/api/v1/constitution", headers=headers).get_json()
    assert current["number"] == 2 and current["effective_from"] == "2026-03-01"
    ordinary = next(r for r in current["rules"] if r["decision_type"] == "ordinary")
    assert ordinary["quorum"] == "2/3"
    at = client.get("/api/v1/constitution/as-at?date=2026-02-28", headers=headers)
    assert at.get_json()["number"] == 1
    assert client.get("/api/v1/constitution/as-at?date=2020-01-01",
                      headers=headers).status_code == 404
    bad = client.get("/api/v1/constitution/as-at?date=yesterday", headers=headers)
    assert bad.status_code == 422 and "error" in bad.get_json()
    red = client.get("/api/v1/constitution/redline?old=1&new=2", headers=headers).get_json()
    assert red["counts"]["moved"] == 1 and red["counts"]["renumbered"] >= 1
    assert red["rules"][0]["decision_type"] == "ordinary"
    assert client.get("/api/v1/constitution/redline?old=1&new=99999999999",
                      headers=headers).status_code == 422
    assert len(client.get("/api/v1/constitution/versions", headers=headers).get_json()) == 2
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "VersionSchema" in str(spec["components"]["schemas"].keys()) or (
        "Version" in spec["components"]["schemas"])




def test_a_competing_amendment_is_told_which_one_it_competes_with(db, cast, client_request):
    version_in_force()
    db.session.commit()
    for title in ("Five days", "Seven days"):
        client_request.post("constitution.new_amendment", _as="officer", _data={"title": title})
    first, second = db.session.query(Amendment).order_by(Amendment.id).all()
    data = {"clause": "written-procedure", "heading": "Written procedure", "text": "Changed."}
    client_request.post("constitution.new_change", _as="officer", amendment_id=first.id,
                        kind="amend", _data=data)
    told = client_request.post("constitution.new_change", _as="officer", _follow=True,
                               amendment_id=second.id, kind="amend", _data=data)
    assert (f"competes with Amendment A-{first.id} (\u201cFive days\u201d), which also changes "
            "clause 4.3") in told.text
    page = client_request.get("constitution.amendment", _as="lead_a", amendment_id=second.id)
    assert f"Competes with Amendment A-{first.id}: Five days, which also changes clause 4.3" in (
        page.text)


def test_constitution_and_amendment_pages_query_counts_do_not_grow(app, db, cast):
    from tests.queries import counting_queries

    version_in_force()
    db.session.commit()
    officer = cast["officer"]
    client = sign_in_client(app, officer)
    first = services.draft_amendment(officer, title="First")
    db.session.commit()

    def counts():
        found = {}
        for path in ("/constitution/", "/constitution/amendments",
                     f"/constitution/amendments/{first.id}", "/constitution/versions/1"):
            with counting_queries() as statements:
                assert client.get(path).status_code == 200, path
            found[path] = len(statements)
        return found

    services.add_change(officer, first, "renumber", {"clause_key": "name", "number": "1.9"})
    db.session.commit()
    small = counts()
    for n in range(5):
        services.draft_amendment(officer, title=f"Another {n}")
        services.add_change(officer, queries.with_changes(first), "delete",
                            {"clause_key": ["register", "minutes", "timetable", "chair-role",
                                            "versions"][n]})
    db.session.commit()
    assert counts() == small
    assert max(small.values()) <= 20, small  # the amendment page reads two texts


def test_the_decision_and_the_version_it_adopted_link_both_ways(db, cast, client_request):
    from network.governance.decisions.services import record_decision

    version_in_force()
    amendment = services.draft_amendment(cast["officer"], title="Renumbering")
    services.add_change(cast["officer"], amendment, "renumber",
                        {"clause_key": "name", "number": "1.0"})
    services.propose_amendment(cast["officer"], amendment)
    services.put_amendment(amendment, motion_id=11, actor=cast["officer"])
    _, item = cast.held_meeting()
    decision = record_decision(cast["officer"], item, "The amendment is carried.")
    version = services.adopt_amendment(amendment, decision_id=decision.id, motion_id=11,
                                       actor=cast["admin"])
    db.session.commit()
    page = client_request.get("decisions.detail", _as="lead_a", decision_id=decision.id)
    assert page.find("a", href=f"/constitution/versions/{version.number}") is not None
    shown = client_request.get("constitution.version", _as="lead_a", number=version.number)
    assert shown.find("a", href=f"/decisions/{decision.id}") is not None
    assert "Amendment A-" in shown.text
