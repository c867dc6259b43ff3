"""Forms for meetings."""

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
    time_field,
)
from network.time import parse_clock
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
    invited = RadioField("Who is invited", widget=GovRadioInput(), default="all",
                         choices=[("all", "All member offices"), ("chosen", "Chosen offices")],
                         validators=[InputRequired(message="Select who is invited")])
    offices = SelectMultipleField(
        "Offices invited", widget=GovCheckboxesInput(), choices=[], coerce=int,
        invalid_value_message="Select the offices invited from the list",
        invalid_choice_message="Select the offices invited from the list")
    observers = SelectMultipleField(
        "Observers invited", widget=GovCheckboxesInput(), choices=[], coerce=int,
        invalid_value_message="Select the observers invited from the list",
        invalid_choice_message="Select the observers invited from the list")
    logistics_notes = long_text("Logistics notes", hint="Room set-up, equipment, catering")
    submit = SubmitField("Save meeting", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Field checks and the checks across fields in one pass, so the error summary lists
        every problem at once (the service still checks the same on its own)."""
        super().validate(extra_validators)
        times = (self.start_time, self.end_time)
        if self.day.data and all(t.data and not t.errors for t in times) and (
                parse_clock(self.day.data, self.end_time.data)
                <= parse_clock(self.day.data, self.start_time.data)):
            self.end_time.errors = [*self.end_time.errors, "End time must be after the start time"]
        if not (self.venue.data or self.online_link.data) and not self.venue.errors:
            self.venue.errors = ["Enter a venue or an online joining link"]
        link = self.online_link.data or ""
        if link and not link.startswith("https://") and not self.online_link.errors:
            self.online_link.errors = ["Online joining link must start with https://"]
        if self.invited.data == "chosen" and not self.offices.data and not self.offices.errors:
            self.offices.errors = ["Select the offices invited, or choose all member offices"]
        if self.invited.data != "chosen":
            self.offices.errors = []
        return not self.errors


class CancelForm(FlaskForm):
    """Cancel a meeting with a reason."""

    reason = long_text("Reason", 2000, required=True, hint="Invitees are told by email")
    submit = SubmitField("Cancel meeting", widget=GovSubmitInput())
