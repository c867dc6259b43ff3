"""The email outbox (secretariat): what has not been sent, why, when it is tried next, and a
resend for what gave up. Bodies are never shown: they hold sign-in and reset links."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from network import email
from network.inputs import query_int
from network.members import policy
from network.web import confirmed_change, get_or_404

bp = Blueprint("outbox", __name__, url_prefix="/outbox")
PAGE_SIZE = 50


@bp.route("/")
@login_required
def index():
    """Failed emails first, then those waiting for a try, 50 to a page."""
    policy.authorize("outbox.view")
    page = query_int("page", 1, label="The page number")
    emails, has_next = email.unsent(page, PAGE_SIZE)
    return render_template("outbox/index.html", emails=emails, page=page, has_next=has_next,
                           counts=email.unsent_counts())


@bp.route("/<int:email_id>/resend", methods=["POST"])
@login_required
def resend(email_id: int):
    """Queue a failed (or waiting) email again for a fresh round of tries."""
    policy.authorize("outbox.resend")
    row = get_or_404(email.OutboxEmail, email_id)
    return confirmed_change(lambda: email.resend(current_user, row),
                            f"The email to {row.to_address} will be sent within a minute",
                            url_for("outbox.index"))
