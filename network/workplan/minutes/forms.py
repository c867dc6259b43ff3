"""Forms for RSVPs, declarations and minutes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import SubmitField
from wtforms.validators import InputRequired

from network.forms import RadioField, SelectField, long_text, text_field


class MinuteForm(FlaskForm):
    """The minute of one agenda item."""

    text = long_text("Minute", 20_000, hint="Summary of discussion. Markdown works.")
    submit = SubmitField("Save minute", widget=GovSubmitInput())


class RecirculateForm(FlaskForm):
    """Send changed draft minutes round again."""

    changes = long_text("What changed", 2000, required=True,
                        hint="Members see this at the top of the email, for example "
                             "'Item 5: the action on bus funding now falls to West Yorkshire'")
    submit = SubmitField("Re-circulate draft minutes", widget=GovSubmitInput())


class RevisionForm(FlaskForm):
    """A correction to approved minutes."""

    text = long_text("Corrected minute", 20_000, required=True)
    reason = long_text("Reason for the correction", 2000, required=True)
    submit = SubmitField("Save correction", widget=GovSubmitInput())


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
