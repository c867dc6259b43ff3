"""Declarative base with a naming convention, shared column types and mixins."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# How far the clock is set back; only `clock_set_to` changes it, and only for its block.
_CLOCK_OFFSET: ContextVar[timedelta] = ContextVar("clock_offset", default=timedelta(0))


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC) + _CLOCK_OFFSET.get()


@contextmanager
def clock_set_to(moment: datetime) -> Iterator[None]:
    """Run a block as if the time were `moment` (and moving on from there), so the demo can play
    its history through the services on the days it happened. Requests never use it."""
    token = _CLOCK_OFFSET.set(moment - datetime.now(UTC))
    try:
        yield
    finally:
        _CLOCK_OFFSET.reset(token)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base class of every model."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime},
    )


class TimestampMixin:
    """created_at and updated_at columns, in UTC."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Labelled(enum.StrEnum):
    """An enum whose members read well on a page."""

    @property
    def label(self) -> str:
        """Human-readable name."""
        return self.value.replace("_", " ").capitalize()


def enum_column(cls: type[enum.Enum]) -> Enum:
    """An enum stored as its values in a VARCHAR(40) (no native enum type to migrate)."""
    return Enum(cls, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e])
