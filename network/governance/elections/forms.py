"""Forms for elections, nominations and the count."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from network.forms import (
    GovDateField,
    RadioField,
    SelectField,
    text_field,
    time_field,
    whole_number,
)
from network.governance.elections.models import Method
from network.time import parse_clock


class ElectionForm(FlaskForm):
    """An election's details and timetable."""

    position = text_field("Position", 200, hint="For example, Chair of the Network")
    seats = whole_number("Seats", 1, 20, name="Number of seats", example=1, default=1,
                         required="Enter the number of seats")
    term = text_field("Term", 200, required=False, hint="For example, two years from May 2027")
    method = RadioField("Counting method", widget=GovRadioInput(),
                        choices=[(m.value, m.label) for m in Method],
                        validators=[InputRequired(message="Select the counting method")])
    statement_word_limit = whole_number("Word limit for candidate statements", 50, 2000,
                                        name="Word limit", unit="words", example=300,
                                        default=300, required="Enter the word limit")
    term_limit = whole_number("Term limit (optional)", 1, 10, name="Term limit", unit="terms",
                              example=2, hint="How many consecutive terms in this position a "
                                              "mayor may already have held and still stand")
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

    def validate(self, extra_validators=None) -> bool:
        """Field checks and the timetable's order in one pass, so the error summary lists
        every problem at once (the service still checks the same on its own)."""
        super().validate(extra_validators)
        order = [
            ("nominations_open", "nominations_close", "Nominations must close after they open"),
            ("nominations_close", "ballot_open", "The ballot must open after nominations close"),
            ("ballot_open", "ballot_close", "The ballot must close after it opens")]
        times = self.timetable()
        for before, after, message in order:
            first, then = times[f"{before}_at"], times[f"{after}_at"]
            if first and then and then <= first:
                field = getattr(self, f"{after}_on")
                field.errors = [*field.errors, message]
        if self.method.data == Method.IRV.value and self.seats.data not in (None, 1) and (
                not self.seats.errors):
            self.seats.errors = ["The alternative vote elects one seat: choose single "
                                 "transferable vote for more than one"]
        return not self.errors

    def timetable(self) -> dict[str, datetime | None]:
        """The four timetable points as aware datetimes."""
        return {f"{name}_at": parse_clock(getattr(self, f"{name}_on").data,
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
