"""The demo network in one call: offices and people, the workplan (meetings with papers,
minutes, actions), the Constitution, decisions and an election, with their audit entries.
Used by `network demo` and by tests that need a whole network."""

from __future__ import annotations


def load_demo_network() -> list[tuple[str, str, str]]:
    """Load every part of the demo (idempotent) and commit; returns the demo sign-ins as
    (email, role, office)."""
    from network.extensions import db
    from network.governance.constitution.demo import load_demo_constitution
    from network.governance.demo import load_demo_decisions, load_demo_elections
    from network.members.demo import load_demo
    from network.workplan.demo import load_demo_workplan

    sign_ins = load_demo()
    load_demo_workplan()
    load_demo_constitution()
    load_demo_decisions()
    load_demo_elections()
    db.session.commit()
    return sign_ins
