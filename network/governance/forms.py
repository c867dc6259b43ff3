"""Forms of the governance domain: elections, nominations, counting."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from network.governance.models import Method
from network.members.forms import GovDateField, text_field

LONDON = ZoneInfo("Europe/London")
TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def _valid_time(form, field):
    if field.data and not TIME.match(field.data):
        raise ValidationError(f"{field.label.text} must be a time like 17:00")


def time_field(label: str) -> StringField:
    """A 24-hour time like 09:30 (Europe/London)."""
    return StringField(label, widget=GovTextInput(), description="24-hour clock, like 17:00",
                       validators=[InputRequired(message=f"Enter the {label.lower()}"),
                                   _valid_time])


def london_datetime(day, clock: str) -> datetime | None:
    """A London date and HH:MM as an aware datetime (UTC-comparable)."""
    match = TIME.match(clock or "")
    if day is None or not match:
        return None
    return datetime.combine(day, time(int(match[1]), int(match[2])), tzinfo=LONDON)


class ElectionForm(FlaskForm):
    """An election's details and timetable."""

    position = text_field("Position", 200, hint="For example, Chair of the Network")
    seats = IntegerField("Seats", widget=GovTextInput(), default=1, validators=[
        InputRequired(message="Enter the number of seats"),
        NumberRange(min=1, max=20, message="Seats must be between 1 and 20")])
    term = text_field("Term", 200, required=False, hint="For example, two years from May 2027")
    method = RadioField("Counting method", widget=GovRadioInput(),
                        choices=[(m.value, m.label) for m in Method],
                        validators=[InputRequired(message="Select the counting method")])
    statement_word_limit = IntegerField("Word limit for candidate statements",
                                        widget=GovTextInput(), default=300, validators=[
                                            InputRequired(message="Enter the word limit"),
                                            NumberRange(min=50, max=2000, message=(
                                                "The word limit must be between 50 and 2000"))])
    term_limit = IntegerField("Term limit (optional)", widget=GovTextInput(),
                              description="How many consecutive terms in this position a mayor "
                                          "may already have held and still stand",
                              validators=[Optional(), NumberRange(min=1, max=10, message=(
                                  "The term limit must be between 1 and 10"))])
    nominations_open_on = GovDateField("Nominations open", "Enter the date nominations open")
    nominations_open_time = time_field("Time nominations open")
    nominations_close_on = GovDateField("Nominations close", "Enter the date nominations close")
    nominations_close_time = time_field("Time nominations close")
    ballot_open_on = GovDateField("Ballot opens", "Enter the date the ballot opens")
    ballot_open_time = time_field("Time the ballot opens")
    ballot_close_on = GovDateField("Ballot closes", "Enter the date the ballot closes")
    ballot_close_time = time_field("Time the ballot closes")
    scrutineer_office_id = SelectField("Scrutineer office (optional)", widget=GovSelect(),
                                    choices=[], validate_choice=True, default="")
    submit = SubmitField("Save election", widget=GovSubmitInput())

    def timetable(self) -> dict[str, datetime | None]:
        """The four timetable points as aware datetimes."""
        return {f"{name}_at": london_datetime(getattr(self, f"{name}_on").data,
                                              getattr(self, f"{name}_time").data)
                for name in ("nominations_open", "nominations_close", "ballot_open",
                             "ballot_close")}


class NominationForm(FlaskForm):
    """Nominate your office's mayor, with proposer and seconder offices."""

    proposer = SelectField("Proposer office", widget=GovSelect(), choices=[],
                           validators=[InputRequired(message="Choose the proposer office")])
    seconder = SelectField("Seconder office", widget=GovSelect(), choices=[],
                           validators=[InputRequired(message="Choose the seconder office")])
    submit = SubmitField("Nominate", widget=GovSubmitInput())


class AcceptForm(FlaskForm):
    """Accept a nomination with the candidate's statement."""

    statement = TextAreaField("Candidate's statement", widget=GovCharacterCount(),
                              validators=[InputRequired(message="Enter the candidate's statement"),
                                          Length(max=20000, message="The statement is too long")])
    submit = SubmitField("Accept nomination", widget=GovSubmitInput())


class CountForm(FlaskForm):
    """Run the count with a seed for any lots."""

    seed = StringField("Seed for drawing lots", widget=GovTextInput(),
                       description="Recorded with the result so anyone can re-run the count. "
                                   "Leave empty for a random seed.",
                       validators=[Optional(), Length(max=100, message=(
                           "The seed must be 100 characters or fewer"))])
    submit = SubmitField("Count the ballots", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    """A decision taken on an agenda item."""

    text = TextAreaField("Decision", widget=GovCharacterCount(), validators=[
        InputRequired(message="Enter the decision"),
        Length(max=10_000, message="The decision must be 10000 characters or fewer")],
        description="As it will read in the register, for example: Agreed to write jointly "
                    "to the Secretary of State. Markdown works.")
    workstream = SelectField("Workstream (optional)", widget=GovSelect(), choices=[],
                             validate_choice=True, default="")
    submit = SubmitField("Record decision", widget=GovSubmitInput())


class SupersedeForm(FlaskForm):
    """A new decision that replaces an earlier one, with the reason."""

    text = TextAreaField("New decision", widget=GovCharacterCount(), validators=[
        InputRequired(message="Enter the new decision"),
        Length(max=10_000, message="The decision must be 10000 characters or fewer")])
    reason = TextAreaField("Why it replaces the earlier decision", widget=GovCharacterCount(),
                           validators=[InputRequired(message="Enter the reason"),
                                       Length(max=2000, message=(
                                           "The reason must be 2000 characters or fewer"))])
    submit = SubmitField("Record new decision", widget=GovSubmitInput())


class DecisionFilterForm(FlaskForm):
    """Search and filter the decisions register (GET)."""

    class Meta:
        csrf = False

    q = StringField("Search the text", widget=GovTextInput(),
                    validators=[Optional(), Length(max=200, message=(
                        "Search for 200 characters or fewer"))])
    date_from = GovDateField("Decided on or after")
    date_to = GovDateField("Decided on or before")
    kind = SelectField("Type of meeting", widget=GovSelect(), choices=[], validate_choice=True,
                       default="")
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    submit = SubmitField("Search", widget=GovSubmitInput())
