"""Signals by which higher layers add to the minutes without the workplan importing them.

The decisions register lives in governance, above the workplan; the minutes show each item's
decisions, so governance connects a receiver here (in `governance/decisions/queries.py`)
that returns the decisions taken at a meeting.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sent with the meeting; each receiver returns records with `item_id`, `reference`, `text`
decisions_of_meeting = _signals.signal("decisions-of-meeting")


def decisions_for(meeting) -> list:
    """Every decision recorded at the meeting, from whatever registers them (in order)."""
    found: list = []
    for _receiver, records in decisions_of_meeting.send(meeting):
        found.extend(records or [])
    return found
