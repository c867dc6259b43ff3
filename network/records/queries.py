"""Reads for the records pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from network.extensions import db
from network.records.models import RecordsExport


def exports_page(page: int, size: int) -> tuple[list[RecordsExport], bool]:
    """The requested exports, newest first, a page at a time; and whether there is a next."""
    rows = list(db.session.scalars(
        select(RecordsExport).options(joinedload(RecordsExport.requested_by))
        .order_by(RecordsExport.id.desc()).offset((page - 1) * size).limit(size + 1)))
    return rows[:size], len(rows) > size
