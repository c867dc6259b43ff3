"""Forms of the policy tracker."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import SubmitField
from wtforms.validators import InputRequired

from network.forms import (
    GovDateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    long_text,
    text_field,
)
from network.workplan.tracker.models import PolicyKind, PolicyStatus

KIND_CHOICES = [(k.value, k.label) for k in PolicyKind]
STATUS_CHOICES = [(s.value, s.label) for s in PolicyStatus]


class PolicyEntryForm(FlaskForm):
    """A national policy development and what the network should do about it."""

    title = text_field("Title", 300, hint="For example, English Devolution White Paper")
    source_url = text_field("Source link", 2000,
                            hint="The web address of the announcement; starts with https://")
    published_on = GovDateField("Date", "Enter the date of the development",
                                description="When it was published or announced, "
                                            "for example 16 12 2024")
    summary = long_text("Summary", 10_000, required=True,
                        hint="What it says, in a few sentences")
    kind = RadioField("Opportunity or risk", widget=GovRadioInput(), choices=KIND_CHOICES,
                      validators=[InputRequired(
                          message="Select whether it is an opportunity or a risk")])
    workstreams = SelectMultipleField(
        "Relevant workstreams", widget=GovCheckboxesInput(), choices=[], coerce=int,
        description="Select all that apply",
        invalid_value_message="Select workstreams from the list",
        invalid_choice_message="Select workstreams from the list")
    suggested_action = long_text("Suggested action", 5000,
                                 hint="What the network could do: a briefing, a response, "
                                      "an item for the next meeting")
    owner = SelectField("Owner", widget=GovSelect(), choices=[], validate_choice=True,
                        default="", description="Who in the secretariat follows it up",
                        validators=[InputRequired(message="Choose the secretariat owner")])
    status = RadioField("Status", widget=GovRadioInput(), choices=STATUS_CHOICES, default="new",
                        validators=[InputRequired(message="Select the status")])
    submit = SubmitField("Save entry", widget=GovSubmitInput())


class PolicyFilterForm(FlaskForm):
    """Narrow the tracker (GET)."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    kind = SelectField("Opportunity or risk", widget=GovSelect(), choices=[],
                       validate_choice=True, default="")
