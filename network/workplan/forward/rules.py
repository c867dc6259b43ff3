"""The forward agenda's, plan entries' and the annual workplan's rules in the policy table.

Plan entries are seen by the network (not observers) on the meetings they may see: the loader
and the list queries add the meeting's own rule (`meeting.view`) to the role rule here."""

from __future__ import annotations

from network.members.policy import EVERYONE, NETWORK, SECRETARIAT, register_roles

register_roles({
    "forward.view": EVERYONE,  # each sees the meetings they are invited to
    "plan.view": NETWORK,
    "plan.manage": SECRETARIAT,
    "workplan.view": NETWORK,
})
