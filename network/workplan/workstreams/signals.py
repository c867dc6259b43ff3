"""Signals by which higher layers add to a workstream's page without the workplan importing
them.

The decisions register lives in governance, above the workplan; the workstream page lists the
decisions tagged with the workstream, so governance connects a receiver here (in
`governance/decisions/queries.py`) that returns the ones the reader may see.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sent with the workstream, `principal=` and `limit=`; each receiver returns up to `limit`
#: records (newest first) with `id`, `reference`, `text`, `decided_on` and `meeting`
decisions_of_workstream = _signals.signal("decisions-of-workstream")


def decisions_for(workstream, principal, limit: int) -> list:
    """The decisions tagged with the workstream that the principal may read, newest first."""
    found: list = []
    for _receiver, records in decisions_of_workstream.send(workstream, principal=principal,
                                                           limit=limit):
        found.extend(records or [])
    return found
