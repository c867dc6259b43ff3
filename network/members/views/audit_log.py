"""The audit log viewer (secretariat admin), filterable by person, object and date."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db
from network.inputs import query_int
from network.members import policy
from network.members.forms import AuditFilterForm
from network.time import day_start_utc

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50




@bp.route("/")
@login_required
def index():
    """Newest entries first, 50 to a page."""
    policy.authorize("audit.view")
    form = AuditFilterForm(request.args)
    types = db.session.scalars(select(AuditEntry.object_type).distinct()
                               .order_by(AuditEntry.object_type)).all()
    form.object_type.choices = [("", "Any")] + [(t, t) for t in types if t]
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    valid = form.validate() if request.args else True
    if valid:
        if form.person.data:
            query = query.where(func.lower(AuditEntry.actor_label).contains(
                form.person.data.lower().strip()))
        if form.object_type.data:
            query = query.where(AuditEntry.object_type == form.object_type.data)
        if form.object_id.data:
            query = query.where(AuditEntry.object_id == form.object_id.data.strip())
        if form.date_from.data:
            query = query.where(AuditEntry.at >= day_start_utc(form.date_from.data))
        if form.date_to.data:
            day_after = form.date_to.data + timedelta(days=1)
            query = query.where(AuditEntry.at < day_start_utc(day_after))
    page = query_int("page", 1, label="The page number")
    entries = db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", form=form, entries=entries[:PAGE_SIZE], page=page,
                           has_next=len(entries) > PAGE_SIZE, args=args), 200 if valid else 400
