"""The digest's sections, in the order they appear: each a function given by its sub-domain
(`digest_*` in its tasks.py, shaped by network/digest_parts.py). A new domain joins the digest
by adding its one function here."""

from __future__ import annotations

from network.governance.decisions import tasks as decision_tasks
from network.governance.elections import tasks as election_tasks
from network.governance.motions import tasks as motion_tasks
from network.workplan.actions import tasks as action_tasks
from network.workplan.items import tasks as item_tasks
from network.workplan.meetings import tasks as meeting_tasks
from network.workplan.tracker import tasks as tracker_tasks
from network.workplan.workstreams import tasks as workstream_tasks

SECTIONS = [
    meeting_tasks.digest_meetings,
    item_tasks.digest_deadlines,
    item_tasks.digest_items,
    action_tasks.digest_actions,
    election_tasks.digest_elections,
    motion_tasks.digest_motions,
    decision_tasks.digest_decisions,
    workstream_tasks.digest_workstreams,
    tracker_tasks.digest_tracker,
]
