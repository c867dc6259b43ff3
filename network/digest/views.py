"""The digest's pages: 'your next digest' exactly as it would be sent, the choice of how often,
and the signed one-click link in every digest (RFC 8058: a POST with no session and no CSRF
token, checked by its signature alone; a GET only asks to confirm)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from network.digest import digest as digests
from network.digest import services
from network.digest.forms import DigestPreferenceForm
from network.email import render_bodies
from network.extensions import csrf, db
from network.members import policy
from network.members.models import DigestFrequency, Person
from network.time import now
from network.web import public_address, render_form, saved_form

bp = Blueprint("digest", __name__, url_prefix="/digest")


def _next_digest(person: Person):
    """The person's next digest (weekly when they get none, to show what they would get),
    its send time, and its two bodies as the outbox would store them."""
    frequency = person.digest_frequency
    shown = DigestFrequency.WEEKLY if frequency == DigestFrequency.NONE else frequency
    at = digests.next_send(shown, now())
    digest = digests.build_digests([person], shown, at)[0]
    text, html = render_bodies("digest", subject=digest.subject, person=person, digest=digest,
                                network_name=current_app.config["NETWORK_NAME"],
                                base_url=public_address())
    return digest, at, text, html


@bp.route("/")
@login_required
def index():
    """Your next digest: subject, headers and both parts, as they would be sent."""
    policy.authorize("digest.view_own")
    digest, at, text, _ = _next_digest(current_user)
    return render_template("digest/index.html", digest=digest, at=at, text=text,
                           frequency=current_user.digest_frequency)


@bp.route("/next.html")
@login_required
def next_html():
    """The HTML part alone, for the page's frame (inline styles allowed, nothing else)."""
    policy.authorize("digest.view_own")
    _, _, _, html = _next_digest(current_user)
    g.email_preview = True
    return html


@bp.route("/preference", methods=["GET", "POST"])
@login_required
def preference():
    """Choose weekly, daily or no digest."""
    policy.authorize("digest.set_preference")
    form = DigestPreferenceForm(frequency=current_user.digest_frequency.value)
    if saved_form(form, lambda: services.set_frequency(current_user, current_user,
                                                         form.frequency.data) or None):
        flash("Your digest choice is saved", "success")
        return redirect(url_for("digest.index"))
    return render_form("digest/preference.html", form=form)


def _person_for(token: str) -> Person:
    found = digests.person_id_from_token(token)
    if found is None:
        abort(404)
    person = db.session.scalar(select(Person).where(Person.id == found[0],
                                                    Person.email == found[1]))
    if person is None:
        abort(404)
    return person


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail providers POST with no session; the signature checks
def unsubscribe(token: str):
    """GET: ask to confirm. POST (the button, or a mail provider's one-click): stop the
    digest."""
    person = _person_for(token)
    if request.method == "POST":
        services.set_frequency(None, person, DigestFrequency.NONE.value, via="one-click link")
        db.session.commit()
        return render_template("digest/unsubscribed.html", person=person)
    return render_template("digest/unsubscribe.html", person=person, token=token)
