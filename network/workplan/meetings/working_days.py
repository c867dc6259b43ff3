"""Working days in England and Wales, and deadlines counted in clear working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def previous_working_day(day: date) -> date:
    """The last working day strictly before `day`."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def clear_days_deadline(event: date, clear_days: int) -> date:
    """The latest working day that leaves `clear_days` whole working days before `event`.

    Neither the deadline day nor the event day counts, as in committee practice: for a meeting
    on Monday 30 November 2026, five clear working days means publishing by Friday 20th."""
    if clear_days < 0:
        raise ValueError("clear_days must not be negative")
    day = event
    for _ in range(clear_days):
        day = previous_working_day(day)
    return previous_working_day(day)


def clear_working_days_between(start: date, end: date) -> int:
    """How many working days lie strictly between two dates."""
    count, day = 0, start + timedelta(days=1)
    while day < end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
