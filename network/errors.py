"""Domain errors that services raise and views turn into form errors or 4xx pages."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """The input does not meet the rules (shown next to the field when one is named)."""

    status_code = 422


class NotFound(DomainError):
    """The object does not exist or the person may not know it exists."""

    status_code = 404


class Forbidden(DomainError):
    """The person is signed in but may not do this."""

    status_code = 403


class Conflict(DomainError):
    """The change clashes with the current state (already used, already exists)."""

    status_code = 409


class TooManyAttempts(DomainError):
    """Sign-in is throttled for this account or address."""

    status_code = 429
