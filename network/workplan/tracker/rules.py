"""The policy tracker's rules in the policy table: the secretariat keeps it, members read it
(observers, from outside the network, do not)."""

from __future__ import annotations

from network.members.policy import NETWORK, SECRETARIAT, register_roles

register_roles({
    "policy_entry.list": NETWORK,
    "policy_entry.view": NETWORK,
    "policy_entry.create": SECRETARIAT,
    "policy_entry.edit": SECRETARIAT,
})
