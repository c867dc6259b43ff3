"""Signals by which higher layers add dated events to the forward agenda and the workplan.

Elections live in governance, above the workplan, so the forward agenda never imports them:
governance connects a receiver to `forward_events` (in `governance/elections/forward.py`) that
returns the openings and closings of nominations and ballots the principal may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace

_signals = Namespace()

#: sent with the principal and `starts`, `ends` (aware datetimes); each receiver returns a
#: list of `ForwardEvent`
forward_events = _signals.signal("forward-agenda-events")


@dataclass(frozen=True)
class ForwardEvent:
    """A dated happening that is not a meeting: a vote opening or closing."""

    at: datetime
    title: str  # "Nominations open: Chair of the network"
    kind: str  # a stable name: "nominations_open", "ballot_close", ...
    uid: str  # stable per event, for calendars: "election-3-ballot_open"
    endpoint: str = ""  # where to read more, and its URL arguments
    url_args: tuple[tuple[str, int], ...] = ()


def events_between(principal, starts: datetime, ends: datetime) -> list[ForwardEvent]:
    """Every event from whatever registers them, between `starts` and `ends`, by time."""
    found: list[ForwardEvent] = []
    for _receiver, events in forward_events.send(principal, starts=starts, ends=ends):
        found.extend(events or [])
    return sorted(found, key=lambda e: (e.at, e.title))
