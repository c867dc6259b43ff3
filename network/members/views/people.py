"""People (secretariat): list, invite, change role, deactivate, reactivate, resend invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.inputs import query_int
from network.members import policy, queries
from network.members.forms import ChangeRoleForm, InviteForm
from network.members.models import Office, Person, Role
from network.members.services import people as people_service
from network.paging import paged
from network.web import confirmed_change, get_or_404, render_form, saved_form

bp = Blueprint("people", __name__, url_prefix="/people")
PAGE_SIZE = 50
NO_OFFICE = ""


def office_choices(offices: list[Office], allow_none: bool) -> list[tuple[str, str]]:
    """Select options for an office field."""
    choices = [(NO_OFFICE, "No office (secretariat or observer)")] if allow_none else []
    return choices + [(str(o.id), o.name) for o in offices]


def role_choices() -> list[tuple[str, str]]:
    """Radio options for the roles the current user may give."""
    return [(r.value, r.label) for r in policy.assignable_roles(current_user)]


def chosen_office(value: str | None) -> Office | None:
    """The office picked in a select (None for no office)."""
    return db.session.get(Office, int(value)) if value else None


@bp.route("/")
@login_required
def index():
    """Everyone with an account, filterable by role, office and status."""
    policy.authorize("person.list")
    role = request.args.get("role") or None
    office_id = query_int("office", label="The office in the web address")
    status = request.args.get("status", "active")
    active = {"active": True, "inactive": False}.get(status)
    role_value = Role(role) if role in {r.value for r in Role} else None
    people = paged(queries.people_list(role=role_value, office_id=office_id, active=active,
                                       search=(request.args.get("q") or "")[:100]), PAGE_SIZE)
    return render_template("people/index.html", people=people, offices=queries.offices(),
                           args={k: v for k, v in request.args.items() if k != "page"},
                           roles=list(Role), filters={"role": role_value, "office": office_id,
                                                      "status": status,
                                                      "q": request.args.get("q", "")[:100]})


@bp.route("/invite", methods=["GET", "POST"])
@login_required
def invite():
    """Invite anyone to any role (secretariat admin)."""
    policy.authorize("person.invite_any")
    form = InviteForm()
    form.role.choices = role_choices()
    form.office.choices = office_choices(queries.offices(), allow_none=True)
    if person := saved_form(form, lambda: people_service.invite_person(
                current_user, email=form.email.data, name=form.name.data,
                job_title=form.job_title.data or "", role=Role(form.role.data),
                office=chosen_office(form.office.data))):
        flash(f"Invitation sent to {person.email}", "success")
        return redirect(url_for("people.detail", person_id=person.id))
    return render_form("people/invite.html", form, cancel=url_for("people.index"))


@bp.route("/<person_id>")
@login_required
def detail(person_id):
    """A person's details and what may be done to them."""
    person = get_or_404(Person, person_id)
    policy.authorize("person.view", person)
    return render_template("people/detail.html", person=person, confirm=ConfirmForm(),
                           office=db.session.get(Office, person.office_id)
                           if person.office_id else None)


@bp.route("/<person_id>/role", methods=["GET", "POST"])
@login_required
def change_role(person_id):
    """Give a person another role and office."""
    person = get_or_404(Person, person_id)
    policy.authorize("person.change_role", person)
    form = ChangeRoleForm()
    form.role.choices = role_choices()
    manageable = [o for o in queries.offices() if policy.can(current_user,
                                                              "office.manage_people", o)]
    form.office.choices = office_choices(manageable,
                                         allow_none=policy.can(current_user, "person.invite_any"))
    if saved_form(form, lambda: people_service.change_role(
            current_user, person, Role(form.role.data), chosen_office(form.office.data))):
        flash(f"{person.name} is now {person.role.label.lower()}", "success")
        return redirect(_back(person))
    elif not form.is_submitted():
        form.role.data = person.role.value
        form.office.data = str(person.office_id or NO_OFFICE)
    return render_form("people/change_role.html", form, person=person, cancel=_back(person))


def _back(person: Person) -> str:
    if policy.can(current_user, "person.list"):
        return url_for("people.detail", person_id=person.id)
    return url_for("my_office.index")


def _confirmed_action(person_id, action: str, change, message: str):
    person = get_or_404(Person, person_id)
    policy.authorize(action, person)
    return confirmed_change(lambda: change(person), message.format(name=person.name),
                            _back(person))


@bp.route("/<person_id>/deactivate", methods=["POST"])
@login_required
def deactivate(person_id):
    """Deactivate a person: every session of theirs ends now."""
    return _confirmed_action(person_id, "person.deactivate",
                             lambda p: people_service.set_active(current_user, p, False),
                             "{name} is deactivated and signed out everywhere")


@bp.route("/<person_id>/reactivate", methods=["POST"])
@login_required
def reactivate(person_id):
    """Let a deactivated person sign in again."""
    return _confirmed_action(person_id, "person.reactivate",
                             lambda p: people_service.set_active(current_user, p, True),
                             "{name} can sign in again")


@bp.route("/<person_id>/resend-invitation", methods=["POST"])
@login_required
def resend_invitation(person_id):
    """Send a fresh invitation link to someone who has not set a password."""
    return _confirmed_action(person_id, "person.resend_invitation",
                             lambda p: people_service.resend_invitation(current_user, p),
                             "A new invitation is on its way to {name}")
