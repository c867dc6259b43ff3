"""Member offices: list, detail, add and edit (secretariat admin)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network.members import policy, queries
from network.members.forms import OfficeForm
from network.members.models import OfficeKind, OfficeStatus
from network.members.services import people as people_service
from network.web import render_form, saved_form

bp = Blueprint("offices", __name__, url_prefix="/offices")


def _office_data(form: OfficeForm) -> dict:
    return {
        "name": form.name.data, "slug": form.slug.data or "",
        "kind": OfficeKind(form.kind.data), "region": form.region.data or "",
        "mayor_name": form.mayor_name.data or "", "joined_on": form.joined_on.data,
        "left_on": form.left_on.data, "status": OfficeStatus(form.status.data),
    }


@bp.route("/")
@login_required
def index():
    """Every member office with its standing and voter."""
    policy.authorize("office.list")
    return render_template("offices/index.html", offices=queries.offices(),
                           counts=queries.people_counts_by_office())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Add a member office."""
    policy.authorize("office.create")
    form = OfficeForm()
    if office := saved_form(form, lambda: people_service.create_office(current_user,
                                                                         _office_data(form))):
        flash(f"{office.name} added", "success")
        return redirect(url_for("offices.detail", slug=office.slug))
    return render_form("offices/form.html", form, office=None)


@bp.route("/<slug>")
@login_required
def detail(slug: str):
    """An office: details, people, voter and substitute."""
    office = queries.office_by_slug(slug) or abort(404)
    policy.authorize("office.view", office)
    return render_template("offices/detail.html", office=office)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Change an office's details."""
    office = queries.office_by_slug(slug) or abort(404)
    policy.authorize("office.edit", office)
    form = OfficeForm(obj=office)
    if saved_form(form, lambda: people_service.update_office(current_user, office,
                                                             _office_data(form))):
        flash("Office updated", "success")
        return redirect(url_for("offices.detail", slug=office.slug))
    elif not form.is_submitted():
        form.kind.data, form.status.data = office.kind.value, office.status.value
    return render_form("offices/form.html", form, office=office)
