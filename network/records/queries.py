"""Reads for the records pages."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from network.records.models import RecordsExport


def exports() -> Select:
    """The requested exports, newest first, with who asked for each."""
    return (select(RecordsExport).options(joinedload(RecordsExport.requested_by))
            .order_by(RecordsExport.id.desc()))
