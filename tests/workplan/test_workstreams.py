"""Workstreams: the pages as each role, status updates with their history, milestones and
risks, bad input refused with nothing saved, audit entries, and what is linked to a workstream
shown as far as the reader may see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.governance.decisions.services import record_decision
from network.members.models import OfficeStatus
from network.time import today
from network.workplan.actions.services import create_action
from network.workplan.workstreams import services as service
from network.workplan.workstreams.models import (
    Milestone,
    MilestoneStatus,
    Risk,
    StatusUpdate,
    Workstream,
    WorkstreamStatus,
)
from tests.factories import AgendaItemFactory, OfficeFactory


def _date(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def make_stream(cast, name="Devolution", lead="a", co_leads=(), ends_on=None, **extra):
    """A workstream set up by the officer, led by office `lead`, committed."""
    from network.extensions import db

    stream = service.create_workstream(cast["officer"], {
        "name": name, "objectives": "Deeper devolution deals", "description": "Devolution",
        "lead_office_id": cast[f"office_{lead}"].id, "ends_on": ends_on,
        "co_lead_office_ids": [cast[f"office_{k}"].id for k in co_leads], **extra})
    db.session.commit()
    return stream


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _audited(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- pages as each role --------------------------------------------------------------------

@pytest.mark.parametrize("who, status_button, edit_button", [
    ("admin", True, True), ("officer", True, True), ("lead_a", True, False),
    ("staff_a", False, False), ("lead_b", False, False), ("staff_b", False, False),
])
def test_the_workstream_page_as_each_member_of_the_network(db, cast, client_request, who,
                                                          status_button, edit_button):
    stream = make_stream(cast)
    listed = client_request.get("workstreams.index", _as=who)
    assert listed.find("a", href=f"/workstreams/{stream.id}") is not None
    nav = listed.find_all("a", class_="govuk-service-navigation__link")
    assert "Workstreams" in [a.text for a in nav]
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as=who)
    assert page.h1 == "Devolution"
    links = {a.get("href") for a in page.find_all("a")}
    assert (f"/workstreams/{stream.id}/status" in links) == status_button
    assert (f"/workstreams/{stream.id}/edit" in links) == edit_button
    assert ("your mayor or chief of staff" in page.text) == (who == "staff_a")


def test_observers_see_no_workstream(db, cast, client_request):
    stream = make_stream(cast)
    client_request.get("workstreams.index", _as="observer", _expected_status=403)
    client_request.get("workstreams.detail", workstream_id=stream.id, _as="observer",
                       _expected_status=404)
    home = client_request.get("pages.home", _as="observer")
    assert home.find("a", href="/workstreams/") is None


def test_the_list_filters_by_status_and_lead_office_and_pages(db, cast, client_request):
    for n in range(27):
        make_stream(cast, name=f"Stream {n:02d}", lead="a" if n % 2 else "b")
    red = make_stream(cast, name="Zz red one")
    service.post_status_update(cast["officer"], red, "red", "Funding gap")
    db.session.commit()
    first = client_request.get("workstreams.index", _as="officer")
    assert len(first.find("tbody").find_all("tr")) == 25
    assert first.find("a", href="/workstreams/?page=2") is not None
    second = client_request.get("workstreams.index", page=2, _as="officer")
    assert len(second.find("tbody").find_all("tr")) == 3
    reds = client_request.get("workstreams.index", status="red", _as="lead_a")
    assert [r.find("th").text for r in reds.find("tbody").find_all("tr")] == ["Zz red one"]
    led_by_b = client_request.get("workstreams.index", lead_office=cast["office_b"].id,
                                  _as="lead_a")
    assert len(led_by_b.find("tbody").find_all("tr")) == 14
    client_request.get("workstreams.index", status="purple", _as="lead_a",
                       _expected_status=400)


# --- set up and edit (secretariat) -----------------------------------------------------------

def _stream_form(cast, **changes) -> dict:
    data = {"name": "Local growth", "objectives": "Growth plans in every region",
            "description": "", "lead_office": str(cast["office_a"].id),
            "co_lead_offices": [str(cast["office_b"].id)], "participating_offices": [],
            "secretariat_lead": str(cast["officer"].id),
            "ends_on": _date(today() + timedelta(days=300))}
    data.update(changes)
    return data


def test_the_secretariat_sets_up_and_edits_a_workstream(db, cast, client_request):
    client_request.get("workstreams.new", _as="officer")
    page = client_request.post("workstreams.new", _as="officer", _data=_stream_form(cast))
    stream = db.session.scalar(select(Workstream).where(Workstream.name == "Local growth"))
    assert page.location == f"/workstreams/{stream.id}"
    assert stream.status == WorkstreamStatus.GREEN and stream.slug == "local-growth"
    assert stream.secretariat_lead_id == cast["officer"].id
    detail = client_request.get("workstreams.detail", workstream_id=stream.id, _as="lead_b")
    assert cast["office_b"].name in detail.text and "Workstream set up" in detail.text
    client_request.get("workstreams.edit", workstream_id=stream.id, _as="officer")
    client_request.post("workstreams.edit", workstream_id=stream.id, _as="officer",
                        _data=_stream_form(cast, name="Local growth and skills",
                                           co_lead_offices=[],
                                           participating_offices=[str(cast["office_b"].id)]))
    db.session.expire_all()
    stream = db.session.get(Workstream, stream.id)
    assert stream.name == "Local growth and skills"
    created, = _audited(db, "workstream.created")
    assert created.after["co_lead_office_ids"] == [cast["office_b"].id]
    updated, = _audited(db, "workstream.updated")
    assert updated.before["co_lead_office_ids"] == [cast["office_b"].id]
    assert updated.after["participating_office_ids"] == [cast["office_b"].id]
    assert updated.after["co_lead_office_ids"] == []


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Enter name"),
    ({"objectives": ""}, "Enter objectives"),
    ({"lead_office": ""}, "Select the lead office"),
    ({"co_lead_offices": ["999999"]}, "Choose the co-lead offices from the list"),
])
def test_bad_workstream_input_is_refused_on_the_form(db, cast, client_request, changes,
                                                     message):
    page = client_request.post("workstreams.new", _as="officer", _expected_status=400,
                               _data=_stream_form(cast, **changes))
    assert message in page.text
    assert _count(db, Workstream) == 0 and not _audited(db, "workstream.created")


def test_a_lead_office_that_is_not_a_member_is_refused(db, cast, client_request):
    gone = OfficeFactory(status=OfficeStatus.LEFT)
    db.session.commit()
    page = client_request.post("workstreams.new", _as="officer", _expected_status=400,
                               _data=_stream_form(cast, lead_office=str(gone.id)))
    assert "Select a lead office that is a member of the network" in page.text
    assert _count(db, Workstream) == 0
    from network.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="a member of the network"):  # the service too
        service.create_workstream(cast["officer"], {"name": "X", "objectives": "Y",
                                                    "lead_office_id": gone.id})


def test_only_the_secretariat_sets_up_or_edits(db, cast, client_request):
    stream = make_stream(cast)
    client_request.post("workstreams.new", _as="lead_a", _expected_status=403,
                        _data=_stream_form(cast))
    client_request.post("workstreams.edit", workstream_id=stream.id, _as="lead_a",
                        _expected_status=403, _data=_stream_form(cast))
    assert _count(db, Workstream) == 1


# --- status updates ------------------------------------------------------------------------

def test_the_lead_office_posts_a_status_update_and_the_history_shows_it(db, cast,
                                                                        client_request):
    stream = make_stream(cast)
    form = client_request.get("workstreams.update_status", workstream_id=stream.id, _as="lead_a")
    assert "closed" not in {i.get("value") for i in form.find_all("input", type="radio")}
    client_request.post("workstreams.update_status", workstream_id=stream.id, _as="lead_a",
                        _data={"status": "amber", "commentary": "Treasury response delayed"})
    db.session.expire_all()
    assert db.session.get(Workstream, stream.id).status == WorkstreamStatus.AMBER
    update = db.session.scalar(select(StatusUpdate).where(StatusUpdate.status == "amber"))
    assert (update.person_id, update.previous_status) == (cast["lead_a"].id,
                                                          WorkstreamStatus.GREEN)
    entry, = _audited(db, "workstream.status_updated")
    assert entry.before == {"status": "green"} and entry.after["status"] == "amber"
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="staff_b")
    assert "Treasury response delayed" in page.text and cast["lead_a"].name in page.text


def test_a_status_update_needs_a_commentary_and_a_lead_may_not_close(db, cast, client_request):
    stream = make_stream(cast)
    page = client_request.post("workstreams.update_status", workstream_id=stream.id,
                               _as="lead_a", _expected_status=400,
                               _data={"status": "red", "commentary": " "})
    assert "Enter a commentary: what has changed" in page.text
    page = client_request.post("workstreams.update_status", workstream_id=stream.id,
                               _as="lead_a", _expected_status=400,
                               _data={"status": "closed", "commentary": "Done"})
    assert "Select red, amber or green" in page.text
    assert _count(db, StatusUpdate) == 1  # the set-up row only
    assert not _audited(db, "workstream.status_updated")


def test_co_leads_report_staff_and_other_offices_do_not(db, cast, client_request):
    stream = make_stream(cast, co_leads=("b",))
    client_request.post("workstreams.update_status", workstream_id=stream.id, _as="lead_b",
                        _data={"status": "green", "commentary": "Co-lead view"})
    client_request.post("workstreams.update_status", workstream_id=stream.id, _as="staff_a",
                        _expected_status=403, _data={"status": "red", "commentary": "No"})
    other = make_stream(cast, name="Other", lead="b")
    client_request.post("workstreams.update_status", workstream_id=other.id, _as="lead_a",
                        _expected_status=403, _data={"status": "red", "commentary": "No"})
    assert _count(db, StatusUpdate, StatusUpdate.commentary == "No") == 0


def test_once_the_secretariat_closes_it_the_lead_reads_only(db, cast, client_request):
    stream = make_stream(cast)
    client_request.post("workstreams.update_status", workstream_id=stream.id, _as="officer",
                        _data={"status": "closed", "commentary": "Objectives met"})
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="lead_a")
    assert "This workstream is closed" in page.text
    client_request.get("workstreams.update_status", workstream_id=stream.id, _as="lead_a",
                       _expected_status=403)
    client_request.get("workstreams.new_milestone", workstream_id=stream.id, _as="lead_a",
                       _expected_status=403)
    page = client_request.post("workstreams.new_milestone", workstream_id=stream.id,
                               _as="officer", _expected_status=400, _data={
                                   "title": "Late", "due_on": _date(today()),
                                   "status": "not_started"})
    assert "This workstream is closed" in page.text
    assert _count(db, Milestone) == 0


# --- milestones ----------------------------------------------------------------------------

def test_the_lead_adds_changes_and_completes_milestones(db, cast, client_request):
    stream = make_stream(cast, ends_on=today() + timedelta(days=100))
    client_request.get("workstreams.new_milestone", workstream_id=stream.id, _as="lead_a")
    client_request.post("workstreams.new_milestone", workstream_id=stream.id, _as="lead_a",
                        _data={"title": "Joint letter to ministers",
                               "due_on": _date(today() + timedelta(days=30)),
                               "status": "in_progress", "evidence_url": ""})
    milestone = db.session.scalar(select(Milestone))
    client_request.get("workstreams.edit_milestone", workstream_id=stream.id,
                       milestone_id=milestone.id, _as="lead_a")
    client_request.post("workstreams.edit_milestone", workstream_id=stream.id,
                        milestone_id=milestone.id, _as="lead_a", _data={
                            "title": "Joint letter sent", "status": "in_progress",
                            "due_on": _date(today() + timedelta(days=40)),
                            "evidence_url": "https://www.gov.uk/letter"})
    client_request.post("workstreams.milestone_done", workstream_id=stream.id,
                        milestone_id=milestone.id, _as="lead_a",
                        _expected_redirect=f"/workstreams/{stream.id}#milestones")
    db.session.expire_all()
    milestone = db.session.get(Milestone, milestone.id)
    assert milestone.status == MilestoneStatus.DONE and milestone.completed_on == today()
    assert milestone.evidence_url == "https://www.gov.uk/letter"
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "milestone").order_by(AuditEntry.id))] == [
        "milestone.added", "milestone.updated", "milestone.updated"]
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="staff_a")
    assert page.find("a", href="https://www.gov.uk/letter") is not None


@pytest.mark.parametrize("changes, message", [
    ({"due_on": 101}, "The due date must be on or before"),
    ({"evidence_url": "http://example.org/x"}, "Evidence link must be a web address starting "
                                               "with https://"),
    ({"evidence_url": "javascript:alert(1)"}, "starting with https://"),
    ({"title": ""}, "Enter milestone"),
    ({"status": "finished"}, "Select not started, in progress, done or missed"),
])
def test_bad_milestones_are_refused_and_nothing_is_saved(db, cast, client_request, changes,
                                                         message):
    stream = make_stream(cast, ends_on=today() + timedelta(days=100))
    data = {"title": "Report", "due_on": _date(today() + timedelta(days=10)),
            "status": "not_started", "evidence_url": ""}
    if "due_on" in changes:
        changes = {"due_on": _date(today() + timedelta(days=changes["due_on"]))}
    data.update(changes)
    page = client_request.post("workstreams.new_milestone", workstream_id=stream.id,
                               _as="lead_a", _expected_status=400, _data=data)
    assert message in page.text
    assert _count(db, Milestone) == 0 and not _audited(db, "milestone.added")


def test_a_milestone_of_another_workstream_is_not_found(db, cast, client_request):
    mine, theirs = make_stream(cast), make_stream(cast, name="Theirs", lead="b")
    milestone = service.add_milestone(cast["officer"], theirs, {
        "title": "Theirs", "due_on": today()})
    db.session.commit()
    client_request.get("workstreams.edit_milestone", workstream_id=mine.id,
                       milestone_id=milestone.id, _as="lead_a", _expected_status=404)


# --- risks ---------------------------------------------------------------------------------

def _risk_form(cast, **changes) -> dict:
    data = {"description": "Spending review cuts the pot", "likelihood": "4", "impact": "5",
            "mitigation": "Joint case to the Treasury", "owner_office": str(cast["office_a"].id),
            "owner_person": "", "review_on": _date(today() + timedelta(days=30))}
    data.update(changes)
    return data


def test_the_lead_adds_rescores_and_closes_a_risk(db, cast, client_request):
    stream = make_stream(cast)
    client_request.get("workstreams.new_risk", workstream_id=stream.id, _as="lead_a")
    client_request.post("workstreams.new_risk", workstream_id=stream.id, _as="lead_a",
                        _data=_risk_form(cast))
    risk = db.session.scalar(select(Risk))
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="staff_b")
    assert "20 high" in page.text and "Joint case to the Treasury" in page.text
    client_request.get("workstreams.edit_risk", workstream_id=stream.id, risk_id=risk.id,
                       _as="lead_a")
    client_request.post("workstreams.edit_risk", workstream_id=stream.id, risk_id=risk.id,
                        _as="lead_a", _data=_risk_form(cast, likelihood="2",
                                                       owner_person=str(cast["lead_a"].id)))
    db.session.expire_all()
    risk = db.session.get(Risk, risk.id)
    assert risk.score == 10 and risk.owner_person_id == cast["lead_a"].id
    client_request.post("workstreams.close_risk", workstream_id=stream.id, risk_id=risk.id,
                        _as="lead_a")
    db.session.expire_all()
    assert not db.session.get(Risk, risk.id).is_open
    client_request.get("workstreams.edit_risk", workstream_id=stream.id, risk_id=risk.id,
                       _as="lead_a", _expected_status=404)
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "risk").order_by(AuditEntry.id))] == [
        "risk.added", "risk.updated", "risk.closed"]


@pytest.mark.parametrize("changes, message", [
    ({"owner_office": "", "owner_person": ""}, "Choose who owns the risk"),
    ({"likelihood": "6"}, "Select the likelihood, from 1 to 5"),
    ({"impact": "0"}, "Select the impact, from 1 to 5"),
    ({"likelihood": ""}, "Select the likelihood, from 1 to 5"),
    ({"mitigation": ""}, "Enter mitigation"),
    ({"review_on": _date(today() - timedelta(days=1))}, "The review date must be today"),
])
def test_bad_risks_are_refused_and_nothing_is_saved(db, cast, client_request, changes,
                                                    message):
    stream = make_stream(cast)
    page = client_request.post("workstreams.new_risk", workstream_id=stream.id, _as="lead_a",
                               _expected_status=400, _data=_risk_form(cast, **changes))
    assert message in page.text
    assert _count(db, Risk) == 0 and not _audited(db, "risk.added")


def test_a_risk_owner_is_chosen_from_people_grouped_by_office(db, cast, client_request):
    stream = make_stream(cast)
    page = client_request.get("workstreams.new_risk", workstream_id=stream.id, _as="lead_a")
    owner = page.find("select", id="owner_person")
    groups = {g.get("label"): [o.get("value") for o in g.find_all("option")]
              for g in owner.find_all("optgroup")}
    assert list(groups) == ["Secretariat", *sorted([cast["office_a"].name,
                                                    cast["office_b"].name])]
    assert set(groups[cast["office_a"].name]) == {str(cast["lead_a"].id), str(cast["staff_a"].id)}
    assert set(groups["Secretariat"]) == {str(cast["admin"].id), str(cast["officer"].id)}
    page = client_request.post("workstreams.new_risk", workstream_id=stream.id, _as="lead_a",
                               _expected_status=400,
                               _data=_risk_form(cast, owner_person=str(cast["observer"].id)))
    assert "Select an owner from the list" in page.find("div", class_="govuk-error-summary").text
    assert _count(db, Risk) == 0


def test_a_risk_owner_from_another_office_is_refused(db, cast, client_request):
    stream = make_stream(cast)
    page = client_request.post("workstreams.new_risk", workstream_id=stream.id, _as="officer",
                               _expected_status=400,
                               _data=_risk_form(cast, owner_person=str(cast["lead_b"].id)))
    assert f"{cast['lead_b'].name} is not in {cast['office_a'].name}" in page.text
    assert _count(db, Risk) == 0


# --- what is linked to it ------------------------------------------------------------------

def test_linked_items_papers_decisions_and_actions_as_far_as_the_reader_may_see(
        db, cast, client_request):
    from network.workplan.items.models import Paper, PaperVersion

    stream = make_stream(cast)
    open_meeting, item = cast.held_meeting(title="Open meeting")
    private, hidden = cast.held_meeting(title="Only A", offices=[cast["office_a"]])
    for it in (item, hidden):
        it.workstream_id = stream.id
    paper = Paper(item_id=item.id, title="Devolution paper")
    db.session.add(paper)
    db.session.flush()
    db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="d.pdf", file_type="pdf",
                                size=1, sha256="0" * 64, uploaded_by_id=cast["officer"].id))
    record_decision(cast["officer"], item, "Agreed the **joint ask**")
    record_decision(cast["officer"], hidden, "Agreed in private")
    create_action(cast["officer"], {"description": "Draft the letter", "due_on": today(),
                                    "owner_office_id": cast["office_a"].id,
                                    "workstream_id": stream.id, "item_id": item.id})
    create_action(cast["officer"], {"description": "Private follow-up", "due_on": today(),
                                    "owner_office_id": cast["office_a"].id,
                                    "workstream_id": stream.id, "item_id": hidden.id})
    AgendaItemFactory(meeting=open_meeting, title="Unrelated item")
    db.session.commit()
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="lead_a")
    for text in ("Devolution deal (Open meeting)", "Devolution deal (Only A)",
                 "Devolution paper", "joint ask", "Agreed in private", "Draft the letter",
                 "Private follow-up"):
        assert text in page.text, text
    assert "Unrelated item" not in page.text
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="lead_b")
    assert "Devolution deal (Open meeting)" in page.text and "joint ask" in page.text
    assert "Draft the letter" in page.text  # office a's action of a meeting b was invited to
    for text in ("Devolution deal (Only A)", "Agreed in private", "Private follow-up"):
        assert text not in page.text, text


def test_the_status_values_are_rag(db):
    assert [s.value for s in WorkstreamStatus] == ["red", "amber", "green", "closed"]


def test_the_page_lists_its_open_policy_developments_bounded_with_the_tracker_link(
        db, cast, client_request, monkeypatch):
    from network.workplan.workstreams import queries as wq
    from tests.factories import PolicyEntryFactory

    stream, other = make_stream(cast), make_stream(cast, name="Transport")
    for n in range(3):
        PolicyEntryFactory(actor=cast["officer"], title=f"Spending review {n}",
                           workstream_ids=[stream.id])
    PolicyEntryFactory(actor=cast["officer"], title="Closed review", status="closed",
                       workstream_ids=[stream.id])
    PolicyEntryFactory(actor=cast["officer"], title="Bus reform", workstream_ids=[other.id])
    db.session.commit()
    monkeypatch.setattr(wq, "LINKED_LIMIT", 2)
    page = client_request.get("workstreams.detail", workstream_id=stream.id, _as="lead_b")
    assert page.find("h2", id="policy").text == "Policy developments"
    titles = [a.text for a in page.find_all("a") if a.text.startswith(("Spending", "Closed",
                                                                       "Bus"))]
    assert titles == ["Spending review 2", "Spending review 1"]  # newest first, two of three
    assert "Showing the 2 newest developments." in page.text
    assert page.find("a", href=f"/policy-tracker/?workstream={stream.id}") is not None
