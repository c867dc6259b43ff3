"""HTML views of the governance domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Register the governance blueprints."""
    from network.governance.views import decisions, elections, voting

    app.register_blueprint(elections.bp)
    app.register_blueprint(voting.bp)
    app.register_blueprint(decisions.bp)
