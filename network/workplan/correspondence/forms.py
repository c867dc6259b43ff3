"""Forms of the correspondence log."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, SubmitField
from wtforms.validators import InputRequired

from network.forms import GovDateField, RadioField, SelectField, long_text, text_field
from network.workplan.correspondence.models import CorrespondenceKind, CorrespondenceStatus

KIND_CHOICES = [(k.value, k.label) for k in CorrespondenceKind]
STATUS_CHOICES = [(s.value, s.label) for s in CorrespondenceStatus]


class CorrespondenceForm(FlaskForm):
    """A query or letter that has come in, and who answers it by when."""

    kind = RadioField("Query or letter", widget=GovRadioInput(), choices=KIND_CHOICES,
                      default="query", validators=[InputRequired(message="Select query or letter")])
    from_office = SelectField("From a member office", widget=GovSelect(), choices=[],
                              validate_choice=True, default="",
                              description="Leave as ‘Not a member office’ for government "
                                          "and partners")
    from_organisation = text_field("Organisation", 200, required=False,
                                   hint="For government departments and partners, for "
                                        "example Department for Transport")
    from_person = text_field("From (person)", 200, required=False,
                             hint="Who wrote or asked, for example Jo Smith, Deputy Director")
    received_on = GovDateField("Date received", "Enter the date it was received")
    subject = text_field("Subject", 300)
    summary = long_text("Summary", 10_000, hint="What they ask or say")
    owner = SelectField("Owner", widget=GovSelect(), choices=[], validate_choice=True,
                        default="", description="Who in the secretariat answers it",
                        validators=[InputRequired(message="Choose the secretariat owner")])
    due_on = GovDateField("Reply due (optional)",
                          description="On or after the date received, for example 27 3 2026")
    status = RadioField("Status", widget=GovRadioInput(), choices=STATUS_CHOICES,
                        default="open", validators=[InputRequired(message="Select the status")])
    replied_on = GovDateField("Reply sent on (optional)",
                              description="Needed when the status is answered")
    workstream = SelectField("Workstream (optional)", widget=GovSelect(), choices=[],
                             validate_choice=True, default="")
    meeting = SelectField("Meeting (optional)", widget=GovSelect(), choices=[],
                          validate_choice=True, default="")
    submit = SubmitField("Save", widget=GovSubmitInput())


class CorrespondenceFilterForm(FlaskForm):
    """Narrow the log (GET)."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    owner = SelectField("Owner", widget=GovSelect(), choices=[], validate_choice=True,
                        default="")
    office = SelectField("From office", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    overdue = BooleanField("Only overdue", widget=GovCheckboxInput())
