"""Forms for actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, SubmitField
from wtforms.validators import InputRequired

from network.forms import GovDateField, RadioField, SelectField, long_text


class ActionForm(FlaskForm):
    """A new action: what, who owns it, by when."""

    description = long_text("Action", 5000, required=True,
                            hint="What is to be done, in a sentence or two")
    owner_office = SelectField("Owner office", widget=GovSelect(), choices=[],
                               validate_choice=True, default="")
    owner_person = SelectField("Owner person (optional)", widget=GovSelect(), choices=[],
                               validate_choice=True, default="",
                               description="Must belong to the owner office when both are given")
    due_on = GovDateField("Due date", "Enter the date the action is due")
    workstream = SelectField("Workstream (optional)", widget=GovSelect(), choices=[],
                             validate_choice=True, default="")
    is_recorded_late = BooleanField(
        "This is being recorded after the meeting, and its due date has passed",
        widget=GovCheckboxInput())
    recorded_late_reason = long_text(
        "Why it is being recorded after its due date", 2000,
        hint="For example: the department's note of the meeting reached the secretariat "
             "after the date. The action page shows this.")
    submit = SubmitField("Save action", widget=GovSubmitInput())


class ActionUpdateForm(FlaskForm):
    """A dated note on an action and the status it moves to."""

    status = RadioField("Status", widget=GovRadioInput(), choices=[],
                        validators=[InputRequired(message="Select the status")])
    note = long_text("Note", 5000, hint="What has happened since the last update")
    submit = SubmitField("Save update", widget=GovSubmitInput())


class ActionFilterForm(FlaskForm):
    """Filter the action log (GET)."""

    class Meta:
        csrf = False

    office = SelectField("Owner office", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    status = SelectField("Status", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    meeting = SelectField("Meeting", widget=GovSelect(), choices=[], validate_choice=True,
                          default="")
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    overdue = BooleanField("Only overdue actions", widget=GovCheckboxInput())
    submit = SubmitField("Filter", widget=GovSubmitInput())
