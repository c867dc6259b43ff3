"""Form pieces every domain shares: GOV.UK fields with house messages, the POST-button form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from govuk_frontend_wtf.wtforms_widgets import GovSelect as _GovSelect
from markupsafe import Markup
from wtforms import DateField, EmailField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms import RadioField as _RadioField
from wtforms import SelectField as _SelectField
from wtforms import SelectMultipleField as _SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from network.time import CLOCK


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
        self.data = None
        label = self.label.text
        if not all(p.isdigit() and p.isascii() for p in parts):
            raise ValueError(f"{label} must be a real date, like 27 3 2026")
        if len(parts[2]) != 4:
            raise ValueError(f"{label} must have a year with 4 numbers, like 2026")
        day, month, year = (int(p) for p in parts)
        try:
            value = date(year, month, day)
        except (ValueError, OverflowError) as exc:  # OverflowError: a day past C long
            raise ValueError(f"{label} must be a real date, like 27 3 2026") from exc
        if not 1900 <= year <= 2200:
            raise ValueError(f"{label} must be between 1900 and 2200")
        self.data = value


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


def long_text(label: str, max_length: int = 10_000, required: bool = False,
              hint: str = "") -> TextAreaField:
    """A text area with GOV.UK messages."""
    validators = [InputRequired(message=f"Enter {label.lower()}")] if required else [Optional()]
    validators.append(Length(max=max_length,
                             message=f"{label} must be {max_length} characters or fewer"))
    return TextAreaField(label, widget=GovTextArea(), validators=validators, description=hint)


def _valid_time(form, field):
    if field.data and not CLOCK.match(field.data):
        raise ValidationError(f"{field.label.text} must be a time like 17:00")


def time_field(label: str) -> StringField:
    """A 24-hour time like 09:30 (the network's local time)."""
    return StringField(label, widget=GovTextInput(), description="24-hour clock, like 17:00",
                       validators=[InputRequired(message=f"Enter the {label.lower()}"),
                                   _valid_time])


class WholeNumberField(IntegerField):
    """A whole number whose messages name the field (never WTForms' "Not a valid integer
    value."); an empty box is no number, left to InputRequired or Optional."""

    def __init__(self, label, not_a_number: str, **kwargs):
        super().__init__(label, widget=GovTextInput(), **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        """Read the box: blank is None, anything but digits is refused with the message."""
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not (text.isdigit() and text.isascii()) or len(text) > 9:
            raise ValueError(self.not_a_number)
        self.data = int(text)


def whole_number(label: str, minimum: int, maximum: int, *, name: str = "", unit: str = "",
                 example: int, required: str | None = None, hint: str = "",
                 default: int | None = None) -> WholeNumberField:
    """A whole-number box with GOV.UK messages, e.g. "Time requested must be a whole number of
    minutes, like 20" and "... must be between 1 and 240 minutes"; optional unless `required`
    (the message for an empty box) is given."""
    name = name or label
    of_unit = f" of {unit}" if unit else ""
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(NumberRange(min=minimum, max=maximum, message=(
        f"{name} must be between {minimum} and {maximum}{' ' + unit if unit else ''}")))
    return WholeNumberField(label, f"{name} must be a whole number{of_unit}, like {example}",
                            validators=validators, description=hint, default=default)


def choice_message(label: str, verb: str = "Select one of the options") -> str:
    """What a select, radios or checkboxes say of a value that is not one of their options (a
    tampered or out-of-date form), e.g. "Select one of the options for ‘Lead office’"."""
    label = (label or "").removesuffix(" (optional)").strip()
    return f"{verb} for ‘{label}’" if label else verb


class _Choosing:
    """GOV.UK messages for a value that is not an option (never WTForms' bare "Not a valid
    choice."), unless the field is given its own."""

    verb = "Select one of the options"
    formats_message = False  # SelectMultipleField puts the values into its message with %

    def __init__(self, label=None, *args, **kwargs):
        super().__init__(label, *args, **kwargs)
        message = choice_message(self.label.text, self.verb)
        self.invalid_value_message = self.invalid_value_message or message
        self.invalid_choice_message = self.invalid_choice_message or (
            message.replace("%", "%%") if self.formats_message else message)


class SelectField(_Choosing, _SelectField):
    """A select (GovSelect) that names itself in its message for a tampered value."""

    verb = "Select one of the options in the list"


class RadioField(_Choosing, _RadioField):
    """Radios (GovRadioInput) that name themselves in their message for a tampered value."""


class SelectMultipleField(_Choosing, _SelectMultipleField):
    """Checkboxes (GovCheckboxesInput) that name themselves in their message for a tampered
    value."""

    verb = "Select only options that are listed"
    formats_message = True


class GovSelect(_GovSelect):
    """GOV.UK's select, which also draws grouped choices (`grouped_choices`) as labelled
    <optgroup>s: a long list is found by its group (issue 14), without JavaScript. GOV.UK's
    macro draws the label, hint, error and the select; only the options inside are ours."""

    def render(self, params):
        """The macro's select; with groups, their options put inside it."""
        groups = params.pop("groups", None)
        html = super().render(params)
        if not groups:
            return html
        option = Markup('<option value="{}"{}>{}</option>')
        options = []
        for label, choices in groups:
            drawn = Markup("").join(option.format(c.value, Markup(" selected") if c.selected
                                                  else "", c.label) for c in choices)
            options.append(Markup('<optgroup label="{}">{}</optgroup>').format(label, drawn)
                           if label is not None else drawn)
        inside = str(Markup("").join(options))
        # the macro's markup, and options whose values and labels were escaped as drawn
        return Markup(str(html).replace("</select>", inside + "</select>", 1))  # noqa: S704

    def map_gov_params(self, field, **kwargs):
        """GOV.UK's parameters; grouped choices go to `render`, not to the macro's items."""
        params = super().map_gov_params(field, **kwargs)
        if field.has_groups():
            params["items"], params["groups"] = [], list(field.iter_groups())
        return params


def grouped_choices(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]],
                    empty: str | None = None) -> list[SelectChoice]:
    """Choices for a select drawn in groups (GovSelect): each group's (value, label) pairs in
    the order given, after an ungrouped `empty` option (like "No one") if one is given."""
    choices = [SelectChoice("", empty)] if empty is not None else []
    for label, pairs in groups:
        choices += [SelectChoice(value, text, optgroup=label) for value, text in pairs]
    return choices


class ConfirmForm(FlaskForm):
    """A bare form for POST buttons (CSRF only)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
