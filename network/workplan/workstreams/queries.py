"""Reads of workstreams."""

from __future__ import annotations

from sqlalchemy import select

from network.extensions import db
from network.workplan.workstreams.models import Workstream


def workstream_choices(empty: str) -> list[tuple[str, str]]:
    """Select options for a workstream field, led by an empty choice labelled `empty`."""
    return [("", empty)] + [(str(w.id), w.name) for w in db.session.scalars(
        select(Workstream).order_by(Workstream.name))]
