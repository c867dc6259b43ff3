"""Search's rule in the policy table: everyone signed in searches; what each finds is decided
by each kind's own list clause (network/search/queries.py)."""

from __future__ import annotations

from network.members.policy import EVERYONE, register_roles

register_roles({"search.use": EVERYONE})
