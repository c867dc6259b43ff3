"""How the audit log words the workplan's actions, objects and fields (registered into
network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.workplan.actions.models import Action, ActionStatus
from network.workplan.forward.models import PlanEntry
from network.workplan.items.models import AgendaItem, ItemPurpose, Paper
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.minutes.models import AttendanceStatus, RsvpResponse
from network.workplan.workstreams.models import (
    Milestone,
    MilestoneStatus,
    Risk,
    Workstream,
    WorkstreamStatus,
)

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
    "workstream.created": "Set up a workstream",
    "workstream.updated": "Changed a workstream",
    "workstream.status_updated": "Posted a workstream status update",
    "milestone.added": "Added a milestone to a workstream",
    "milestone.updated": "Changed a workstream milestone",
    "risk.added": "Added a risk to a workstream",
    "risk.updated": "Changed a workstream risk",
    "risk.closed": "Closed a workstream risk",
    "plan_entry.created": "Planned an item for a meeting",
    "plan_entry.edited": "Changed a planned item",
    "plan_entry.moved": "Moved a planned item to another meeting",
    "plan_entry.converted": "Put a planned item on the agenda",
    "plan_entry.dropped": "Took a planned item off the plan",
})

words.register_object_type("meeting", "Meeting", Meeting, "meetings.detail",
                           lambda m: {"meeting_id": m.id})
words.register_object_type("agendaitem", "Agenda item", AgendaItem, "items.detail",
                           lambda i: {"item_id": i.id})
words.register_object_type("paper", "Paper", Paper, "items.detail",
                           lambda p: {"item_id": p.item_id}, label=lambda p: p.title)
words.register_object_type("action", "Action", Action, "actions.detail",
                           lambda a: {"action_id": a.id})
words.register_object_type("workstream", "Workstream", Workstream, "workstreams.detail",
                           lambda w: {"workstream_id": w.id})
words.register_object_type("milestone", "Milestone", Milestone, "workstreams.detail",
                           lambda m: {"workstream_id": m.workstream_id})
words.register_object_type("risk", "Risk", Risk, "workstreams.detail",
                           lambda r: {"workstream_id": r.workstream_id})
words.register_object_type("planentry", "Planned item", PlanEntry, "forward.entry",
                           lambda e: {"entry_id": e.id})

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
            "workstream_id": "Workstream", "objectives": "Objectives",
            "lead_office_id": "Lead office", "ends_on": "End date",
            "co_lead_office_ids": "Co-lead offices",
            "participating_office_ids": "Offices taking part", "commentary": "Commentary",
            "evidence_url": "Evidence link", "completed_on": "Completed on",
            "likelihood": "Likelihood", "impact": "Impact", "mitigation": "Mitigation",
            "review_on": "Next review", "is_open": "Open",
            "is_recorded_late": "Recorded after its due date had passed",
            "recorded_late_reason": "Why it was recorded late",
            "minutes_planned": "Minutes planned", "notes": "Notes"},
    references={"meeting_id": "meeting", "approved_at_meeting": "meeting",
                "item_id": "agendaitem", "item": "agendaitem", "workstream_id": "workstream",
                "owner_office_id": "office", "owner_person_id": "person",
                "secretariat_lead_id": "person", "lead_office_id": "office"},
    enums={("meeting", "kind"): MeetingKind, ("meeting", "status"): MeetingStatus,
           ("meeting", "response"): RsvpResponse, ("agendaitem", "purpose"): ItemPurpose,
           ("action", "status"): ActionStatus, ("workstream", "status"): WorkstreamStatus,
           ("milestone", "status"): MilestoneStatus, ("planentry", "purpose"): ItemPurpose},
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
