"""The audit log viewer (secretariat admin), filterable by person, object and date: each entry
in words (network/audit_display.py), and the raw entries as JSON Lines for export."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, render_template, request, stream_with_context
from flask_login import login_required
from sqlalchemy import func, select

from network import audit_display
from network.audit import AuditEntry
from network.extensions import db
from network.members import policy
from network.members.forms import AuditFilterForm
from network.paging import paged
from network.time import day_start_utc
from network.web import attachment

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50
EXPORT_BATCH = 500


def _filtered():
    """(form, whether its filters are valid, the entries they select, newest first)."""
    form = AuditFilterForm(request.args)
    asked = request.args.get("object_type", "")[:80]
    form.object_type.choices = [("", "Any")] + audit_display.registered_type_choices(asked)
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
    return form, valid, query


@bp.route("/")
@login_required
def index():
    """Newest entries first, 50 to a page, in words with links."""
    policy.authorize("audit.view")
    form, valid, query = _filtered()
    entries = paged(query, PAGE_SIZE)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", form=form, entries_page=entries,
                           entries=audit_display.describe(entries.rows), page=entries.number,
                           has_next=entries.has_next, args=args,
                           export_args={k: v for k, v in args.items() if v and k != "submit"}
                           ), 200 if valid else 400


def raw_entry(entry: AuditEntry) -> dict:
    """An entry as stored: machine names and the before/after JSON as recorded."""
    return {"id": entry.id, "at": entry.at.isoformat(), "actor_id": entry.actor_id,
            "actor_label": entry.actor_label, "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id,
            "object_label": entry.object_label, "before": entry.before, "after": entry.after,
            "ip_address": entry.ip_address}


@bp.route("/export.jsonl")
@login_required
def export():
    """The entries the filters select, raw, one JSON object a line, streamed in batches."""
    policy.authorize("audit.view")
    form, valid, query = _filtered()
    if not valid:
        return render_template("audit/index.html", form=form, entries=[], page=1,
                               entries_page=None, has_next=False, args={},
                               export_args={}), 400

    def lines():
        last_id = None
        while True:  # keyset batches: memory stays flat however long the log is (the
            # session's identity map holds its objects weakly)
            batch = query if last_id is None else query.where(AuditEntry.id < last_id)
            rows = db.session.scalars(batch.limit(EXPORT_BATCH)).all()
            for entry in rows:
                yield json.dumps(raw_entry(entry), ensure_ascii=False) + "\n"
            if len(rows) < EXPORT_BATCH:
                return
            last_id = rows[-1].id

    return attachment(stream_with_context(lines()), "application/x-ndjson", "audit-log.jsonl")
