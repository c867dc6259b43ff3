"""The records pages: the hand-over export (secretariat admin), a person's own data, the
secretariat's subject access download for anyone, and erasing a person who has left."""

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

from network.errors import DomainError
from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy
from network.members.models import Person
from network.paging import paged
from network.records import queries, services, subject
from network.records.forms import EraseForm
from network.records.models import RecordsExport
from network.web import attachment, confirmed_change, get_or_404, render_form, saved_form
from network.workplan import storage

bp = Blueprint("records", __name__, url_prefix="/records")
PAGE_SIZE = 20


@bp.route("/")
@login_required
def index():
    """The hand-over exports asked for, newest first, and the button to ask for one."""
    policy.authorize("records.export")
    exports = paged(queries.exports(), PAGE_SIZE)
    page, has_next = exports.number, exports.has_next
    return render_template("records/index.html", exports=exports, page=page,
                           has_next=has_next, confirm=ConfirmForm(),
                           retention_days=services.retention_period(
                               "RECORDS_EXPORT_RETENTION").days)


@bp.route("/exports", methods=["POST"])
@login_required
def request_export():
    """Queue a new export for the scheduler to build."""
    policy.authorize("records.export")
    return confirmed_change(lambda: services.request_export(current_user),
                            "The export is queued: it is usually ready within a few minutes. "
                            "Refresh this page to see when it is.",
                            url_for("records.index"))


@bp.route("/exports/<int:export_id>/download", methods=["POST"])
@login_required
def download(export_id):
    """The zip of a ready export (the download is audited)."""
    policy.authorize("records.export")
    job = get_or_404(RecordsExport, export_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        sha = services.download_export(current_user, job)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message)
        return redirect(url_for("records.index"))
    db.session.commit()
    return storage.send(sha, "application/zip", job.filename, f"records export {job.id}")


def _person_zip(person: Person):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.record_subject_access(current_user, person)
    body = subject.person_zip(person, current_app.config["NETWORK_NAME"])
    db.session.commit()
    return attachment(body, "application/zip", f"person-{person.id}-data.zip",
                      **{"Cache-Control": "no-store"})


@bp.route("/my-data", methods=["GET", "POST"])
@login_required
def my_data():
    """What the portal holds about you, and a download of all of it."""
    policy.authorize("records.own_data")
    if request.method == "POST":
        return _person_zip(current_user._get_current_object())
    return render_template("records/my_data.html", confirm=ConfirmForm(), retention={
        name: services.retention_period(name).days
        for name in ("SIGN_IN_RECORDS_RETENTION", "OUTBOX_BODY_RETENTION")})


@bp.route("/people/<person_id>/data", methods=["POST"])
@login_required
def person_data(person_id):
    """A subject access download of anyone's data (secretariat)."""
    person = get_or_404(Person, person_id)
    policy.authorize("records.person_data", person)
    return _person_zip(person)


@bp.route("/people/<person_id>/erase", methods=["GET", "POST"])
@login_required
def erase(person_id):
    """Erase the name and contact details of a person who has left (confirmed)."""
    person = get_or_404(Person, person_id)
    policy.authorize("person.erase", person)
    form = EraseForm()
    label = services.former_label(person)
    if saved_form(form, lambda: services.erase_person(current_user, person)):
        flash(f"Their details are erased: they now appear as “{label}”", "success")
        return redirect(url_for("people.detail", person_id=person.id))
    return render_form("records/erase.html", form, person=person, label=label,
                       cancel=url_for("people.detail", person_id=person.id))
