"""The one rule for control characters, and the one parser for integers in web addresses.

Control characters are invisible, can mean nothing in the portal's text, and break what
comes after: PostgreSQL refuses NUL, XML (Word, Excel, the PDF's HTML) refuses every C0
control but tab, newline and carriage return, and a newline in a header is refused.

* Form fields (what people type): such characters are removed as the request is read, so every
  form and every `request.form` reader gets clean text. People cannot see them, so cannot fix
  them; removing them is what they would do (GOV.UK: do not make users fix what the service can).
  Tab, newline and carriage return stay: they are how multi-line text is sent.
* Web addresses (path and query string) and JSON bodies (what programs send): refused with a
  clear 400 (or the API's 422 envelope) that says why, because a program should be told.
  In a web address no newline is allowed either: nothing in a URL is multi-line.
* Exports (Word, Excel, CSV, PDF, iCalendar) pass stored text through `clean_text` too, so
  text stored before this rule existed can still be exported.
"""

from __future__ import annotations

import json
import re

from flask import Flask, Request

from network.errors import DomainError

# XML 1.0 refuses these; C0 controls but tab, LF, CR; the two non-characters; lone surrogates
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# in a web address a newline is refused too
_NOT_QUERY_TEXT = re.compile("[\x00-\x08\x0a-\x1f\ufffe\uffff\ud800-\udfff]")

MAX_INT = 2**31 - 1  # the largest integer either database stores in an id or a count


def clean_text(value: str | None) -> str:
    """The text without the control characters the portal never keeps (tab and newlines stay)."""
    return _NOT_TEXT.sub("", value or "")


def safe_query_text(value: str) -> bool:
    """Whether text from a web address is free of control characters (a tab is allowed)."""
    return _NOT_QUERY_TEXT.search(value) is None


def query_int(name: str, default: int | None = None, *, minimum: int = 1,
              maximum: int = MAX_INT, label: str | None = None) -> int | None:
    """A whole number from the query string (`default` when absent or empty); anything else,
    including numbers past what the database holds, is a 400 that says what is expected."""
    from flask import request

    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else None
    if value is None or not minimum <= value <= maximum:
        what = label or f"The ‘{name}’ value in the web address"
        raise DomainError(f"{what} must be a whole number from {minimum:,} to {maximum:,}")
    return value


def _bad_json_strings(value, path: tuple = ()) -> list[tuple]:
    """Where in a JSON document a key or string holds control characters."""
    if isinstance(value, str):
        return [path] if clean_text(value) != value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            key_path = (*path, str(key))
            found += [key_path] if clean_text(str(key)) != str(key) else []
            found += _bad_json_strings(item, key_path)
        return found
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _bad_json_strings(item, (*path, n))]
    return []


URL_MESSAGE = ("The web address contains characters that are not allowed. Check it, or go back "
               "and use the links on the page.")
JSON_MESSAGE = "Must not contain control characters"


def check_request():
    """Before every request: refuse control characters in the web address and in JSON."""
    from flask import request

    # every value of a repeated argument, not only the first (`args.values()` gives only that)
    parts = [request.path, *request.args.keys(),
             *(value for _, value in request.args.items(multi=True))]
    if not all(safe_query_text(part) for part in parts):
        raise DomainError(URL_MESSAGE)
    if request.path.startswith("/api/") and request.is_json:
        try:
            document = json.loads(request.get_data(cache=True, as_text=True))
        except ValueError:
            return None  # not JSON at all: the API's own parsing answers that
        bad = _bad_json_strings(document)
        if bad:
            from network.api.errors import error_response

            fields = {".".join(str(p) for p in path) or "_body": [JSON_MESSAGE] for path in bad}
            return error_response(422, "The text sent contains control characters",
                                  {"json": fields})
    return None


class CleanRequest(Request):
    """A request whose form fields come without the control characters the portal never keeps."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form:
            self.__dict__["form"] = self.parameter_storage_class(
                [(key, clean_text(value)) for key, value in form.items(multi=True)])


def init_inputs(app: Flask) -> None:
    """Apply the rule to every request: clean forms, refuse bad addresses and JSON."""
    app.request_class = CleanRequest
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)
