"""The audit log in words: readable actions, objects named and linked, changed fields as a
summary list; the raw entries in the JSON Lines export; a flat query count."""

from __future__ import annotations

import json

from network import audit
from network.audit import AuditEntry
from network.audit_display import action_sentence, describe, humanise, type_name
from network.extensions import db
from tests.factories import AgendaItemFactory
from tests.queries import counting_queries


def _row_of(page, words: str):
    rows = [r for r in page.find_all("tr") if words in r.text]
    assert rows, f"no row with {words!r} in:\n{page.text}"
    return rows[0]


def _links(node) -> dict[str, str]:
    return {a.text: a.get("href") for a in node.find_all("a")}


def test_entries_read_as_sentences_with_links_and_changed_fields(client_request, cast):
    meeting = cast.meeting(20, title="Mayors' meeting in spring")
    item = AgendaItemFactory(meeting=meeting, title="Skills devolution")
    lead = cast["lead_a"]
    audit.record("sign_in.password_ok", actor=lead, obj=lead)
    audit.record("meeting.updated", actor=cast["officer"], obj=meeting,
                 before={"title": "Mayors' meeting", "venue": "Leeds", "is_all_offices": True,
                         "starts_at": "2027-03-04T10:00:00+00:00"},
                 after={"title": "Mayors' meeting in spring", "venue": "Leeds",
                        "is_all_offices": False, "starts_at": "2027-03-05T10:00:00+00:00"})
    audit.record("item.deferred", actor=cast["officer"], obj=item,
                 before={"meeting_id": meeting.id}, after={"meeting_id": meeting.id + 999})
    audit.record("widget.frobbed_twice", object_type="gizmo_part", object_id="7",
                 after={"colour_code": "x" * 80})
    db.session.commit()

    page = client_request.get("audit.index", _as="admin")
    text = page.text
    assert "sign_in.password_ok" not in text and "\\u0027" not in text
    assert "agendaitem" not in text and "{" not in text

    signed_in = _row_of(page, "Signed in with a password")
    assert _links(signed_in)[lead.name] == f"/people/{lead.id}"
    assert "Person:" in signed_in.text

    changed = _row_of(page, "Changed a meeting")
    assert _links(changed)["Mayors' meeting in spring"] == f"/meetings/{meeting.id}"
    changes = changed.find("dl", class_="govuk-summary-list")
    keys = [dt.text for dt in changes.find_all("dt")]
    assert keys == ["Title", "Every member office invited", "Starts"]  # venue did not change
    values = [dd.text for dd in changes.find_all("dd")]
    assert values[0] == "Before: Mayors' meeting After: Mayors' meeting in spring"
    assert values[1] == "Before: Yes After: No"
    assert values[2] == "Before: 4 March 2027 at 10:00am After: 5 March 2027 at 10:00am"

    deferred = _row_of(page, "Deferred an item to another meeting")
    assert "Agenda item:" in deferred.text
    links = _links(deferred)
    assert links["Skills devolution"] == f"/items/{item.id}"
    assert links["Mayors' meeting in spring"] == f"/meetings/{meeting.id}"  # before, linked
    assert f"Meeting {meeting.id + 999}" in deferred.text  # gone: named, not linked

    unknown = _row_of(page, "Widget frobbed twice")  # nobody registered it: still readable
    assert "Gizmo part: Gizmo part 7" in unknown.text and "Colour code" in unknown.text


def test_fallbacks_never_fail():
    assert action_sentence("sign_in.password_ok") == "Signed in with a password"
    assert action_sentence("made_up.thing") == "Made up thing"
    assert action_sentence("") == "Unnamed"
    assert humanise("owner_office_id") == "Owner office"
    assert humanise("is_confidential") == "Confidential"
    assert type_name("agendaitem") == "Agenda item"
    assert type_name("no_such_type") == "No such type"


def test_export_has_the_raw_entries_as_recorded(client_request, cast):
    meeting = cast.meeting(20)
    audit.record("meeting.updated", actor=cast["officer"], obj=meeting,
                 before={"title": "Mayors' meeting"}, after={"title": "Mayors' spring meeting"})
    db.session.commit()
    page = client_request.get("audit.export", _as="admin")
    assert page.response.mimetype == "application/x-ndjson"
    assert "attachment" in page.response.headers["Content-Disposition"]
    rows = [json.loads(line) for line in page.data.decode().splitlines()]
    updated = next(r for r in rows if r["action"] == "meeting.updated")
    assert updated["object_type"] == "meeting" and updated["object_id"] == str(meeting.id)
    assert updated["before"] == {"title": "Mayors' meeting"}
    assert updated["after"] == {"title": "Mayors' spring meeting"}
    assert "Mayors' meeting" in page.data.decode()  # not \u0027
    assert {r["action"] for r in rows} >= {"meeting.created", "meeting.opened_for_items"}

    only = client_request.get("audit.export", _as="admin", object_type="meeting",
                              object_id=str(meeting.id))
    assert {json.loads(line)["object_id"] for line in only.data.decode().splitlines()} == {
        str(meeting.id)}


def test_export_streams_every_entry_across_batches(client_request, cast, monkeypatch):
    from network.members.views import audit_log

    monkeypatch.setattr(audit_log, "EXPORT_BATCH", 3)
    for n in range(8):
        audit.record("sign_in.failed", actor_label=f"someone{n}@example.org")
    db.session.commit()
    page = client_request.get("audit.export", _as="admin", person="someone")
    ids = [json.loads(line)["id"] for line in page.data.decode().splitlines()]
    assert len(ids) == 8 and ids == sorted(ids, reverse=True)


def _entries_of_every_kind(cast, n: int) -> None:
    for i in range(n):
        meeting = cast.meeting(20 + i)
        item = AgendaItemFactory(meeting=meeting)
        audit.record("item.moved", actor=cast["officer"], obj=item, after={"position": i})
        audit.record("meeting.updated", actor=cast["officer"], obj=meeting,
                     before={"workstream_id": None, "secretariat_lead_id": cast["admin"].id},
                     after={"workstream_id": None, "secretariat_lead_id": cast["officer"].id})
        audit.record("office.updated", actor=cast["admin"], obj=cast["office_a"],
                     before={"name": "A"}, after={"name": "B"})
        audit.record("meeting.attendance_recorded", actor=cast["officer"], obj=meeting,
                     after={str(cast["office_a"].id): "present_online",
                            str(cast["office_b"].id): "apologies"})
    db.session.commit()


def test_audit_page_query_count_does_not_grow_with_entries(client_request, cast):
    _entries_of_every_kind(cast, 1)
    client_request.get("audit.index", _as="admin")  # sign in, warm up
    with counting_queries() as few:
        page = client_request.get("audit.index", _as="admin")
    assert "Present online" in _row_of(page, "Recorded attendance").text
    _entries_of_every_kind(cast, 10)
    client_request.get("audit.index", _as="admin")  # as above: objects the commit expired
    with counting_queries() as many:
        page = client_request.get("audit.index", _as="admin")
    assert len(page.find_all("tr")) > 40
    assert len(many) == len(few), "\n".join(many)


def test_odd_stored_values_read_as_they_are_and_never_fail(db):
    """Text that looks like a date stays as typed; a date field holding an impossible or
    out-of-range date is shown as stored; nothing stored can make the page fail."""
    entry = AuditEntry(action="meeting.updated", object_type="meeting", object_id="1",
                       object_label="", actor_label="", ip_address="",
                       before={"title": "2026-03-04", "due_on": "2026-02-30",
                               "starts_at": "0001-01-01T00:00:00+00:00", "odd": [1, {"a": None}]},
                       after={"title": "x", "due_on": "2026-03-01", "starts_at": None,
                              "odd": 99999999999999999999999})
    [view] = describe([entry])
    shown = {c.label: (c.before.text, c.after.text) for c in view.changes}
    assert shown["Title"] == ("2026-03-04", "x")
    assert shown["Due"] == ("2026-02-30", "1 March 2026")
    assert shown["Starts"] == ("0001-01-01T00:00:00+00:00", "None")
    assert shown["Odd"] == ("1, A: None", "99999999999999999999999")
    [weird] = describe([AuditEntry(action="", object_type="", object_id="", object_label="",
                                   actor_label="", ip_address="", before=["a"], after="b")])
    assert weird.sentence == "Unnamed" and weird.actor.text == "The system"
    assert [(c.label, c.after.text) for c in weird.changes] == [("Before", "['a']"),
                                                                ("After", "b")]
