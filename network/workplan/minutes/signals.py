"""Signals by which higher layers add to the minutes without the workplan importing them.

The decisions register lives in governance, above the workplan; the minutes show each item's
decisions, so governance connects a receiver here (in `governance/decisions/queries.py`)
that returns the decisions taken at a meeting. The quorum is the Constitution's (governance
too): `governance/constitution/queries.py` answers `quorum_rule_of_meeting`.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sent with the meeting; each receiver returns records with `item_id`, `reference`, `text`
decisions_of_meeting = _signals.signal("decisions-of-meeting")

#: sent with the meeting; a receiver returns (fraction of member offices, where the rule is
#: from: "version 2 of the Constitution") or None when no rule applied on the meeting's day
quorum_rule_of_meeting = _signals.signal("quorum-rule-of-meeting")


def decisions_for(meeting) -> list:
    """Every decision recorded at the meeting, from whatever registers them (in order)."""
    found: list = []
    for _receiver, records in decisions_of_meeting.send(meeting):
        found.extend(records or [])
    return found


def quorum_rule_for(meeting) -> tuple | None:
    """The quorum rule in force on the meeting's day and its source, or None if none is."""
    for _receiver, answer in quorum_rule_of_meeting.send(meeting):
        if answer is not None:
            return answer
    return None
