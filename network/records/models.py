"""A hand-over export asked for on the records page and built by the scheduler process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, enum_column, utcnow
from network.extensions import db


class ExportState(Labelled):
    """Where a requested export is."""

    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"
    EXPIRED = "expired"  # its zip was deleted after RECORDS_EXPORT_RETENTION


class RecordsExport(db.Model):
    """One requested export: queued by the page, claimed and built by the scheduler, then a
    stored zip (by its SHA-256) ready to download (or the reason it failed)."""

    __tablename__ = "records_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[ExportState] = mapped_column(enum_column(ExportState),
                                               default=ExportState.QUEUED, index=True)
    claimed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    problem: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    totals: Mapped[dict | None] = mapped_column(JSON)

    requested_by = relationship("Person", lazy="raise")

    def __str__(self) -> str:
        return f"Export {self.id}"
