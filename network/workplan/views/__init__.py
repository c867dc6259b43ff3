"""HTML views of the workplan domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Register the workplan blueprints."""
    from network.workplan.views import (
        actions,
        attendance,
        calendar,
        items,
        meetings,
        minutes,
        papers,
        publishing,
    )

    app.register_blueprint(meetings.bp)
    app.register_blueprint(items.bp)
    app.register_blueprint(attendance.bp)
    app.register_blueprint(minutes.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(papers.bp)
    app.register_blueprint(publishing.bp)
    app.register_blueprint(actions.bp)
