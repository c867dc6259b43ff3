"""The contacts directory's pages: search and filter, export (CSV, vCard), one contact, add,
change and remove one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy
from network.members import queries as member_queries
from network.paging import paged
from network.time import today
from network.web import (
    attachment,
    parse_id,
    public_address,
    render_form,
    saved_form,
    visible_or_404,
)
from network.workplan.contacts import exports
from network.workplan.contacts import queries as kq
from network.workplan.contacts import services as service
from network.workplan.contacts.forms import ContactFilterForm, ContactForm
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("contacts", __name__, url_prefix="/contacts")
PAGE_SIZE = 50
KINDS = {"office": True, "other": False}


def load_contact(contact_id):
    """A contact the current user may see (404 otherwise: no guessing ids)."""
    policy.authorize("contact.list")
    return visible_or_404(kq.contact_with_links(parse_id(contact_id)), "contact.view")


def _filters() -> tuple[ContactFilterForm, kq.ContactFilters, bool]:
    form = ContactFilterForm(request.args)
    form.kind.choices = [("", "Everyone"), ("office", "Member office contacts"),
                         ("other", "Government and partners")]
    form.office.choices = member_queries.active_office_choices("Any office")
    form.workstream.choices = workstream_choices("Any workstream")
    if request.args and not form.validate():
        return form, kq.ContactFilters(), False
    return form, kq.ContactFilters(
        search=form.q.data or "", is_office_contact=KINDS.get(form.kind.data),
        office_id=int(form.office.data) if form.office.data else None,
        workstream_id=int(form.workstream.data) if form.workstream.data else None), True


@bp.route("/")
@login_required
def index():
    """The directory, by name: search, filter, export."""
    policy.authorize("contact.list")
    form, filters, valid = _filters()
    contacts = paged(kq.directory(current_user, filters), PAGE_SIZE)
    page, has_next = contacts.number, contacts.has_next
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("workplan/contacts/index.html", form=form, contacts=contacts,
                           page=page, has_next=has_next, args=args), 200 if valid else 400


def _export(kind: str):
    policy.authorize("contact.list")
    form, filters, valid = _filters()
    if not valid:
        abort(400)
    contacts = list(db.session.scalars(kq.for_export(kq.directory(current_user, filters))))
    name = f"contacts-{today().isoformat()}.{kind}"
    if kind == "csv":
        body, mimetype = exports.to_csv(contacts), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.to_vcard(contacts, public_address()), "text/vcard; charset=utf-8"
    return attachment(body, mimetype, name)


@bp.route("/export.csv")
@login_required
def export_csv():
    """The contacts selected by the search and filters, as CSV."""
    return _export("csv")


@bp.route("/export.vcf")
@login_required
def export_vcf():
    """The contacts selected by the search and filters, as one vCard file."""
    return _export("vcf")


def _choices(form: ContactForm, contact=None) -> None:
    form.office.choices = member_queries.active_office_choices("Not an office contact")
    form.workstreams.choices = [(int(v), t) for v, t in workstream_choices("")[1:]]
    form.meetings.choices = kq.meeting_choices(contact.meetings if contact else ())


def _data(form: ContactForm) -> dict:
    return {"name": form.name.data, "organisation": form.organisation.data,
            "job_title": form.job_title.data, "email": form.email.data,
            "phone": form.phone.data,
            "office_id": int(form.office.data) if form.office.data else None,
            "workstream_ids": form.workstreams.data or [],
            "meeting_ids": form.meetings.data or [], "notes": form.notes.data}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Add someone to the directory (secretariat)."""
    policy.authorize("contact.create")
    form = ContactForm()
    _choices(form)
    if contact := saved_form(form, lambda: service.add_contact(current_user, _data(form))):
        flash("Contact added", "success")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    if form.errors:
        _choices(form)
    return render_form("workplan/contacts/form.html", form, contact=None)


@bp.route("/<contact_id>")
@login_required
def detail(contact_id):
    """One contact: how to reach them and what they work on."""
    return render_template("workplan/contacts/detail.html", contact=load_contact(contact_id))


@bp.route("/<contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contact_id):
    """Change a contact (secretariat)."""
    contact = load_contact(contact_id)
    policy.authorize("contact.edit", contact)
    form = ContactForm()
    _choices(form, contact)
    if not form.is_submitted():
        for name in ("name", "organisation", "job_title", "email", "phone", "notes"):
            getattr(form, name).data = getattr(contact, name)
        form.office.data = str(contact.office_id or "")
        form.workstreams.data = [w.id for w in contact.workstreams]
        form.meetings.data = [m.id for m in contact.meetings]
    if saved_form(form, lambda: service.update_contact(current_user, contact, _data(form))):
        flash("Contact updated", "success")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    if form.errors:
        contact = load_contact(contact_id)
        _choices(form, contact)
    return render_form("workplan/contacts/form.html", form, contact=contact)


@bp.route("/<contact_id>/remove", methods=["GET", "POST"])
@login_required
def remove(contact_id):
    """Take someone out of the directory, after asking (secretariat)."""
    contact = load_contact(contact_id)
    policy.authorize("contact.edit", contact)
    form, name = ConfirmForm(), contact.name
    if saved_form(form, lambda: service.remove_contact(current_user, contact)):
        flash(f"{name} removed from the contacts directory", "success")
        return redirect(url_for("contacts.index"))
    return render_form("workplan/contacts/remove.html", form, contact=contact)
