"""Agenda items: submit, edit, withdraw, triage, order; their papers."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.errors import ValidationFailed
from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy
from network.members import queries as member_queries
from network.paging import paged
from network.web import confirmed_change, parse_id, render_form, saved_form
from network.workplan import storage
from network.workplan.items import queries as item_queries
from network.workplan.items import services as service
from network.workplan.items.forms import ItemForm, PaperForm, SubmissionFilterForm, TriageForm
from network.workplan.items.models import (
    AgendaItem,
    ItemPurpose,
    ItemStatus,
    Paper,
    PaperVersion,
)
from network.workplan.items.queries import load_item
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.meetings.queries import load_meeting
from network.workplan.workstreams import queries as workstream_queries

bp = Blueprint("items", __name__)
PAGE_SIZE = 50


@bp.route("/items/")
@login_required
def index():
    """Submissions across meetings, filtered by status and office (the dashboards' panels of
    items awaiting triage and of an office's submissions link here)."""
    policy.authorize("item.list")
    form = SubmissionFilterForm(request.args)
    form.status.choices = [("", "Any status")] + [
        (s.value, s.label) for s in ItemStatus if s != ItemStatus.STANDING]
    form.office.choices = [("", "Any office")] + [
        (str(office_id), name) for office_id, name in member_queries.office_choices()]
    valid = not request.args or form.validate()
    status = ItemStatus(form.status.data) if valid and form.status.data else None
    office_id = int(form.office.data) if valid and form.office.data else None
    query = item_queries.submission_list(current_user, status, office_id)
    items = paged(query, PAGE_SIZE)
    page, has_next = items.number, items.has_next
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("workplan/items/index.html", form=form, items=items, page=page,
                           has_next=has_next, args=args, status=status), 200 if valid else 400


def _data(form: ItemForm) -> dict:
    return {"title": form.title.data, "purpose": ItemPurpose(form.purpose.data),
            "summary": form.summary.data or "", "minutes_requested": form.minutes_requested.data,
            "presenter": form.presenter.data or "",
            "workstream_id": int(form.workstream.data) if form.workstream.data else None,
            "is_confidential": bool(form.is_confidential.data)}


@bp.route("/meetings/<meeting_id>/items/new", methods=["GET", "POST"])
@login_required
def new(meeting_id):
    """Submit an item (member office) or add one to the agenda (secretariat)."""
    meeting = load_meeting(meeting_id)
    is_secretariat = policy.can(current_user, "meeting.manage", meeting)
    if not is_secretariat:
        policy.authorize("item.submit", meeting)
    form = ItemForm()
    form.workstream.choices = workstream_queries.workstream_choices("None")
    def change():
        if is_secretariat:
            return service.add_item(current_user, meeting, _data(form),
                                    form.late_reason.data or "")
        return service.submit_item(current_user, meeting, _data(form))

    if item := saved_form(form, change):
        flash("Item added to the agenda" if is_secretariat else
              "Item submitted. The secretariat will accept, defer or decline it.", "success")
        return redirect(url_for("items.detail", item_id=item.id))
    return render_form("workplan/items/form.html", form, meeting=meeting, item=None,
                       is_secretariat=is_secretariat,
                       deadline_passed=service.deadline_passed(meeting))


@bp.route("/items/<item_id>")
@login_required
def detail(item_id):
    """An item: purpose, summary, papers, and its history."""
    item = load_item(item_id)
    upload = paper_form(item) if policy.can(current_user, "paper.upload", item) else None
    return render_template("workplan/items/detail.html", item=item, meeting=item.meeting,
                           history=item_queries.item_history(item), confirm=ConfirmForm(),
                           paper_form=upload, can_remove=_may_remove(item))


@bp.route("/items/<item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id):
    """The submitting office changes its item until triage."""
    item = load_item(item_id)
    policy.authorize("item.edit", item)
    form = ItemForm(obj=item)
    form.workstream.choices = workstream_queries.workstream_choices("None")
    if saved_form(form, lambda: service.update_submission(current_user, item, _data(form))):
        flash("Item updated", "success")
        return redirect(url_for("items.detail", item_id=item.id))
    if form.errors:  # the failed change was rolled back: load afresh
        item = load_item(item_id)
    elif not form.is_submitted():
        form.purpose.data = item.purpose.value
        form.workstream.data = str(item.workstream_id or "")
    return render_form("workplan/items/form.html", form, meeting=item.meeting, item=item,
                       is_secretariat=False, deadline_passed=False)


@bp.route("/items/<item_id>/withdraw", methods=["POST"])
@login_required
def withdraw(item_id):
    """The submitting office withdraws its item."""
    item = load_item(item_id)
    policy.authorize("item.edit", item)
    if ConfirmForm().validate_on_submit():
        service.withdraw_submission(current_user, item)
        db.session.commit()
        flash("Item withdrawn", "success")
    return redirect(url_for("meetings.detail", meeting_id=item.meeting_id))


@bp.route("/items/<item_id>/triage", methods=["GET", "POST"])
@login_required
def triage(item_id):
    """Accept, defer or decline a submitted item."""
    item = load_item(item_id)
    policy.authorize("item.triage", item)
    form = TriageForm()
    later = meeting_queries.later_meetings(item.meeting)
    form.target.choices = [("", "Choose a meeting")] + [
        (str(m.id), f"{m.title} ({m.starts_at:%d %b %Y})") for m in later]

    def change():
        if form.decision.data == "accept":
            return service.accept_item(current_user, item, form.duration.data)
        if form.decision.data == "defer":
            target = db.session.get(Meeting, int(form.target.data or 0) or -1)
            if target is None:
                raise ValidationFailed("Choose the later meeting", "target")
            return service.defer_item(current_user, item, target)
        return service.decline_item(current_user, item, form.reason.data or "")

    meeting_id = item.meeting_id
    if saved_form(form, change):
        outcome = {"accept": "accepted", "defer": "deferred", "decline": "declined"}
        flash(f"'{item.title}' {outcome[form.decision.data]}; the office has been told",
              "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting_id))
    if form.errors:  # the failed change was rolled back: load afresh
        item = load_item(item_id)
    return render_form("workplan/items/triage.html", form, item=item, meeting=item.meeting)


@bp.route("/items/<item_id>/move", methods=["POST"])
@login_required
def move(item_id):
    """Move an accepted item up or down the agenda."""
    item = load_item(item_id)
    policy.authorize("meeting.manage", item.meeting)
    direction = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if direction is None:
        abort(400)
    return confirmed_change(lambda: service.move_item(current_user, item, direction),
                            "Agenda order changed",
                            url_for("meetings.detail", meeting_id=item.meeting_id) + "#agenda")


papers_bp = Blueprint("papers", __name__)


def paper_form(item: AgendaItem) -> PaperForm:
    """The upload form for an item, offering a new version of each of its papers."""
    form = PaperForm()
    form.paper.choices = [("new", "A new paper")] + [
        (str(p.id), f"A new version of '{p.title}'") for p in item.papers]
    limit = current_app.config["MAX_PAPER_BYTES"]
    form.file.description = ("PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or OpenDocument "
                             f"text (ODT), up to {max(limit // (1024 * 1024), 1)} MB")
    return form


@papers_bp.route("/items/<item_id>/papers/new", methods=["GET", "POST"])
@login_required
def upload(item_id):
    """Upload a paper, or a new version of one, on an item."""
    item = load_item(item_id)
    policy.authorize("paper.upload", item)
    form = paper_form(item)
    def change():
        paper = None
        if form.paper.data != "new":
            paper = next((p for p in item.papers if str(p.id) == form.paper.data), None)
        upload_file = form.file.data
        version = service.upload_paper(current_user, item, upload_file.stream,
                                       upload_file.filename, form.title.data or "", paper)
        return version.number, paper.title if paper else None

    if saved := saved_form(form, change):
        number, title = saved
        flash(f"Version {number} of '{title}' uploaded" if title else "Paper uploaded",
              "success")
        return redirect(url_for("items.detail", item_id=item.id) + "#papers")
    if form.errors:  # the failed change was rolled back: load afresh
        item = load_item(item_id)
    return render_form("workplan/items/upload_paper.html", form, item=item, meeting=item.meeting)


def load_version(version_id) -> PaperVersion:
    """A paper version whose item the current user may see (404 otherwise)."""
    ident = parse_id(version_id)
    version = db.session.scalar(select(PaperVersion).where(
        PaperVersion.id == ident, PaperVersion.removed_at.is_(None)).options(
        selectinload(PaperVersion.paper).selectinload(Paper.item)
        .selectinload(AgendaItem.meeting).selectinload(Meeting.offices),
        selectinload(PaperVersion.paper).selectinload(Paper.item)
        .selectinload(AgendaItem.meeting).selectinload(Meeting.observers)))
    if (version is None or version.paper.removed_at is not None
            or not policy.can(current_user, "paper.download", version.paper.item)):
        abort(404)
    return version


@papers_bp.route("/papers/")
@login_required
def published():
    """Papers on published agendas that the person may read, newest first (the dashboard's
    "New papers" panel links here)."""
    policy.authorize("item.list")
    query = item_queries.with_paper_item_meeting(item_queries.published_papers(current_user))
    versions = paged(query, PAGE_SIZE)
    page, has_next = versions.number, versions.has_next
    return render_template("workplan/items/papers.html", versions=versions, page=page,
                           has_next=has_next)


@papers_bp.route("/papers/<version_id>/download")
@login_required
def download(version_id):
    """The file of one version, checked against the item's visibility on every request."""
    version = load_version(version_id)
    return storage.send(version.sha256, service.MIME_TYPES[version.file_type],
                        service.download_name(version), f"paper version {version.id}")


def _may_remove(item: AgendaItem) -> bool:
    return (policy.can(current_user, "meeting.manage", item.meeting)
            and item.meeting.status != MeetingStatus.MINUTES_APPROVED)


def _removal(item: AgendaItem, what: str, consequence: str, change):
    """The confirmation page (GET) and the removal (POST, CSRF-checked, committed once)."""
    policy.authorize("meeting.manage", item.meeting)
    back = url_for("items.detail", item_id=item.id) + "#papers"
    if request.method == "POST":
        return confirmed_change(change, f"{what[0].upper()}{what[1:]} removed", back)
    return render_template("workplan/items/remove_paper.html", item=item, meeting=item.meeting,
                           what=what, consequence=consequence, form=ConfirmForm())


@papers_bp.route("/items/<item_id>/papers/<paper_id>/remove", methods=["GET", "POST"])
@login_required
def remove_paper(item_id, paper_id):
    """The secretariat removes a paper and all its versions."""
    item = load_item(item_id)
    paper = next((p for p in item.papers if p.id == parse_id(paper_id)), None)
    if paper is None:
        abort(404)
    return _removal(item, f"the paper '{paper.title}'",
                    f"Readers will no longer see '{paper.title}' or any of its "
                    f"{len(paper.versions)} version(s).",
                    lambda: service.remove_paper(current_user, paper))


@papers_bp.route("/papers/<version_id>/remove", methods=["GET", "POST"])
@login_required
def remove_version(version_id):
    """The secretariat removes one version of a paper."""
    version = load_version(version_id)
    item = load_item(version.paper.item_id)
    paper = next(p for p in item.papers if p.id == version.paper_id)
    consequence = (f"'{paper.title}' has no other version, so the paper goes too."
                   if len(paper.versions) == 1 else
                   f"Readers will see the latest remaining version of '{paper.title}'.")
    return _removal(item, f"version {version.number} of '{paper.title}'", consequence,
                    lambda: service.remove_version(current_user, version))
