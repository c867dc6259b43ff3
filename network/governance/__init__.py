"""The governance domain: voting, elections, decisions the Constitution (and, next, motions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the counting library under elections/ is imported without Flask
    from flask import Flask


def register_views(app: Flask) -> None:
    """Register the governance HTML blueprints."""
    from network.governance.constitution import views as constitution
    from network.governance.decisions import views as decisions
    from network.governance.elections import views as elections
    from network.governance.motions import views as motions
    from network.governance.voting import views as voting

    for blueprint in (elections.bp, voting.bp, decisions.bp, constitution.bp, motions.bp):
        app.register_blueprint(blueprint)
