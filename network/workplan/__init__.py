"""The workplan domain: meetings, agenda items and papers, minutes, actions, workstreams, the
forward agenda and the annual workplan."""

from flask import Flask


def register_views(app: Flask) -> None:
    """Register the workplan's HTML blueprints."""
    from network.workplan.actions import views as actions
    from network.workplan.contacts import views as contacts
    from network.workplan.correspondence import views as correspondence
    from network.workplan.forward import views as forward
    from network.workplan.items import views as items
    from network.workplan.meetings import views as meetings
    from network.workplan.minutes import views as minutes
    from network.workplan.tracker import views as tracker
    from network.workplan.workstreams import views as workstreams

    for blueprint in (meetings.bp, items.bp, minutes.attendance_bp, minutes.bp,
                      meetings.calendar_bp, items.papers_bp, meetings.publishing_bp, actions.bp,
                      workstreams.bp, forward.bp, forward.workplan_bp):
        app.register_blueprint(blueprint)
    for blueprint in (tracker.bp, correspondence.bp, contacts.bp):  # the secretariat's desk
        app.register_blueprint(blueprint)
