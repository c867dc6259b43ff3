"""Forms of the workplan domain."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from network.governance.forms import time_field
from network.members.forms import GovDateField, text_field
from network.workplan.models import ItemPurpose, MeetingKind


def long_text(label: str, max_length: int = 10_000, required: bool = False,
              hint: str = "") -> TextAreaField:
    """A text area with GOV.UK messages."""
    validators = [InputRequired(message=f"Enter {label.lower()}")] if required else [Optional()]
    validators.append(Length(max=max_length,
                             message=f"{label} must be {max_length} characters or fewer"))
    return TextAreaField(label, widget=GovTextArea(), validators=validators, description=hint)


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


class ItemForm(FlaskForm):
    """An item for the agenda."""

    title = text_field("Title", 300)
    purpose = RadioField("Purpose", widget=GovRadioInput(),
                         choices=[(p.value, p.label) for p in ItemPurpose],
                         validators=[InputRequired(message="Select the purpose")])
    summary = long_text("Summary", required=True,
                        hint="What the meeting is asked to do and why. Markdown works.")
    minutes_requested = IntegerField("Time requested (minutes)", widget=GovTextInput(),
                                     default=10, validators=[
                                         InputRequired(message="Enter the time requested"),
                                         NumberRange(min=1, max=240, message=(
                                             "Time requested must be between 1 and 240 "
                                             "minutes"))])
    presenter = text_field("Presenting mayor or officer", 200, required=False)
    workstream = SelectField("Related workstream", widget=GovSelect(), choices=[],
                             validate_choice=True, default="")
    is_confidential = BooleanField("Confidential: not shown to observers",
                                   widget=GovCheckboxInput())
    late_reason = long_text("Reason the item is late", 2000,
                            hint="Only needed after the submission deadline")
    submit = SubmitField("Submit item", widget=GovSubmitInput())


class TriageForm(FlaskForm):
    """Accept, defer or decline a submitted item."""

    decision = RadioField("Decision", widget=GovRadioInput(), choices=[
        ("accept", "Accept onto the agenda"), ("defer", "Defer to a later meeting"),
        ("decline", "Decline")], validators=[InputRequired(message="Select a decision")])
    duration = IntegerField("Time on the agenda (minutes)", widget=GovTextInput(),
                            validators=[Optional(), NumberRange(min=1, max=240, message=(
                                "Time must be between 1 and 240 minutes"))])
    target = SelectField("Later meeting", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    reason = long_text("Reason for declining", 2000, hint="The office sees this")
    submit = SubmitField("Save decision", widget=GovSubmitInput())


class CancelForm(FlaskForm):
    """Cancel a meeting with a reason."""

    reason = long_text("Reason", 2000, required=True, hint="Invitees are told by email")
    submit = SubmitField("Cancel meeting", widget=GovSubmitInput())


class MinuteForm(FlaskForm):
    """The minute of one agenda item."""

    text = long_text("Minute", 20_000, hint="Summary of discussion. Markdown works.")
    submit = SubmitField("Save minute", widget=GovSubmitInput())


class RevisionForm(FlaskForm):
    """A correction to approved minutes."""

    text = long_text("Corrected minute", 20_000, required=True)
    reason = long_text("Reason for the correction", 2000, required=True)
    submit = SubmitField("Save correction", widget=GovSubmitInput())


class PaperForm(FlaskForm):
    """Upload a paper (or a new version of one)."""

    paper = RadioField("What are you uploading?", widget=GovRadioInput(), choices=[],
                       default="new", validators=[InputRequired(message=(
                           "Select whether this is a new paper or a new version"))])
    title = StringField("Title of the paper (optional)", widget=GovTextInput(),
                        description="If left blank, a new paper takes the file's name",
                        validators=[Optional(), Length(max=300, message=(
                            "The title must be 300 characters or fewer"))])
    file = FileField("File", widget=GovFileInput(),
                     description="PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) or "
                                 "OpenDocument text (ODT), up to 20 MB",
                     validators=[FileRequired(message="Choose a file to upload")])
    submit = SubmitField("Upload paper", widget=GovSubmitInput())


class RsvpForm(FlaskForm):
    """Reply to a meeting invitation."""

    response = RadioField("Will you attend?", widget=GovRadioInput(), choices=[],
                          validators=[InputRequired(message="Select how you will attend")])
    substitute_name = text_field("Name and role of your substitute", 200, required=False)
    needs = text_field("Dietary or access needs", 500, required=False)
    submit = SubmitField("Send reply", widget=GovSubmitInput())


class DeclarationForm(FlaskForm):
    """A declaration of interest recorded at the meeting."""

    item = SelectField("Item", widget=GovSelect(), choices=[],
                       validators=[InputRequired(message="Choose the item")])
    declared_by = text_field("Declared by", 200)
    interest = long_text("Interest", 2000, required=True)
    submit = SubmitField("Record declaration", widget=GovSubmitInput())


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
