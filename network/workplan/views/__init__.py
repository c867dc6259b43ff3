"""HTML views of the workplan domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Register the workplan blueprints."""
    from network.workplan.views import items, meetings

    app.register_blueprint(meetings.bp)
    app.register_blueprint(items.bp)
