"""Forms of the contacts directory."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from network.forms import SelectField, SelectMultipleField, long_text, text_field


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ContactForm(FlaskForm):
    """Someone the network works with: who they are, how to reach them, what they work on."""

    name = text_field("Name", 200)
    organisation = text_field("Organisation", 200, required=False,
                              hint="For example, Ministry of Housing, Communities and Local "
                                   "Government")
    job_title = text_field("Role", 200, required=False, hint="For example, Deputy Director")
    # checked by the service (a clear message, and the same rule for every caller)
    email = StringField("Email address (optional)", widget=GovTextInput(), filters=[_strip],
                        validators=[Length(max=320, message="Email address must be 320 "
                                                            "characters or fewer")],
                        description="An email address or a phone number is needed")
    phone = text_field("Phone (optional)", 40, required=False,
                       hint="For example, 0117 496 0000 or +44 117 496 0000")
    office = SelectField("Member office (optional)", widget=GovSelect(), choices=[],
                         validate_choice=True, default="",
                         description="For an office's key contacts: members can see these")
    workstreams = SelectMultipleField(
        "Workstreams", widget=GovCheckboxesInput(), choices=[], coerce=int,
        description="Select all that apply",
        invalid_value_message="Select workstreams from the list",
        invalid_choice_message="Select workstreams from the list")
    meetings = SelectMultipleField(
        "Meetings", widget=GovCheckboxesInput(), choices=[], coerce=int,
        description="Meetings from six months ago to a year ahead",
        invalid_value_message="Select meetings from the list",
        invalid_choice_message="Select meetings from the list")
    notes = long_text("Notes", 5000)
    submit = SubmitField("Save contact", widget=GovSubmitInput())


class ContactFilterForm(FlaskForm):
    """Search and narrow the directory (GET)."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput(), filters=[_strip],
                    validators=[Length(max=200, message="Search must be 200 characters or "
                                                        "fewer")],
                    description="Name, organisation, role or email")
    kind = SelectField("Type of contact", widget=GovSelect(), choices=[], validate_choice=True,
                       default="")
    office = SelectField("Member office", widget=GovSelect(), choices=[], validate_choice=True,
                         default="")
    workstream = SelectField("Workstream", widget=GovSelect(), choices=[], validate_choice=True,
                             default="")
