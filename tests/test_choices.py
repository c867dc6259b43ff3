"""A tampered select, radio or checkbox value gets a GOV.UK message naming the field on the
form (never WTForms' bare "Not a valid choice."), through the one set of choice fields in
network/forms.py that every form uses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from network.forms import RadioField, SelectField, SelectMultipleField

NETWORK = Path(__file__).resolve().parent.parent / "network"
CHOICE_FIELDS = {"SelectField", "RadioField", "SelectMultipleField"}


def test_every_form_takes_its_choice_fields_from_network_forms():
    strays = []
    for path in NETWORK.rglob("*.py"):
        if path == NETWORK / "forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
                strays += [f"{path.relative_to(NETWORK)}: {a.name}" for a in node.names
                           if a.name in CHOICE_FIELDS]
            if isinstance(node, ast.Attribute) and node.attr in CHOICE_FIELDS and \
                    isinstance(node.value, ast.Name) and node.value.id == "wtforms":
                strays.append(f"{path.relative_to(NETWORK)}: wtforms.{node.attr}")
    assert strays == []


class _Form(FlaskForm):
    office = SelectField("Lead office (optional)", choices=[("", "None"), ("1", "North")])
    number = SelectField("Meeting", choices=[(1, "First")], coerce=int)
    kind = RadioField("What are you uploading?", choices=[("new", "A new paper")])
    offices = SelectMultipleField("Offices at 100%", choices=[(1, "North")], coerce=int)
    own = SelectField("Target", choices=[("a", "A")], invalid_choice_message="Choose a target")


@pytest.mark.parametrize("field, value, message", [
    ("office", "99", "Select one of the options in the list for ‘Lead office’"),
    ("number", "abc", "Select one of the options in the list for ‘Meeting’"),
    ("number", "2", "Select one of the options in the list for ‘Meeting’"),
    ("kind", "old", "Select one of the options for ‘What are you uploading?’"),
    ("offices", "7", "Select only options that are listed for ‘Offices at 100%’"),
    ("offices", "x", "Select only options that are listed for ‘Offices at 100%’"),
    ("own", "b", "Choose a target"),
])
def test_a_value_that_is_not_an_option_names_the_field(app, field, value, message):
    good = {"office": "1", "number": "1", "kind": "new", "offices": "1", "own": "a"}
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({**good, field: value}), meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {field: [message]}


@pytest.mark.parametrize("endpoint, data, message", [
    ("meetings.new", {"kind": "dinner"}, "Select one of the options for ‘Type of meeting’"),
    ("tracker.new", {"kind": "maybe"}, "Select one of the options for ‘Opportunity or risk’"),
    ("contacts.new", {"office": "999999"},
     "Select one of the options in the list for ‘Member office’"),
])
def test_a_tampered_form_shows_the_message_in_the_error_summary(client_request, endpoint,
                                                                 data, message):
    page = client_request.post(endpoint, _as="officer", _expected_status=400, _data=data)
    summary = page.find("div", class_="govuk-error-summary")
    assert summary is not None and message in summary.text
    assert "Not a valid choice" not in page.text
