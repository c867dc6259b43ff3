"""The JSON API under /api/v1: flask-smorest blueprints, token auth, the error envelope."""

from flask import Flask


def init_api(app: Flask) -> None:
    """Register the API blueprints (CSRF-exempt: they take bearer tokens, not cookies)."""
    from network.extensions import api, csrf
    from network.governance.constitution.api import blp as constitution_blp
    from network.governance.elections.api import blp as elections_blp
    from network.governance.motions.api import blp as motions_blp
    from network.members.api import blp as members_blp
    from network.workplan.actions.api import blp as actions_blp
    from network.workplan.forward.api import blp as forward_blp
    from network.workplan.meetings.api import blp as meetings_blp
    from network.workplan.tracker.api import blp as tracker_blp
    from network.workplan.workstreams.api import blp as workstreams_blp

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "An office API token (ukmn_...)"})
    for blp in (members_blp, elections_blp, meetings_blp, actions_blp, workstreams_blp,
                forward_blp, tracker_blp, constitution_blp, motions_blp):
        csrf.exempt(blp)
        api.register_blueprint(blp, url_prefix=f"/api/v1{blp.url_prefix or ''}")
