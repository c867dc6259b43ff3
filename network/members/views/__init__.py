"""HTML views of the members domain: sign-in, offices, people, my office, account, audit,
the email outbox."""

from flask import Flask


def register(app: Flask) -> None:
    """Register the members blueprints."""
    from network.members.views import (
        account,
        audit_log,
        auth,
        identity_providers,
        my_office,
        offices,
        oidc,
        outbox,
        people,
    )

    for module in (auth, oidc, offices, people, my_office, account, audit_log, outbox,
                   identity_providers):
        app.register_blueprint(module.bp)
