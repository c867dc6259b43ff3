"""The records package's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput
from wtforms import BooleanField, SubmitField
from wtforms.validators import InputRequired


class EraseForm(FlaskForm):
    """Erasing a departed person's name and contact details: confirmed with a tick."""

    confirm = BooleanField(
        "I understand this cannot be undone: the name and contact details are replaced "
        "everywhere, for good",
        widget=GovCheckboxInput(),
        validators=[InputRequired(message="Confirm that you understand this cannot be undone")])
    submit = SubmitField("Erase their details", widget=GovSubmitInput())
