"""Forms for meetings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import InputRequired

from network.forms import GovDateField, long_text, text_field, time_field
from network.workplan.meetings.models import MeetingKind


class MeetingForm(FlaskForm):
    """A meeting's details, time, place and invitees."""

    title = text_field("Title", 200, hint="For example, Mayors' meeting, January 2027")
    kind = RadioField("Type of meeting", widget=GovRadioInput(),
                      choices=[(k.value, k.label) for k in MeetingKind],
                      validators=[InputRequired(message="Select the type of meeting")])
    day = GovDateField("Date", "Enter the date of the meeting")
    start_time = time_field("Start time")
    end_time = time_field("End time")
    venue = text_field("Venue", 300, required=False, hint="Building and address")
    room = text_field("Room", 200, required=False)
    online_link = text_field("Online joining link", 500, required=False,
                             hint="For hybrid or online meetings; starts with https://")
    chair = text_field("Chair", 200, required=False)
    secretariat_lead = SelectField("Secretariat lead", widget=GovSelect(), choices=[],
                                   validate_choice=True, default="")
    workstream = SelectField("Workstream (optional)", widget=GovSelect(), choices=[],
                             validate_choice=True, default="")
    is_all_offices = BooleanField("Invite every member office", widget=GovCheckboxInput(),
                                  default=True)
    offices = SelectMultipleField("Offices invited (if not every office)",
                                  widget=GovCheckboxesInput(), choices=[], coerce=int)
    observers = SelectMultipleField("Observers invited", widget=GovCheckboxesInput(),
                                    choices=[], coerce=int)
    logistics_notes = long_text("Logistics notes", hint="Room set-up, equipment, catering")
    submit = SubmitField("Save meeting", widget=GovSubmitInput())


class CancelForm(FlaskForm):
    """Cancel a meeting with a reason."""

    reason = long_text("Reason", 2000, required=True, hint="Invitees are told by email")
    submit = SubmitField("Cancel meeting", widget=GovSubmitInput())
