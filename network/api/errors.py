"""The JSON error envelope every /api/v1 error uses."""

from __future__ import annotations

from flask import jsonify
from werkzeug.http import HTTP_STATUS_CODES

CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
         429: "too_many_requests", 500: "server_error", 503: "unavailable"}


def error_response(status: int, message: str | None = None, details: dict | None = None):
    """{"error": {"status", "code", "message", "details"}} with the status code."""
    body = {"error": {
        "status": status,
        "code": CODES.get(status, "error"),
        "message": message or HTTP_STATUS_CODES.get(status, "Error"),
    }}
    if details:
        body["error"]["details"] = details
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
