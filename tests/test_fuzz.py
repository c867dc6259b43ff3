"""No 5xx from bad input, anywhere: hypothesis walks the URL map as a secretariat admin and as a
member office lead, GETs every rule with generated query strings and POSTs generated text,
integers and dates to every field of every form on every page it can GET.

It walks `app.url_map`, so routes added later are covered as soon as the authorization walk
(tests/members/test_authorization.py) knows how to fill their URL arguments. The profile is
derandomized with a few examples for each URL and each form, so CI is repeatable and quick;
FUZZ_EXAMPLES=200 searches harder.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from network.extensions import db as _db
from tests.conftest import sign_in_client
from tests.members.test_authorization import Walk, app_rules

settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "8")), derandomize=True,
    deadline=None, database=None, phases=[Phase.explicit, Phase.generate],  # no shrinking:
    # the failure message names the request, and shrinking a walk of the whole site takes long
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])
FUZZ = settings.get_profile("fuzz")

CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x1b", "\x1f", "\r\n", "\n", "\t", "\x7f",
            "\ufffe", "\u202e", "\u2028"]
ODD = ["", " ", "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../x",
       "{{7*7}}", "é", "🙂", "0", "-0", "1e9", "NaN", "null", "true", "[]", "{}"]
INTS = [2**31 - 1, 2**31, 2**32, 2**63, 10**23, -1, -(2**31) - 1, 0]
DATES = ["0000-00-00", "2026-02-30", "9999-12-31", "0001-01-01", "31/12/2026", "2026-13-01",
         "1-1-1", "2026-1-1T25:61", "99999-01-01"]
DATE_PARTS = ["0", "31", "32", "13", "-1", "2", "99999", "2026", "1899", "2201", "3000", "a", ""]
KEYS = ["page", "q", "office", "status", "role", "person", "next", "item_id", "meeting",
        "workstream", "date_from", "date_to", "kind", "overdue", "object_type", "object_id",
        "meeting_text", "arising", "open", "upcoming_page"]

text = st.one_of(
    st.text(max_size=20),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), st.sampled_from(CONTROLS),
              st.text(max_size=8)),
    st.sampled_from(ODD))
integers = st.one_of(st.sampled_from(INTS), st.integers()).map(str)
dates = st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: d.isoformat()))
values = st.one_of(text, integers, dates)


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (name -> (kind, options, repeats))."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def _field(self, name, kind, option=None, value=""):
        fields = self._form["fields"]
        entry = fields.setdefault(name, {"kind": kind, "options": [], "repeats": 0,
                                         "values": []})
        if option is not None:
            entry["options"].append(option)
        elif kind not in ("radio", "checkbox"):
            entry["repeats"] += 1
            entry["values"].append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "",
                              "multipart": "multipart" in (attrs.get("enctype") or ""),
                              "fields": {}}
                self.forms.append(self._form)
            return
        if tag == "option" and self._form is not None and self._select:
            self._form["fields"][self._select]["options"].append(attrs.get("value", ""))
            return
        if self._form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                self._field(name, kind, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self._field(name, kind, value=attrs.get("value") or "")
        elif tag == "textarea":
            self._field(name, "textarea")
            self._textarea = name
        elif tag == "select":
            self._select = name
            self._field(name, "select")
        elif tag == "button" and attrs.get("value") is not None:
            self._field(name, "radio", attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea]["values"][-1] += data

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def page_forms(html: str, url: str) -> list[dict]:
    """The POST forms on a page, with their actions made absolute paths."""
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        form["action"] = form["action"] or url
    return parser.forms


# a form that would end the walk's own session is left alone
SKIP_ACTIONS = ("/sign-out", "/account/sessions/end-others")


def plausible(name: str, field: dict):
    """What a person might send: the page's own value, a real choice, or an ordinary answer,
    so that one generated field in an otherwise sensible form reaches the service."""
    kind, options = field["kind"], [o for o in field["options"] if o]
    if kind in ("radio", "select") and options:
        return options[0]
    if kind == "checkbox":
        return options[:1] or None
    if field["repeats"] == 3:  # a GOV.UK date
        return [v or d for v, d in zip(field["values"], ["1", "6", "2027"], strict=True)]
    if field["values"] and field["values"][0]:
        return field["values"][0]
    if name.endswith("_time"):
        return "10:00"
    return {"email": "someone@example.org", "password": "a long enough passphrase 42",
            "number": "10"}.get(kind, "10" if "minutes" in name else "Plausible text 1")


def _field_value(draw, name: str, field: dict):
    if field["kind"] == "file":
        return None
    if draw(st.integers(0, 2), label=f"generate {name}"):
        return plausible(name, field)
    if field["kind"] in ("select", "radio", "checkbox") and field["options"]:
        return draw(st.one_of(st.sampled_from(field["options"]), values), label=name)
    if field["repeats"] > 1:  # a GOV.UK date: day, month, year boxes under one name
        return draw(st.lists(st.one_of(st.sampled_from(DATE_PARTS), integers, text),
                             min_size=field["repeats"], max_size=field["repeats"]), label=name)
    return draw(values, label=name)


def _post_data(draw, form: dict) -> dict:
    data = {}
    for name, field in form["fields"].items():
        if name == "csrf_token" or draw(st.integers(0, 9), label=f"skip {name}") == 0:
            continue  # now and then a field is missing altogether
        value = _field_value(draw, name, field)
        if value is not None:
            data[name] = value
    return data


def _query(draw, keys: list[str]) -> str:
    pairs = draw(st.lists(st.tuples(st.one_of(st.sampled_from(keys), text), values),
                          max_size=3), label="query")
    return urlencode(pairs)


def _short(data: dict) -> str:
    return repr({k: (v[:60] if isinstance(v, str) else v) for k, v in data.items()})


def _targets(app, walk) -> list[tuple[str, str]]:
    """(endpoint, URL) for every rule, with URL arguments filled by the authorization walk."""
    targets = [(rule.endpoint, walk.url(app, rule)) for rule in app_rules(app)]
    assert len(targets) > 50
    return targets


@pytest.mark.parametrize("who", ["secretariat_admin", "member_lead"])
def test_generated_queries_and_forms_never_answer_5xx(app, db, people, office, who):
    client = sign_in_client(app, people[who])
    targets = _targets(app, Walk(office, people))
    forms = []
    for endpoint, url in targets:
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} -> {response.status_code}"
        if response.status_code == 200 and response.mimetype == "text/html":
            forms += [(endpoint, form) for form in page_forms(response.get_data(as_text=True), url)
                      if not form["action"].startswith(SKIP_ACTIONS)]
    assert len(forms) > 10, "the walk found too few forms to be worth the name"
    form_keys = sorted({name for _e, form in forms for name in form["fields"]} | set(KEYS))

    # Each URL and each form is its own search of FUZZ examples: one example of the whole walk
    # drew more than hypothesis holds per example, so most were thrown away half-walked and
    # re-run (minutes per test, more on PostgreSQL), and the forms late in the walk were
    # reached least.
    for _endpoint, url in targets:
        _fuzz_get(client, urlsplit(url).path, form_keys)
    assert client.get("/").status_code == 200, "the walk signed itself out"
    for endpoint, form in forms:  # a fresh session each: some forms sign the browser out
        _fuzz_form(sign_in_client(app, people[who]), endpoint, form)


def _fuzz_get(client, path: str, keys: list[str]):
    @FUZZ
    @given(st.data())
    def run(data):
        full = f"{path}?{_query(data.draw, keys)}"
        response = client.get(full)
        assert response.status_code < 500, f"GET {full} -> {response.status_code}"
        _db.session.rollback()  # nothing the test holds stays in a failed transaction

    run()


def _fuzz_form(client, endpoint: str, form: dict):
    @FUZZ
    @given(st.data())
    def run(data):
        posted = _post_data(data.draw, form)
        response = client.post(form["action"], data=posted,
                               content_type="multipart/form-data" if form["multipart"] else None)
        assert response.status_code < 500, (
            f"{endpoint}: POST {form['action']} {_short(posted)} -> {response.status_code}")
        _db.session.rollback()

    run()
