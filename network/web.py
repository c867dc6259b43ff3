"""Small helpers shared by HTML views: domain errors onto forms, objects or 404."""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

from network.errors import DomainError
from network.extensions import db
from network.inputs import clean_text


def attach_error(form, error: DomainError, on_field: bool = True) -> None:
    """Show a domain error next to its field (or the first field) so the summary links to it;
    `on_field=False` only keeps it as `form.domain_error`, for a page that shows it itself
    (its inputs are not fields of the form)."""
    form.domain_error = error
    if not on_field:
        return
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        field = next(iter(form), None)
    if field is None:
        return
    errors = list(field.errors) if isinstance(field.errors, list | tuple) else []
    field.errors = [error.message, *errors]
    form.form_errors = [*form.form_errors]


MAX_ID = 2**31 - 1  # the largest id either database stores


class BoundedIntConverter(IntegerConverter):
    """<int:...> URL parts that fit a database id; bigger numbers are simply not found."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value) -> int:
    """An id from a URL or form, or a 404 page for anything that cannot be one."""
    text = str(value or "")
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_ID:
        abort(404)
    return int(text)


def get_or_404(model, ident):
    """The object with this primary key, or a 404 page."""
    obj = db.session.get(model, parse_id(ident))
    if obj is None:
        abort(404)
    return obj


def visible_or_404(obj, action: str):
    """The object if the current user may do `action` on it; otherwise (or if it is None) a
    404 page, so that nobody learns which ids exist."""
    from flask_login import current_user

    from network.members import policy

    if obj is None or not policy.can(current_user, action, obj):
        abort(404)
    return obj


def render_form(template: str, form, **context):
    """A form page: 200 when it is shown afresh, 400 when it comes back with errors."""
    from flask import render_template

    refused = form.errors or getattr(form, "domain_error", None)
    return render_template(template, form=form, **context), 400 if refused else 200


def attachment(body, mimetype: str, filename: str, **headers):
    """A file download: the body (bytes, text or a stream) under a file name to save it as."""
    from flask import Response

    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', **headers})


DEVELOPMENT_ADDRESS = "http://127.0.0.1:5000"


def public_address() -> str:
    """The address people reach the portal at, for links in emails and feeds: the configured
    SERVER_NAME_FOR_EMAIL (required in production; `make run` sets it from its host and port),
    else the address of the request being served, else the development default."""
    from flask import current_app, has_request_context

    configured = (current_app.config.get("SERVER_NAME_FOR_EMAIL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return DEVELOPMENT_ADDRESS


def client_ip() -> str:
    """The requesting address (ProxyFix in production sets it from the proxy)."""
    return clean_text(request.remote_addr or "unknown")[:64]


def confirmed_change(change, success: str, back: str):
    """A POST button's change: check the CSRF-only form, run the service, commit once and go
    back with a message; a domain error is rolled back and shown as the message instead."""
    from flask import flash, redirect

    from network.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message)
        return redirect(back)
    db.session.commit()
    flash(success, "success")
    return redirect(back)


def saved_form(form, change, keep_audit_on_error: bool = False, page_shows_errors: bool = False):
    """For a valid submitted form run the service call: commit and return its result (True when
    it returns nothing); on a domain error roll back, show it on the form and return None.

    `keep_audit_on_error` commits instead of rolling back after a refusal, for sign-in steps
    whose services change nothing but the audit trail of the failed attempt (which must stay);
    `page_shows_errors` is for pages whose inputs are not form fields and show the refusal
    (`form.domain_error`) themselves."""
    if not form.validate_on_submit():
        return None
    try:
        result = change()
    except DomainError as exc:
        if keep_audit_on_error:
            db.session.commit()
        else:
            db.session.rollback()
        attach_error(form, exc, on_field=not page_shows_errors)
        return None
    db.session.commit()
    return True if result is None else result
