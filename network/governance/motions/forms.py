"""Forms for motions: drafting, the office's vote, the list's filter."""

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
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from network.forms import GovDateField, RadioField, SelectField, text_field
from network.governance.constitution.decision_rules import DecisionType
from network.governance.motions.arithmetic import Choice
from network.governance.motions.models import MotionMethod, MotionStatus
from network.time import CLOCK, parse_clock


def _clock(form, field):
    if field.data and not CLOCK.match(field.data):
        raise ValidationError(f"{field.label.text} must be a time like 17:00")


def _optional_time(label: str) -> StringField:
    return StringField(label, widget=GovTextInput(), description="24-hour clock, like 17:00",
                       validators=[Optional(), _clock])


class MotionForm(FlaskForm):
    """A motion: its words, proposer and seconder, type of decision and how it is decided."""

    title = text_field("Title", 200, hint="For example, Joint letter on the local growth fund")
    text = TextAreaField("Text of the motion", widget=GovCharacterCount(), validators=[
        InputRequired(message="Enter the text of the motion"),
        Length(max=20_000, message="The text must be 20000 characters or fewer")],
        description="What the network is asked to resolve, for example: That the network "
                    "writes jointly to the Secretary of State. Markdown works.")
    proposer_office_id = SelectField("Proposer office", widget=GovSelect(), choices=[],
                                     validators=[InputRequired(
                                         message="Choose the proposer office")])
    seconder_office_id = SelectField("Seconder office", widget=GovSelect(), choices=[],
                                     validators=[InputRequired(
                                         message="Choose the seconder office")],
                                     description="A different office that supports the motion")
    decision_type = RadioField("Type of decision", widget=GovRadioInput(),
                               choices=[(t.value, t.label) for t in DecisionType],
                               validators=[InputRequired(
                                   message="Choose the type of decision")],
                               description="The Constitution sets the quorum and majority "
                                           "for each type")
    method = RadioField("How it is decided", widget=GovRadioInput(),
                        choices=[(m.value, m.label) for m in MotionMethod],
                        validators=[InputRequired(message="Choose how the motion is decided")])
    item_id = SelectField("Agenda item (at a meeting)", widget=GovSelect(), choices=[],
                          validate_choice=True, default="",
                          description="The item of the meeting that decides it by roll call")
    amendment_id = SelectField("Amendment to the Constitution (optional)", widget=GovSelect(),
                               choices=[], validate_choice=True, default="")
    opens_on = GovDateField("Voting opens (written procedure)")
    opens_time = _optional_time("Time voting opens")
    closes_on = GovDateField("Voting closes (written procedure)")
    closes_time = _optional_time("Time voting closes")
    submit = SubmitField("Save motion", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Field checks, and what each way of deciding needs, in one pass."""
        super().validate(extra_validators)
        if self.method.data == MotionMethod.MEETING.value and not self.item_id.data:
            self.item_id.errors = [*self.item_id.errors,
                                   "Choose the agenda item the meeting decides it on"]
        if self.method.data == MotionMethod.WRITTEN.value:
            window = self.window()
            if window["opens_at"] is None:
                self.opens_on.errors = [*self.opens_on.errors,
                                        "Enter the date and time voting opens"]
            if window["closes_at"] is None:
                self.closes_on.errors = [*self.closes_on.errors,
                                         "Enter the date and time voting closes"]
            elif window["opens_at"] and window["closes_at"] <= window["opens_at"]:
                self.closes_on.errors = [*self.closes_on.errors,
                                         "Voting must close after it opens"]
        if (self.seconder_office_id.data and self.seconder_office_id.data
                == self.proposer_office_id.data):
            self.seconder_office_id.errors = [*self.seconder_office_id.errors,
                                              "The seconder must be a different office"]
        return not self.errors

    def window(self) -> dict[str, datetime | None]:
        """The voting window as aware datetimes (None where not given)."""
        return {"opens_at": parse_clock(self.opens_on.data, self.opens_time.data),
                "closes_at": parse_clock(self.closes_on.data, self.closes_time.data)}

    def data_for_service(self) -> dict:
        """What the service takes."""
        def number(value):
            return int(value) if value and str(value).isdigit() else None

        written = self.method.data == MotionMethod.WRITTEN.value
        return {"title": self.title.data, "text": self.text.data,
                "proposer_office_id": number(self.proposer_office_id.data),
                "seconder_office_id": number(self.seconder_office_id.data),
                "decision_type": self.decision_type.data, "method": self.method.data,
                "item_id": None if written else number(self.item_id.data),
                "amendment_id": number(self.amendment_id.data),
                **(self.window() if written else {"opens_at": None, "closes_at": None})}


class VoteForm(FlaskForm):
    """The office's vote on a motion."""

    choice = RadioField("How does your office vote?", widget=GovRadioInput(),
                        choices=[(c, Choice.LABELS[c]) for c in Choice.ALL],
                        validators=[InputRequired(message="Choose For, Against or Abstain")])
    submit = SubmitField("Cast your office's vote", widget=GovSubmitInput())


class MotionFilterForm(FlaskForm):
    """Filter the list of motions by status (GET)."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), validate_choice=True, default="",
                         choices=[("", "Any status")] + [(s.value, s.label)
                                                         for s in MotionStatus])
    submit = SubmitField("Filter", widget=GovSubmitInput())
