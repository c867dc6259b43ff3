"""Error pages for people and the JSON error envelope for the API."""

from __future__ import annotations

from flask import Flask, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from network.errors import DomainError

PAGES = {
    400: ("There is a problem with the request",
          ["The information sent could not be read. Go back and try again."]),
    401: ("Sign in to continue", ["You need to sign in to see this page."]),
    403: ("You do not have permission to see this page",
          ["If you think you should, contact your office lead or the network secretariat."]),
    404: ("Page not found",
          ["If you typed the web address, check it is correct.",
           "If you pasted the web address, check you copied the entire address."]),
    405: ("That cannot be done here", ["Go back and use the buttons on the page."]),
    409: ("That change clashes with another", ["Go back, reload the page and try again."]),
    413: ("The file is too large",
          ["Go back and choose a smaller file."]),
    422: ("There is a problem with the information", ["Go back and check what you entered."]),
    429: ("Too many attempts", ["Wait a few minutes, then try again."]),
    500: ("Sorry, there is a problem with the service",
          ["Try again later. What you entered has not been saved."]),
    503: ("Sorry, the service is unavailable", ["Try again later."]),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(status: int, message: str | None = None, details: dict | None = None):
    """The error page (or JSON envelope on /api/) for an HTTP status."""
    if _wants_json():
        from network.api.errors import error_response

        return error_response(status, message, details)
    heading, paragraphs = PAGES.get(status, PAGES[400] if status < 500 else PAGES[500])
    if status == 413:
        from flask import current_app

        limit = current_app.config["MAX_PAPER_BYTES"] // (1024 * 1024)
        paragraphs = [*paragraphs, f"Papers can be up to {limit} MB."]
    if message and status not in (404, 500):
        paragraphs = [message]
    return render_template("errors/error.html", heading=heading, paragraphs=paragraphs), status


def init_errors(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures, domain errors and crashes."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, "The form expired or was sent from another site. Go back, "
                                 "reload the page and try again.")

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        from network.extensions import db

        db.session.rollback()
        return render_error(exc.status_code, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        data = getattr(exc, "data", None) or {}
        response = make_response(render_error(exc.code or 500, None, data.get("messages")))
        for name, value in exc.get_headers():  # e.g. Allow on a 405, Retry-After
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def crash(exc: Exception):
        from network.extensions import db

        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)
