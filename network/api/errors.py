"""The JSON error envelope every /api/v1 error uses."""

from __future__ import annotations

import marshmallow as ma
from flask import jsonify
from flask_smorest import Api
from werkzeug.http import HTTP_STATUS_CODES

CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
         429: "too_many_requests", 500: "server_error", 503: "unavailable"}
OTHER = "error"


class ErrorBodySchema(ma.Schema):
    """What went wrong: the status again, a stable code, a sentence, and field errors."""

    status = ma.fields.Int(required=True, metadata={"description": "The HTTP status code"})
    code = ma.fields.Str(required=True, validate=ma.validate.OneOf([*CODES.values(), OTHER]),
                         metadata={"description": "A stable name for the kind of error"})
    message = ma.fields.Str(required=True, metadata={"description": "What went wrong, for people"})
    details = ma.fields.Dict(
        keys=ma.fields.Str(), values=ma.fields.Dict(),
        metadata={"description": "Field errors by where they were sent (json, query), then by "
                                 "field name (_schema: the whole body); each a list of messages"})


class ErrorSchema(ma.Schema):
    """The error envelope every /api/v1 error answers with (documentation only)."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class NetworkApi(Api):
    """flask-smorest's Api documenting our envelope (error_response) instead of its own."""

    ERROR_SCHEMA = ErrorSchema


def error_response(status: int, message: str | None = None, details: dict | None = None):
    """{"error": {"status", "code", "message", "details"}} with the status code."""
    body = {"error": {
        "status": status,
        "code": CODES.get(status, OTHER),
        "message": message or HTTP_STATUS_CODES.get(status, "Error"),
    }}
    if details:
        # always {where: {field: messages}}; an error about the whole body is under "_schema"
        body["error"]["details"] = {
            where: errors if isinstance(errors, dict) else {"_schema": errors}
            for where, errors in details.items()}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
