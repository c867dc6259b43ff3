"""The email outbox (secretariat): every email queued, filtered by status, kind, recipient and
day; why one has not gone and when it is tried next; a resend for what gave up. Bodies are
never shown: they may hold sign-in and reset links."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from network import email
from network.members import policy
from network.members.forms import OutboxFilterForm
from network.paging import paged
from network.web import confirmed_change, get_or_404

bp = Blueprint("outbox", __name__, url_prefix="/outbox")
PAGE_SIZE = 50


@bp.route("/")
@login_required
def index():
    """Failed emails first, then those waiting for a try, then sent ones; 50 to a page."""
    policy.authorize("outbox.view")
    form = OutboxFilterForm(request.args)
    # a link may name a kind no longer sent: it still filters (a stored kind is 40 at most)
    asked = request.args.get("kind", "")[:40]
    form.kind.choices = [("", "Any kind")] + email.kind_choices(asked)
    valid = not request.args or form.validate()
    filters = {"status": form.status.data or "", "kind": form.kind.data or "",
               "person": (form.person.data or "").strip(), "since": form.since.data,
               "until": form.until.data} if valid else {}
    emails = paged(email.outbox_list(**filters), PAGE_SIZE)
    page, has_next = emails.number, emails.has_next
    args = {k: v for k, v in request.args.lists() if k != "page"}
    return render_template("outbox/index.html", emails=emails, page=page, has_next=has_next,
                           counts=email.status_counts(), form=form, args=args,
                           kind_label=email.kind_label,
                           filtered=bool(args)), 200 if valid else 400


@bp.route("/<int:email_id>/resend", methods=["POST"])
@login_required
def resend(email_id: int):
    """Queue a failed (or waiting) email again for a fresh round of tries."""
    policy.authorize("outbox.resend")
    row = get_or_404(email.OutboxEmail, email_id)
    return confirmed_change(lambda: email.resend(current_user, row),
                            f"The email to {row.to_address} will be sent within a minute",
                            url_for("outbox.index"))
