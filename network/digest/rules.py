"""The digest's rows in the policy table: everyone who signs in chooses their own digest and
sees the next one (the one-click link needs no sign-in: its signature is the check)."""

from __future__ import annotations

from network.members.policy import EVERYONE, register_roles

register_roles({
    "digest.view_own": EVERYONE,
    "digest.set_preference": EVERYONE,
})
