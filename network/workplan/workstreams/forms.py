"""Forms for workstreams, their status updates, milestones and risks."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired

from network.forms import (
    GovDateField,
    GovSelect,
    RadioField,
    SelectField,
    SelectMultipleField,
    long_text,
    text_field,
)
from network.workplan.workstreams.models import MilestoneStatus

LIKELIHOOD = [("1", "1 – rare"), ("2", "2 – unlikely"), ("3", "3 – possible"),
              ("4", "4 – likely"), ("5", "5 – almost certain")]
IMPACT = [("1", "1 – negligible"), ("2", "2 – minor"), ("3", "3 – moderate"),
          ("4", "4 – major"), ("5", "5 – severe")]


def _offices_field(label: str, hint: str) -> SelectMultipleField:
    message = f"Choose the {label.lower()} from the list of member offices"
    return SelectMultipleField(label, widget=GovCheckboxesInput(), choices=[], coerce=int,
                               description=hint, invalid_value_message=message,
                               invalid_choice_message=message)


class WorkstreamForm(FlaskForm):
    """A workstream's name, objectives, offices, secretariat lead and end date."""

    name = text_field("Name", 200, hint="For example, Devolution and local growth")
    description = long_text("Summary (optional)", 5000,
                            hint="A sentence or two on what the workstream is about")
    objectives = long_text("Objectives", 5000, required=True,
                           hint="What the workstream is to achieve, one per line")
    lead_office = SelectField("Lead office", widget=GovSelect(), choices=[], default="",
                              description="The office of the lead mayor",
                              validators=[InputRequired(message="Select the lead office")],
                              invalid_choice_message="Select a lead office that is a member "
                                                     "of the network")
    co_lead_offices = _offices_field("Co-lead offices",
                                     "Their mayors lead jointly; their leads report on it too")
    participating_offices = _offices_field("Offices taking part", "Besides the lead offices")
    secretariat_lead = SelectField("Secretariat lead", widget=GovSelect(), choices=[],
                                   default="", invalid_choice_message="Select a secretariat "
                                                                      "lead from the list")
    ends_on = GovDateField("End date (optional)",
                           description="Milestones must be due on or before it")
    submit = SubmitField("Save workstream", widget=GovSubmitInput())


class StatusUpdateForm(FlaskForm):
    """A RAG status and the commentary that explains it."""

    status = RadioField("Status", widget=GovRadioInput(), choices=[],
                        validators=[InputRequired(message="Select the status")],
                        invalid_choice_message="Select red, amber or green")
    commentary = long_text("Commentary", 5000, required=True,
                           hint="What has changed since the last update, and why the "
                                "workstream is at this status")
    submit = SubmitField("Post update", widget=GovSubmitInput())


class MilestoneForm(FlaskForm):
    """A milestone: what, by when, where it stands and the evidence once done."""

    title = text_field("Milestone", 300, hint="For example, Joint letter sent to ministers")
    due_on = GovDateField("Due date", "Enter the date the milestone is due")
    status = RadioField("Status", widget=GovRadioInput(), default="not_started",
                        choices=[(s.value, s.label) for s in MilestoneStatus],
                        validators=[InputRequired(message="Select the status")],
                        invalid_choice_message="Select not started, in progress, done or "
                                               "missed")
    evidence_url = text_field("Evidence link (optional)", 2000, required=False,
                              hint="A web address starting with https://")
    submit = SubmitField("Save milestone", widget=GovSubmitInput())


class RiskForm(FlaskForm):
    """A risk: what, how likely, how bad, what is done about it, who owns it, when reviewed."""

    description = long_text("Risk", 5000, required=True,
                            hint="What might happen, and what it would mean for the workstream")
    likelihood = RadioField("Likelihood", widget=GovRadioInput(), choices=LIKELIHOOD,
                            validators=[InputRequired(message="Select the likelihood, from 1 "
                                                              "to 5")],
                            invalid_choice_message="Select the likelihood, from 1 to 5")
    impact = RadioField("Impact", widget=GovRadioInput(), choices=IMPACT,
                        validators=[InputRequired(message="Select the impact, from 1 to 5")],
                        invalid_choice_message="Select the impact, from 1 to 5")
    mitigation = long_text("Mitigation", 5000, required=True,
                           hint="What is being done to make it less likely or less harmful")
    owner_office = SelectField("Owner office", widget=GovSelect(), choices=[], default="",
                               invalid_choice_message="Select an owner office from the list")
    # grouped by office (GovSelect draws the groups)
    owner_person = SelectField("Owner person", widget=GovSelect(), choices=[], default="",
                               description="Give an office, a person or both (from that "
                                           "office)",
                               invalid_choice_message="Select an owner from the list")
    review_on = GovDateField("Next review", "Enter the date of the next review")
    submit = SubmitField("Save risk", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Field checks, and an owner of some kind, in one pass (the service checks too)."""
        super().validate(extra_validators)
        if not (self.owner_office.data or self.owner_person.data) and not (
                self.owner_office.errors or self.owner_person.errors):
            self.owner_office.errors = ["Choose who owns the risk: an office, a person or both"]
        return not self.errors


class WorkstreamFilterForm(FlaskForm):
    """Filter the list of workstreams (GET)."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), choices=[], default="",
                         invalid_choice_message="Select a status from the list")
    lead_office = SelectField("Lead office", widget=GovSelect(), choices=[], default="",
                              invalid_choice_message="Select a lead office from the list")
    submit = SubmitField("Filter", widget=GovSubmitInput())
