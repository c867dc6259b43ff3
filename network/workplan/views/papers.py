"""Papers: upload a paper or a new version on an item; download a version."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.errors import DomainError
from network.extensions import db
from network.members import policy
from network.web import attach_error, parse_id
from network.workplan import storage
from network.workplan.forms import PaperForm
from network.workplan.models import AgendaItem, Meeting, Paper, PaperVersion
from network.workplan.services import papers as service
from network.workplan.views.items import load_item

bp = Blueprint("papers", __name__)


def paper_form(item: AgendaItem) -> PaperForm:
    """The upload form for an item, offering a new version of each of its papers."""
    form = PaperForm()
    form.paper.choices = [("new", "A new paper")] + [
        (str(p.id), f"A new version of '{p.title}'") for p in item.papers]
    limit = current_app.config["MAX_PAPER_BYTES"]
    form.file.description = ("PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or OpenDocument "
                             f"text (ODT), up to {max(limit // (1024 * 1024), 1)} MB")
    return form


@bp.route("/items/<item_id>/papers/new", methods=["GET", "POST"])
@login_required
def upload(item_id):
    """Upload a paper, or a new version of one, on an item."""
    item = load_item(item_id)
    policy.authorize("paper.upload", item)
    form = paper_form(item)
    if form.validate_on_submit():
        paper = None
        if form.paper.data != "new":
            paper = next((p for p in item.papers if str(p.id) == form.paper.data), None)
        upload_file = form.file.data
        try:
            version = service.upload_paper(current_user, item, upload_file.stream,
                                           upload_file.filename, form.title.data or "", paper)
        except DomainError as exc:
            db.session.rollback()
            item = load_item(item_id)
            attach_error(form, exc)
        else:
            number, title = version.number, paper.title if paper else None
            db.session.commit()
            flash(f"Version {number} of '{title}' uploaded" if title else "Paper uploaded",
                  "success")
            return redirect(url_for("items.detail", item_id=item.id) + "#papers")
    return render_template("workplan/papers/upload.html", form=form, item=item,
                           meeting=item.meeting), 400 if form.errors else 200


def load_version(version_id) -> PaperVersion:
    """A paper version whose item the current user may see (404 otherwise)."""
    ident = parse_id(version_id)
    version = db.session.scalar(select(PaperVersion).where(PaperVersion.id == ident).options(
        selectinload(PaperVersion.paper).selectinload(Paper.item)
        .selectinload(AgendaItem.meeting).selectinload(Meeting.offices),
        selectinload(PaperVersion.paper).selectinload(Paper.item)
        .selectinload(AgendaItem.meeting).selectinload(Meeting.observers)))
    if version is None or not policy.can(current_user, "paper.download", version.paper.item):
        abort(404)
    return version


@bp.route("/papers/<version_id>/download")
@login_required
def download(version_id):
    """The file of one version, checked against the item's visibility on every request."""
    version = load_version(version_id)
    path = storage.path_for(version.sha256)
    if not path.is_file():
        current_app.logger.error("paper version %s: file %s missing", version.id, path)
        abort(404)
    response = send_file(path, mimetype=service.MIME_TYPES[version.file_type],
                         as_attachment=True, download_name=service.download_name(version),
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
