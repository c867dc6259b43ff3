"""Forms for the decisions register."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from network.forms import GovDateField, SelectField


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
