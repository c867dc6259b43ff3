"""Forms for agenda items and papers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from network.forms import RadioField, SelectField, long_text, text_field, whole_number
from network.workplan.items.models import ItemPurpose


class ItemForm(FlaskForm):
    """An item for the agenda."""

    title = text_field("Title", 300)
    purpose = RadioField("Purpose", widget=GovRadioInput(),
                         choices=[(p.value, p.label) for p in ItemPurpose],
                         validators=[InputRequired(message="Select the purpose")])
    summary = long_text("Summary", required=True,
                        hint="What the meeting is asked to do and why. Markdown works.")
    minutes_requested = whole_number("Time requested (minutes)", 1, 240, name="Time requested",
                                     unit="minutes", example=20, default=10,
                                     required="Enter the time requested")
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
    duration = whole_number("Time on the agenda (minutes)", 1, 240, name="Time on the agenda",
                            unit="minutes", example=20)
    target = SelectField("Later meeting", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    reason = long_text("Reason for declining", 2000, hint="The office sees this")
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    # Each decision's own field, revealed under its radio; the others are ignored.
    BRANCHES = {"accept": "duration", "defer": "target", "decline": "reason"}

    def validate(self, extra_validators=None) -> bool:
        """Check the chosen decision's field (all problems at once) and ignore the others."""
        super().validate(extra_validators)
        chosen = self.decision.data
        for decision, name in self.BRANCHES.items():
            if decision != chosen:
                self[name].errors = []
        if chosen == "defer" and not self.target.data and not self.target.errors:
            self.target.errors = ["Select the later meeting"]
        if chosen == "decline" and not (self.reason.data or "").strip() and (
                not self.reason.errors):
            self.reason.errors = ["Enter the reason for declining"]
        return not self.errors


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


class SubmissionFilterForm(FlaskForm):
    """Narrow the list of submissions (GET)."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    office = SelectField("Office", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
