"""Forms of the members domain (Flask-WTF, GOV.UK widgets); rules live in the services."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp, ValidationError

from network.members.models import OfficeKind, OfficeStatus


def _no_control_characters(form, field):
    if field.data and any(ord(ch) < 32 and ch not in "\t" for ch in field.data):
        raise ValidationError(f"{field.label.text} must not contain control characters")


class GovDateField(DateField):
    """A day/month/year date that never fails on missing or extra parts."""

    def __init__(self, label, required_message: str | None = None, **kwargs):
        validators = [InputRequired(message=required_message)] if required_message else [Optional()]
        super().__init__(label, widget=GovDateInput(), format="%d %m %Y", validators=validators,
                         **kwargs)

    def process_formdata(self, valuelist):
        """Read three boxes; all empty means no date; anything else must be a real date."""
        parts = [str(v).strip() for v in (valuelist or [])][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(p) for p in parts)
            self.data = date(year, month, day)
        except (ValueError, OverflowError) as exc:  # OverflowError: a year past C int
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026") from exc
        if not 1900 <= year <= 2200:
            self.data = None
            raise ValueError(f"{self.label.text} must have a 4-digit year, like 2026")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def email_field(label: str = "Email address") -> EmailField:
    """An email field with the usual checks and messages."""
    return EmailField(label, widget=GovTextInput(), filters=[_strip], validators=[
        InputRequired(message="Enter an email address"),
        Length(max=320, message="Email address must be 320 characters or fewer"),
        Email(message="Enter an email address in the correct format, like name@example.org",
              check_deliverability=False),
    ])


def text_field(label: str, max_length: int, required: bool = True, hint: str = "") -> StringField:
    """A text field with required and length messages in GOV.UK style."""
    validators = [InputRequired(message=f"Enter {label.lower()}")] if required else [Optional()]
    validators += [Length(max=max_length,
                          message=f"{label} must be {max_length} characters or fewer"),
                   _no_control_characters]
    return StringField(label, widget=GovTextInput(), validators=validators, description=hint,
                       filters=[_strip])


class SignInForm(FlaskForm):
    """Email and password."""

    email = email_field()
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[
        InputRequired(message="Enter your password"), Length(max=200, message="Enter your password")
    ])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class TotpForm(FlaskForm):
    """A 6-digit code from an authenticator app."""

    code = StringField("Security code", widget=GovTextInput(),
                       description="The 6-digit code your authenticator app shows",
                       validators=[InputRequired(message="Enter the 6-digit security code"),
                                   Regexp(r"^\s*\d{3}\s?\d{3}\s*$",
                                          message="The security code must be 6 digits")])
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ForgottenPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = email_field()
    submit = SubmitField("Send reset link", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField("New password", widget=GovPasswordInput(),
                             description="At least 12 characters. Three random words work well.",
                             validators=[InputRequired(message="Enter a new password")])
    confirm = PasswordField("Confirm new password", widget=GovPasswordInput(),
                            validators=[InputRequired(message="Confirm your new password")])
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def validate_confirm(self, field):
        """Both entries must match."""
        if self.password.data and field.data != self.password.data:
            raise ValidationError("The passwords do not match")


class ChangePasswordForm(SetPasswordForm):
    """Current password, then the new one twice."""

    current_password = PasswordField("Current password", widget=GovPasswordInput(),
                                     validators=[InputRequired(
                                         message="Enter your current password")])
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ReauthForm(FlaskForm):
    """Confirm the current password before a sensitive change."""

    current_password = PasswordField("Current password", widget=GovPasswordInput(),
                                     validators=[InputRequired(
                                         message="Enter your current password")])
    submit = SubmitField("Continue", widget=GovSubmitInput())


class OfficeForm(FlaskForm):
    """A member office's details."""

    name = text_field("Name", 200)
    slug = text_field("Short name for web addresses", 80, required=False,
                      hint="Lower-case letters, numbers and hyphens. Left empty, it is made "
                           "from the name.")
    kind = RadioField("Kind of authority", widget=GovRadioInput(),
                      choices=[(k.value, k.label) for k in OfficeKind],
                      validators=[InputRequired(message="Select the kind of authority")])
    region = text_field("Region", 120, required=False)
    mayor_name = text_field("Mayor's name", 200, required=False)
    joined_on = GovDateField("Date joined", "Enter the date the office joined")
    left_on = GovDateField("Date left", description="Only if the office has left")
    status = RadioField("Status", widget=GovRadioInput(),
                        choices=[(s.value, s.label) for s in OfficeStatus],
                        default=OfficeStatus.ACTIVE.value,
                        validators=[InputRequired(message="Select the status")])
    submit = SubmitField("Save office", widget=GovSubmitInput())


class InviteForm(FlaskForm):
    """Invite a person by email."""

    name = text_field("Full name", 200)
    email = email_field()
    job_title = text_field("Job title", 200, required=False)
    role = RadioField("Role", widget=GovRadioInput(), choices=[],
                      validators=[InputRequired(message="Select a role")])
    office = SelectField("Office", widget=GovSelect(), choices=[], validate_choice=True,
                         description="Only for member office roles")
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class ChangeRoleForm(FlaskForm):
    """Give someone another role and office."""

    role = RadioField("Role", widget=GovRadioInput(), choices=[],
                      validators=[InputRequired(message="Select a role")])
    office = SelectField("Office", widget=GovSelect(), choices=[], validate_choice=True)
    submit = SubmitField("Change role", widget=GovSubmitInput())


class DesignateVoterForm(FlaskForm):
    """The office's designated voter and substitute."""

    voter = SelectField("Designated voter", widget=GovSelect(), choices=[],
                        description="Casts the office's one vote in elections and on motions")
    substitute = SelectField("Substitute", widget=GovSelect(), choices=[],
                             description="May vote instead of the designated voter")
    submit = SubmitField("Save", widget=GovSubmitInput())


class ApiTokenForm(FlaskForm):
    """Name a new API token."""

    name = text_field("Token name", 100,
                      hint="Say what system will use it, for example 'Office CRM'")
    submit = SubmitField("Create token", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (CSRF only)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class AuditFilterForm(FlaskForm):
    """Filter the audit log (GET)."""

    class Meta:
        csrf = False

    person = StringField("Person (email contains)", widget=GovTextInput(),
                         validators=[Optional(), Length(max=320)])
    object_type = SelectField("Object", widget=GovSelect(), choices=[], validate_choice=True,
                              default="")
    object_id = StringField("Object id", widget=GovTextInput(),
                            validators=[Optional(), Length(max=80)])
    date_from = GovDateField("From")
    date_to = GovDateField("To")
    submit = SubmitField("Filter", widget=GovSubmitInput())
