"""A tampered select, radio or checkbox value gets a GOV.UK message naming the field on the
form (never WTForms' bare "Not a valid choice."), through the one set of choice fields in
network/forms.py that every form uses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from network.forms import (
    GovSelect,
    RadioField,
    SelectField,
    SelectMultipleField,
    grouped_choices,
)
from tests.pages import Node, _TreeBuilder

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


# --- grouped choices: one select widget draws <optgroup>s for any select --------------------

class _Grouped(FlaskForm):
    owner = SelectField("Owner (optional)", widget=GovSelect(), validate_choice=True,
                        description="Who does it", choices=grouped_choices(
                            [("North & East", [("1", "Ann <A>"), ("2", "Bea")]),
                             ("Secretariat", [("3", "Cal")])], empty="No one"))
    plain = SelectField("Plain", widget=GovSelect(), choices=[("a", "A"), ("b", "B")])


def _parsed(html) -> Node:
    builder = _TreeBuilder()
    builder.feed(str(html))
    builder.close()
    return builder.root


def _selected(node: Node) -> list[str]:
    return [o.get("value") for o in node.find_all("option") if "selected" in o.attrs]


def test_a_select_with_grouped_choices_draws_labelled_optgroups_in_gov_uk_markup(app):
    with app.test_request_context(method="POST"):
        form = _Grouped(formdata=MultiDict({"owner": "2", "plain": "b"}), meta={"csrf": False})
        assert form.validate(), form.errors
        html = str(form.owner())
        plain = _parsed(form.plain())
    page = _parsed(html)
    select = page.find("select", class_="govuk-select")
    assert select.get("id") == select.get("name") == "owner"
    assert page.find("label", class_="govuk-label").text == "Owner (optional)"
    assert page.find(class_="govuk-hint").text == "Who does it"
    assert select.get("aria-describedby") == "owner-hint"
    first = select.find("option")
    assert first.parent is select and (first.get("value"), first.text) == ("", "No one")
    groups = select.find_all("optgroup")
    assert [g.get("label") for g in groups] == ["North & East", "Secretariat"]
    assert [[(o.get("value"), o.text) for o in g.find_all("option")] for g in groups] == [
        [("1", "Ann <A>"), ("2", "Bea")], [("3", "Cal")]]
    assert _selected(select) == ["2"]
    assert "Ann &lt;A&gt;" in html and 'label="North &amp; East"' in html, "escaped"
    assert html.count("</select>") == 1 and "</optgroup></select>" in html
    # a select without groups is GOV.UK's own, unchanged
    assert not plain.find("optgroup") and len(plain.find_all("option")) == 2
    assert _selected(plain) == ["b"]


def test_a_tampered_value_in_a_grouped_select_names_the_field_and_marks_the_select(app):
    with app.test_request_context(method="POST"):
        form = _Grouped(formdata=MultiDict({"owner": "99", "plain": "a"}), meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {"owner": ["Select one of the options in the list for ‘Owner’"]}
        page = _parsed(form.owner())
    assert page.find("div", class_="govuk-form-group--error") is not None
    assert page.find("select", class_="govuk-select--error") is not None
    assert page.find(class_="govuk-error-message").text.endswith(
        "Select one of the options in the list for ‘Owner’")
    assert _selected(page) == []
