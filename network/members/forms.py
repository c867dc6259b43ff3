"""Forms of the members domain (Flask-WTF, GOV.UK widgets); rules live in the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from network.forms import (
    GovDateField,
    RadioField,
    SelectField,
    email_field,
    long_text,
    text_field,
)
from network.members.models import OfficeKind, OfficeStatus


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


class OutboxFilterForm(FlaskForm):
    """Narrow the email outbox (GET): status, kind, recipient and the days it was queued."""

    class Meta:
        csrf = False

    status = SelectField("Status", widget=GovSelect(), validate_choice=True, default="",
                         choices=[("", "Any status"), ("failed", "Failed"),
                                  ("pending", "Waiting to be sent"), ("sent", "Sent")])
    kind = SelectField("Kind of email", widget=GovSelect(), choices=[], validate_choice=True,
                       default="")
    person = StringField("Recipient's email address (or part of it)", widget=GovTextInput(),
                         validators=[Optional(), Length(max=320, message=(
                             "The recipient's address must be 320 characters or fewer"))])
    since = GovDateField("Queued on or after")
    until = GovDateField("Queued on or before")

    def validate_until(self, field):
        """The range must not run backwards."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("'Queued on or before' must be the same as or after "
                                  "'Queued on or after'")


class OfficeAccountEmailForm(FlaskForm):
    """Sign in through one's office's identity provider, found from the email address."""

    email = email_field("Your work email address")
    submit = SubmitField("Continue", widget=GovSubmitInput())


class OfficeAccountChoiceForm(FlaskForm):
    """Sign in through an identity provider chosen from the list."""

    provider = RadioField("Which office do you work for?", widget=GovRadioInput(), choices=[],
                          validators=[InputRequired(message="Select your office")])
    submit = SubmitField("Continue to your office's sign-in", widget=GovSubmitInput())


class IdentityProviderForm(FlaskForm):
    """An office's own OpenID Connect provider."""

    whose = SelectField("Whose provider", widget=GovSelect(), choices=[], validate_choice=True,
                         description="It signs in only people of this office")
    issuer = text_field("Issuer address", 500,
                        hint="The provider's issuer, starting https:// (for Microsoft Entra "
                             "ID, the login.microsoftonline.com address of your tenant)")
    client_id = text_field("Client ID", 200)
    secret_name = text_field("Name of the client secret in the configuration", 40,
                             required=False,
                             hint="For example MANCHESTER: the portal then reads the "
                                  "setting named NETWORK_OIDC_SECRET_ and that name. Leave "
                                  "empty to type the secret below instead.")
    client_secret = PasswordField("Client secret", widget=GovPasswordInput(),
                                  description="Stored encrypted. When changing a provider, leave "
                                              "empty to keep the current one.",
                                  validators=[Optional(), Length(
                                      max=500, message="Client secret must be 500 characters "
                                                       "or fewer")])
    allowed_domains = long_text("Email domains", 2000, required=True,
                                hint="One a line, for example manchester.gov.uk. Only people "
                                     "with these addresses can sign in through this provider.")
    trust_provider_mfa = RadioField(
        "Accept the provider's multi-factor check instead of the portal's security code?",
        widget=GovRadioInput(), choices=[("no", "No"), ("yes", "Yes, when its ID token says "
                                                               "a second factor was used")],
        default="no", validators=[InputRequired(message="Select whether to accept it")],
        description="Only matters for the secretariat's provider")
    submit = SubmitField("Save identity provider", widget=GovSubmitInput())
