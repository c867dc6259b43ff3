"""Forms for the forward agenda's filters, plan entries and turning one into an agenda item."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired

from network.forms import RadioField, SelectField, long_text, text_field, whole_number
from network.workplan.items.models import ItemPurpose


class ForwardFilterForm(FlaskForm):
    """Narrow the forward agenda (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    kind = SelectField("Type", widget=GovSelect(), choices=[], validate_choice=True, default="")
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    office = SelectField("Office", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")


class PlanEntryForm(FlaskForm):
    """An item planned for a future meeting."""

    title = text_field("Title", 300)
    # any meeting id is accepted here: the service says why a past or cancelled one cannot be
    meeting_id = SelectField("Meeting", widget=GovSelect(), choices=[], validate_choice=False,
                             validators=[InputRequired(message="Select the meeting")],
                             description="The meeting the item is planned for")
    purpose = RadioField("Purpose", widget=GovRadioInput(),
                         choices=[(p.value, p.label) for p in ItemPurpose],
                         validators=[InputRequired(message="Select the purpose")])
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
    lead_office = SelectField("Lead office", widget=GovSelect(), choices=[],
                              validate_choice=True, default="",
                              description="The office expected to bring the paper")
    minutes_planned = whole_number("Time planned (minutes)", 1, 240, name="Time planned",
                                   unit="minutes", example=20, default=15,
                                   required="Enter the time planned")
    notes = long_text("Notes", 5000, hint="What the item is for and what the paper should cover")
    submit = SubmitField("Save plan entry", widget=GovSubmitInput())


class ConvertForm(FlaskForm):
    """Put a planned item on its meeting's agenda now that the paper has arrived."""

    summary = long_text("Summary", required=True,
                        hint="What the meeting is asked to do and why. Markdown works.")
    late_reason = long_text("Reason the item is late", 2000,
                            hint="Only needed after the submission deadline")
    submit = SubmitField("Add to the agenda", widget=GovSubmitInput())
