"""My office (member leads): people, invitations, designated voter, API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy, queries
from network.members.forms import ApiTokenForm, DesignateVoterForm, InviteForm
from network.members.models import ApiToken, Role
from network.members.services import people as people_service
from network.members.services import tokens as token_service
from network.web import get_or_404, render_form, saved_form

bp = Blueprint("my_office", __name__, url_prefix="/my-office")
NOBODY = ""


def _my_office():
    policy.authorize("my_office.view")
    return queries.office_overview(current_user.office_id) or abort(404)


@bp.route("/")
@login_required
def index():
    """The office's people, voter and substitute, and API tokens."""
    office = _my_office()
    tokens = (queries.office_tokens(office.id)
              if policy.can(current_user, "office.manage_tokens", office) else [])
    return render_template("my_office/index.html", office=office, tokens=tokens,
                           confirm=ConfirmForm())


@bp.route("/invite", methods=["GET", "POST"])
@login_required
def invite():
    """Invite a colleague to the office."""
    office = _my_office()
    policy.authorize("office.manage_people", office)
    form = InviteForm()
    form.role.choices = [(r.value, r.label) for r in (Role.MEMBER_STAFF, Role.MEMBER_LEAD)]
    form.office.choices = [(str(office.id), office.name)]
    form.office.data = str(office.id)
    if person := saved_form(form, lambda: people_service.invite_person(
                current_user, email=form.email.data, name=form.name.data,
                job_title=form.job_title.data or "", role=Role(form.role.data), office=office)):
        flash(f"Invitation sent to {person.email}", "success")
        return redirect(url_for("my_office.index"))
    return render_form("people/invite.html", form, office=office, cancel=url_for("my_office.index"))


@bp.route("/voter", methods=["GET", "POST"])
@login_required
def voter():
    """Designate the office's voter and substitute."""
    office = _my_office()
    policy.authorize("office.designate_voter", office)
    form = DesignateVoterForm()
    people = [p for p in office.people if p.is_active]
    choices = [(NOBODY, "Nobody yet")] + [(str(p.id), f"{p.name} ({p.job_title or p.email})")
                                          for p in people]
    form.voter.choices = form.substitute.choices = choices
    by_id = {str(p.id): p for p in people}
    if saved_form(form, lambda: people_service.designate_voter(
            current_user, office, by_id.get(form.voter.data), by_id.get(form.substitute.data))):
        flash("Designated voter and substitute saved", "success")
        return redirect(url_for("my_office.index"))
    if not form.is_submitted():
        form.voter.data = str(office.voter_id or NOBODY)
        form.substitute.data = str(office.substitute_id or NOBODY)
    return render_form("my_office/voter.html", form, office=office)


@bp.route("/api-tokens/new", methods=["GET", "POST"])
@login_required
def new_token():
    """Create an API token for the office's own systems; shown once."""
    office = _my_office()
    policy.authorize("office.manage_tokens", office)
    form = ApiTokenForm()
    if created := saved_form(form, lambda: token_service.create_api_token(
            current_user, office, form.name.data)):
        token, raw = created
        return render_template("my_office/token_created.html", token=token, raw=raw)
    return render_form("my_office/new_token.html", form, office=office)


@bp.route("/api-tokens/<token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    """Revoke one of the office's API tokens."""
    office = _my_office()
    token = get_or_404(ApiToken, token_id)
    if token.office_id != office.id:
        abort(404)
    policy.authorize("office.manage_tokens", office)
    if ConfirmForm().validate_on_submit():
        token.office = office
        token_service.revoke_api_token(current_user, token)
        db.session.commit()
        flash(f"Token '{token.name}' revoked", "success")
    return redirect(url_for("my_office.index"))

