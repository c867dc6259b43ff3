"""The network's local time (config TIMEZONE, Europe/London by default): display and parsing.

Timestamps are stored in UTC; every conversion to and from the time people read goes through
here, so the zone is configured in one place.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from network.config import Defaults
from network.db import utcnow

CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


@lru_cache(maxsize=4)
def _zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The network's time zone, from the app's TIMEZONE setting."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return _zone_named(name or Defaults.TIMEZONE)


def local(moment: datetime) -> datetime:
    """An aware timestamp in the network's zone."""
    return moment.astimezone(zone())


def local_date(moment: datetime) -> date:
    """The network's calendar day of a timestamp."""
    return local(moment).date()


def today() -> date:
    """Today in the network's zone."""
    return local_date(utcnow())


def now() -> datetime:
    """The current time in the network's zone."""
    return local(utcnow())


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time on a day, in the network's zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone())


def parse_clock(day: date | None, clock: str | None) -> datetime | None:
    """A day and an HH:MM (or HH.MM) as an aware timestamp; None when either is missing."""
    match = CLOCK.match(clock or "")
    if day is None or not match:
        return None
    return at(day, int(match[1]), int(match[2]))


def day_start_utc(day: date) -> datetime:
    """Midnight at the start of a local day, in UTC (for filtering stored timestamps)."""
    return at(day).astimezone(UTC)


def show(value: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A stored timestamp as people read it: local time, 'am'/'pm' in lower case."""
    if value is None:
        return ""
    return local(value).strftime(fmt).replace("AM", "am").replace("PM", "pm")
