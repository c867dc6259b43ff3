"""How the audit log words the workplan's actions, objects and fields (registered into
network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.workplan.actions.models import Action, ActionStatus
from network.workplan.items.models import AgendaItem, ItemPurpose, Paper
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.minutes.models import AttendanceStatus, RsvpResponse
from network.workplan.workstreams.models import Workstream

words.register_actions({
    "meeting.created": "Created a meeting",
    "meeting.updated": "Changed a meeting",
    "meeting.opened_for_items": "Opened a meeting for item submissions",
    "meeting.cancelled": "Cancelled a meeting",
    "meeting.held": "Marked a meeting as held",
    "meeting.agenda_published": "Published the agenda and papers",
    "meeting.rsvp": "Replied to a meeting invitation",
    "meeting.attendance_recorded": "Recorded attendance",
    "meeting.interest_declared": "Recorded a declaration of interest",
    "calendar_feed.created": "Created a calendar feed address",
    "calendar_feed.revoked": "Stopped a calendar feed address",
    "item.submitted": "Submitted an item",
    "item.added": "Added an item to the agenda",
    "item.edited": "Changed an item",
    "item.withdrawn": "Withdrew an item",
    "item.accepted": "Accepted an item onto the agenda",
    "item.deferred": "Deferred an item to another meeting",
    "item.declined": "Declined an item",
    "item.moved": "Moved an item in the agenda order",
    "paper.uploaded": "Uploaded a paper",
    "minutes.item_saved": "Wrote the minute of an item",
    "minutes.circulated": "Circulated the draft minutes",
    "minutes.recirculated": "Circulated the draft minutes again, with changes",
    "minutes.approved": "Approved the minutes",
    "minutes.revised": "Corrected an approved minute",
    "action.created": "Recorded an action",
    "action.updated": "Updated an action",
})

words.register_object_type("meeting", "Meeting", Meeting, "meetings.detail",
                           lambda m: {"meeting_id": m.id})
words.register_object_type("agendaitem", "Agenda item", AgendaItem, "items.detail",
                           lambda i: {"item_id": i.id})
words.register_object_type("paper", "Paper", Paper, "items.detail",
                           lambda p: {"item_id": p.item_id}, label=lambda p: p.title)
words.register_object_type("action", "Action", Action, "actions.detail",
                           lambda a: {"action_id": a.id})
words.register_object_type("workstream", "Workstream", Workstream)

words.register_fields(
    labels={"starts_at": "Starts", "ends_at": "Ends", "online_link": "Online joining link",
            "logistics_notes": "Logistics notes", "is_all_offices": "Every member office invited",
            "secretariat_lead_id": "Secretariat lead", "minutes_requested": "Minutes requested",
            "is_confidential": "Confidential", "duration": "Minutes on the agenda",
            "position": "Place in the agenda order", "meeting_id": "Meeting", "item_id": "Item",
            "item": "Item", "by": "Declared by", "late": "Published late",
            "pack_sha256": "Agenda pack (SHA-256)", "sha256": "File (SHA-256)",
            "file_type": "File type", "size": "Size in bytes", "approved_at_meeting":
            "Approved at", "owner_office_id": "Owner (office)",
            "owner_person_id": "Owner (person)", "due_on": "Due", "round": "Circulation round",
            "substitute": "Substitute", "response": "Reply", "text": "Text",
            "workstream_id": "Workstream"},
    references={"meeting_id": "meeting", "approved_at_meeting": "meeting",
                "item_id": "agendaitem", "item": "agendaitem", "workstream_id": "workstream",
                "owner_office_id": "office", "owner_person_id": "person",
                "secretariat_lead_id": "person"},
    enums={("meeting", "kind"): MeetingKind, ("meeting", "status"): MeetingStatus,
           ("meeting", "response"): RsvpResponse, ("agendaitem", "purpose"): ItemPurpose,
           ("action", "status"): ActionStatus},
    # attendance is recorded as office id -> attendance status
    keyed_by={"meeting.attendance_recorded": ("office", AttendanceStatus)},
)

# --- the secretariat's desk: the policy tracker, the correspondence log, the contacts -------
from network.workplan.contacts.models import Contact  # noqa: E402
from network.workplan.correspondence.models import (  # noqa: E402
    Correspondence,
    CorrespondenceKind,
    CorrespondenceStatus,
)
from network.workplan.tracker.models import PolicyEntry, PolicyKind, PolicyStatus  # noqa: E402

words.register_actions({
    "policy_entry.created": "Recorded a policy development",
    "policy_entry.updated": "Changed a policy development",
    "correspondence.logged": "Logged a query or letter",
    "correspondence.updated": "Changed a query or letter",
    "contact.added": "Added a contact",
    "contact.updated": "Changed a contact",
    "contact.removed": "Removed a contact",
})
words.register_object_type("policyentry", "Policy development", PolicyEntry, "tracker.detail",
                           lambda e: {"entry_id": e.id})
words.register_object_type("correspondence", "Query or letter", Correspondence,
                           "correspondence.detail", lambda c: {"correspondence_id": c.id})
words.register_object_type("contact", "Contact", Contact, "contacts.detail",
                           lambda c: {"contact_id": c.id})
words.register_fields(
    labels={"source_url": "Source link", "published_on": "Date", "suggested_action":
            "Suggested action", "owner_id": "Owner", "workstream_ids": "Workstreams",
            "from_office_id": "From (office)", "from_organisation": "From (organisation)",
            "from_person": "From (person)", "received_on": "Received", "replied_on":
            "Reply sent", "job_title": "Role", "meeting_ids": "Meetings"},
    references={"owner_id": "person", "from_office_id": "office"},
    enums={("policyentry", "kind"): PolicyKind, ("policyentry", "status"): PolicyStatus,
           ("correspondence", "kind"): CorrespondenceKind,
           ("correspondence", "status"): CorrespondenceStatus},
)
