"""The digest's form: how often a person wants it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired

from network.forms import RadioField
from network.members.models import DigestFrequency


class DigestPreferenceForm(FlaskForm):
    """Weekly, daily or never."""

    frequency = RadioField("How often do you want the digest?", widget=GovRadioInput(),
                           choices=[(f.value, f.label) for f in DigestFrequency],
                           validators=[InputRequired(message="Choose how often you want the "
                                                             "digest")])
    submit = SubmitField("Save", widget=GovSubmitInput())
