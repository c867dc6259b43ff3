"""Forms for actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import InputRequired

from network.forms import (
    GovDateField,
    GovSelect,
    RadioField,
    SelectField,
    long_text,
    text_field,
)


class ActionForm(FlaskForm):
    """A new action: what, who owns it, by when."""

    description = long_text("Action", 5000, required=True,
                            hint="What is to be done, in a sentence or two")
    owner_office = SelectField("Owner office", widget=GovSelect(), choices=[],
                               validate_choice=True, default="")
    # grouped by office (GovSelect draws the groups)
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
    # a meeting is found by what people type, not picked from a select of every meeting the
    # network has held; `meeting` (an id) keeps the links pages already make working
    meeting_text = text_field("Meeting", 100, required=False,
                              hint="Part of its title, a year (2025) or a date (14/3/2025)")
    meeting = HiddenField()
    arising = HiddenField()
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    overdue = BooleanField("Only overdue actions", widget=GovCheckboxInput())
    open = BooleanField("Only open actions (open or in progress)", widget=GovCheckboxInput())
    submit = SubmitField("Filter", widget=GovSubmitInput())
