"""The minutes as a PDF (WeasyPrint) and as a Word document (python-docx)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import select

from network.extensions import db
from network.inputs import clean_text
from network.time import show as london
from network.workplan.actions.models import Action
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.minutes import services as attendance_service
from network.workplan.minutes.models import Attendance, Declaration
from network.workplan.minutes.signals import decisions_for

QUORATE = {True: "quorate", False: "not quorate", None: "no quorum rule in force"}


@dataclass
class MinutesRecord:
    """Everything the minutes say, as the reader may see it."""

    meeting: Meeting
    agenda: list
    attendance: list[Attendance]
    declarations: dict[int, list[Declaration]]
    decisions: dict[int, list]  # from the decisions register, through the signal
    actions: dict[int, list[Action]]
    quorum: attendance_service.Quorum

    @property
    def is_approved(self) -> bool:
        """Approved minutes are the record; anything else is a draft."""
        return self.meeting.status == MeetingStatus.MINUTES_APPROVED


def _by_item(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.item_id, []).append(row)
    return grouped


def minutes_record(meeting: Meeting, principal) -> MinutesRecord:
    """Gather the minutes of a meeting for a reader (confidential items only if they may)."""
    attendance = db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)
                                    .options(db.joinedload(Attendance.office))).all()
    declarations = db.session.scalars(select(Declaration).where(
        Declaration.meeting_id == meeting.id).order_by(Declaration.id)).all()
    decisions = decisions_for(meeting)
    actions = db.session.scalars(select(Action).where(Action.meeting_id == meeting.id)
                                 .options(db.joinedload(Action.owner_office))
                                 .order_by(Action.id)).all()
    return MinutesRecord(meeting, meeting_queries.agenda(meeting, principal),
                         sorted(attendance, key=lambda a: a.office.name), _by_item(declarations),
                         _by_item(decisions), _by_item(actions),
                         attendance_service.quorum(meeting))


def minutes_pdf(record: MinutesRecord) -> bytes:
    """The minutes as an A4 PDF, marked DRAFT until approved."""
    from weasyprint import HTML

    html = render_template("workplan/minutes/document.html", record=record,
                           network_name=current_app.config["NETWORK_NAME"])
    return HTML(string=clean_text(html), base_url=current_app.root_path).write_pdf()


def minutes_docx(record: MinutesRecord) -> bytes:
    """The minutes as a Word document."""
    from docx import Document

    meeting = record.meeting
    document = Document()
    document.core_properties.title = clean_text(f"{meeting.title}: minutes")
    document.add_paragraph(current_app.config["NETWORK_NAME"])
    status = "Minutes" if record.is_approved else "DRAFT minutes (not yet approved)"
    document.add_heading(clean_text(f"{meeting.title}: {status}"), level=0)
    place = ", ".join(p for p in (meeting.venue, meeting.room) if p)
    document.add_paragraph(clean_text(f"{london(meeting.starts_at)}, {place}"))
    document.add_heading("Present", level=1)
    q = record.quorum
    document.add_paragraph(f"{q.present} of {q.membership} member offices present; "
                           f"{QUORATE[q.is_met]}.")
    for row in record.attendance:
        line = f"{row.office.name}: {row.status.label}"
        document.add_paragraph(clean_text(line + (f" ({row.represented_by})"
                                                  if row.represented_by else "")),
                               style="List Bullet")
    for entry in record.agenda:
        item = entry.item
        document.add_heading(clean_text(f"{entry.number}. {item.title}"), level=1)
        for declaration in record.declarations.get(item.id, []):
            document.add_paragraph(clean_text(f"Declaration: {declaration.declared_by}: "
                                              f"{declaration.interest}"))
        document.add_paragraph(clean_text(item.minute_text) or "No minute recorded.")
        for decision in record.decisions.get(item.id, []):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"Decision {decision.reference}: ").bold = True
            paragraph.add_run(clean_text(decision.text))
        for action in record.actions.get(item.id, []):
            owner = action.owner_office.name if action.owner_office else "Secretariat"
            document.add_paragraph(clean_text(f"Action: {action.description} (owner: {owner}; "
                                              f"due {action.due_on:%-d %B %Y})"),
                                   style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
