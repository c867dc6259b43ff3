"""Site-wide pages: the home dashboard and the accessibility statement."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from network.members import policy, queries
from network.members.auth import current_session
from network.members.services.signin import live_sessions

bp = Blueprint("pages", __name__)


@bp.route("/")
@login_required
def home():
    """The dashboard for the person's role (network/dashboards), their office and sessions."""
    from network.dashboards.views import home_panels  # read-only top layer, loaded on use

    policy.authorize("home.view")
    office = queries.office_overview(current_user.office_id) if current_user.office_id else None
    this_session = current_session()
    return render_template("pages/home.html", office=office, sessions=live_sessions(current_user),
                           this_session=this_session,
                           dash=home_panels(current_user, this_session.id if this_session
                                            else None),
                           counts=queries.network_counts() if policy.can(current_user,
                                                                          "office.list") else None)


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement (WCAG 2.2 AA)."""
    return render_template("pages/accessibility.html")
