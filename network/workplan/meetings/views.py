"""Meetings: list, detail, set up, change, cancel; publishing the agenda; calendars."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy
from network.members import queries as member_queries
from network.members.models import Office, OfficeStatus, Person, Role
from network.paging import paged
from network.time import local, now, parse_clock
from network.web import confirmed_change, public_address, render_form, saved_form
from network.workplan import storage
from network.workplan.actions.queries import matters_arising_of, most_urgent
from network.workplan.forward.queries import planned_for_meeting
from network.workplan.items import queries as item_queries
from network.workplan.items.services import deadline_passed
from network.workplan.meetings import calendar
from network.workplan.meetings import packs as documents
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings import services as service
from network.workplan.meetings.forms import CancelForm, MeetingForm
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus, PackState
from network.workplan.meetings.queries import load_managed_meeting, load_meeting
from network.workplan.meetings.services import invitees
from network.workplan.minutes import queries as minute_queries
from network.workplan.workstreams import queries as workstream_queries

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
PAGE_SIZE = 20




def _choices(form: MeetingForm) -> None:
    form.secretariat_lead.choices = [("", "Not yet assigned")] + [
        (str(p.id), p.name) for p in db.session.scalars(
            select(Person).where(Person.role.in_([Role.SECRETARIAT, Role.SECRETARIAT_ADMIN]),
                                 Person.is_active.is_(True)).order_by(Person.name))]
    form.workstream.choices = workstream_queries.workstream_choices("None")
    form.offices.choices = member_queries.office_choices(OfficeStatus.ACTIVE)
    form.observers.choices = [(p.id, f"{p.name} ({p.job_title})") for p in db.session.scalars(
        select(Person).where(Person.role == Role.OBSERVER, Person.is_active.is_(True))
        .order_by(Person.name))]


def _data(form: MeetingForm) -> tuple[dict, list[Office], list[Person]]:

    starts = parse_clock(form.day.data, form.start_time.data)
    ends = parse_clock(form.day.data, form.end_time.data)
    data = {"title": form.title.data, "kind": MeetingKind(form.kind.data), "starts_at": starts,
            "ends_at": ends, "venue": form.venue.data or "", "room": form.room.data or "",
            "online_link": form.online_link.data or "", "chair": form.chair.data or "",
            "logistics_notes": form.logistics_notes.data or "",
            "is_all_offices": form.invited.data != "chosen",
            "workstream_id": int(form.workstream.data) if form.workstream.data else None,
            "secretariat_lead_id": int(form.secretariat_lead.data)
            if form.secretariat_lead.data else None}
    offices = [] if data["is_all_offices"] else [db.session.get(Office, i)
                                                  for i in form.offices.data or []]
    observers = [db.session.get(Person, i) for i in form.observers.data or []]
    return data, offices, observers


@bp.route("/")
@login_required
def index():
    """Upcoming and past meetings the user is invited to, each list a page at a time."""
    policy.authorize("meeting.list")
    return render_template(
        "workplan/meetings/index.html", args=dict(request.args.items()),
        upcoming=paged(meeting_queries.meeting_list(current_user, upcoming=True),
                       PAGE_SIZE, param="upcoming_page"),
        past=paged(meeting_queries.meeting_list(current_user, upcoming=False), PAGE_SIZE))


def _save(form: MeetingForm, meeting: Meeting | None):
    def change():
        data, offices, observers = _data(form)
        if meeting is None:
            return service.create_meeting(current_user, data, offices, observers)
        return service.update_meeting(current_user, meeting, data, offices, observers)

    saved = saved_form(form, change)
    if not saved:
        return None
    flash("Meeting saved", "success")
    return redirect(url_for("meetings.detail", meeting_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a meeting; standing items and deadlines are added for you."""
    policy.authorize("meeting.create")
    form = MeetingForm()
    _choices(form)
    if done := _save(form, None):
        return done
    return render_form("workplan/meetings/form.html", form, meeting=None)


@bp.route("/<meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    """Change a meeting (calendars get the update)."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = MeetingForm(obj=meeting)
    _choices(form)
    if done := _save(form, meeting):
        return done
    if not form.is_submitted():
        local_start, local_end = (local(meeting.starts_at),
                                  local(meeting.ends_at))
        form.kind.data = meeting.kind.value
        form.day.data = local_start.date()
        form.start_time.data, form.end_time.data = (local_start.strftime("%H:%M"),
                                                    local_end.strftime("%H:%M"))
        form.secretariat_lead.data = str(meeting.secretariat_lead_id or "")
        form.workstream.data = str(meeting.workstream_id or "")
        form.invited.data = "all" if meeting.is_all_offices else "chosen"
        form.offices.data = [o.id for o in meeting.offices]
        form.observers.data = [p.id for p in meeting.observers]
    return render_form("workplan/meetings/form.html", form, meeting=meeting)


@bp.route("/<meeting_id>")
@login_required
def detail(meeting_id):
    """The meeting: logistics, deadlines, agenda and papers, submissions."""
    meeting = load_meeting(meeting_id)
    replies = [r for r in minute_queries.replies(meeting)
               if current_user.office_id and r.person.office_id == current_user.office_id
               or r.person_id == current_user.id]
    return render_template(
        "workplan/meetings/detail.html", meeting=meeting, replies=replies,
        my_reply=next((r for r in replies if r.person_id == current_user.id), None),
        agenda=meeting_queries.agenda(meeting, current_user),
        submissions=item_queries.submissions(meeting, current_user),
        deadline_passed=deadline_passed(meeting), confirm=ConfirmForm(),
        matters=(most_urgent(matters_arising_of(meeting, current_user))
                 if policy.can(current_user, "action.list") else None),
        planned=(planned_for_meeting(meeting)
                 if policy.can(current_user, "plan.manage") else None),
        S=MeetingStatus, P=PackState, now=now())


@bp.route("/<meeting_id>/open", methods=["POST"])
@login_required
def open_for_items(meeting_id):
    """Open the meeting for item submissions."""
    meeting = load_managed_meeting(meeting_id)
    return confirmed_change(lambda: service.open_for_items(current_user, meeting),
                            "Member offices can now submit items",
                            url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<meeting_id>/held", methods=["POST"])
@login_required
def held(meeting_id):
    """Record that the meeting took place."""
    meeting = load_managed_meeting(meeting_id)
    return confirmed_change(lambda: service.mark_held(current_user, meeting),
                            "Meeting marked as held",
                            url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id):
    """Cancel the meeting with a reason."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = CancelForm()
    if saved_form(form, lambda: service.cancel_meeting(current_user, meeting, form.reason.data)):
        flash("Meeting cancelled; invitees are being told", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_form("workplan/meetings/cancel.html", form, meeting=meeting)


publishing_bp = Blueprint("publishing", __name__, url_prefix="/meetings")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@publishing_bp.route("/<meeting_id>/publish", methods=["GET", "POST"])
@login_required
def publish(meeting_id):
    """Check, then publish the agenda: the packs are built in the background and invitees
    emailed a link once they are ready."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = ConfirmForm()
    if saved_form(form, lambda: service.publish_agenda(current_user, meeting)):
        flash("Agenda published. The agenda pack is being built; invitees will be emailed a "
              "link when it is ready", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
    rows = documents.pack_rows(meeting, with_confidential=True)
    return render_form("workplan/meetings/publish.html", form, meeting=meeting, rows=rows,
                       waiting=service.untriaged(meeting), late=service.is_late(meeting),
                       invited=len(invitees(meeting)),
                       publishable=meeting.status in service.PUBLISHABLE)


def _published(meeting_id, pack: bool = True):
    """A published meeting (with its pack built, for the pack) and whether the reader gets
    confidential items; 404 before that."""
    meeting = load_meeting(meeting_id)
    if meeting.agenda_published_at is None or (pack and meeting.pack_sha256 is None):
        abort(404)
    return meeting, policy.can(current_user, "meeting.confidential", meeting)


@publishing_bp.route("/<meeting_id>/pack/rebuild", methods=["POST"])
@login_required
def rebuild_pack(meeting_id):
    """Ask for the agenda pack again (after a failed build)."""
    meeting = load_managed_meeting(meeting_id)
    return confirmed_change(lambda: service.rebuild_pack(current_user, meeting),
                            "The agenda pack is being built again",
                            url_for("meetings.detail", meeting_id=meeting.id) + "#agenda")


@publishing_bp.route("/<meeting_id>/pack.pdf")
@login_required
def pack(meeting_id):
    """The agenda pack: members' with confidential items, observers' without."""
    meeting, with_confidential = _published(meeting_id)
    sha = service.pack_sha(meeting, with_confidential)
    suffix = "" if with_confidential else "-observers"
    return storage.send(sha, "application/pdf",
                        f"agenda-pack-{meeting.starts_at:%Y-%m-%d}{suffix}.pdf",
                        f"meeting {meeting.id}: agenda pack")


@publishing_bp.route("/<meeting_id>/agenda.docx")
@login_required
def agenda_docx(meeting_id):
    """The agenda as a Word document, as the reader may see it."""
    import io

    meeting, with_confidential = _published(meeting_id, pack=False)
    data = documents.agenda_docx(meeting, with_confidential)
    response = send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                         download_name=f"agenda-{meeting.starts_at:%Y-%m-%d}.docx", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


calendar_bp = Blueprint("calendar", __name__)


ICS = "text/calendar; charset=utf-8"


@calendar_bp.route("/meetings/<meeting_id>/calendar.ics")
@login_required
def meeting_ics(meeting_id):
    """Add one meeting to a calendar."""
    meeting = load_meeting(meeting_id)
    return Response(calendar.meeting_ics(meeting), mimetype="text/calendar", headers={
        "Content-Type": ICS,
        "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})


@calendar_bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The personal feed (no sign-in: the secret address is the credential)."""
    if len(token) > 100:
        abort(404)
    person = calendar.person_for_feed(token)
    if person is None:
        abort(404)
    response = Response(calendar.feed_ics(person, meeting_queries.feed_meetings(person)),
                        headers={"Content-Type": ICS})
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@calendar_bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def manage():
    """Create, replace or stop your personal calendar feed."""
    policy.authorize("calendar.feed")
    form = ConfirmForm()
    address = None
    if form.validate_on_submit():
        from flask import request

        if request.form.get("action") == "revoke":
            calendar.revoke_feeds(current_user)
            db.session.commit()
            flash("Your calendar feed address no longer works", "success")
            return redirect(url_for("calendar.manage"))
        token = calendar.create_feed(current_user)
        db.session.commit()
        address = public_address() + url_for("calendar.feed", token=token)
    return render_template("workplan/meetings/calendar.html", form=form, address=address,
                           has_feed=calendar.has_feed(current_user))
