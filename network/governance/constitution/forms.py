"""Forms for reading the Constitution by date and comparing versions, and for drafting
amendments and their changes. Choices are checked by the services, whose messages name what
to choose."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from network.forms import GovDateField, SelectField, long_text, text_field
from network.governance.constitution.decision_rules import (
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
    Recording,
)
from network.governance.elections.models import Method


class AsAtForm(FlaskForm):
    """The Constitution as it stood on a day (GET)."""

    class Meta:
        csrf = False

    on = GovDateField("Date", required_message="Enter the date",
                      description="For example, 27 3 2026")
    submit = SubmitField("Show the Constitution on that date", widget=GovSubmitInput())


class CompareForm(FlaskForm):
    """Two versions to compare (GET)."""

    class Meta:
        csrf = False

    old = SelectField("Earlier version", widget=GovSelect(), choices=[], validate_choice=False)
    new = SelectField("Later version", widget=GovSelect(), choices=[], validate_choice=False)
    submit = SubmitField("Compare", widget=GovSubmitInput())


class AmendmentForm(FlaskForm):
    """An amendment's title, explanation, seconder office and date of effect."""

    title = text_field("Title", 200, hint="For example: Written procedure for urgent decisions")
    explanation = long_text("Why the change is proposed (optional)", 10_000)
    seconder = SelectField("Seconder office", widget=GovSelect(), choices=[],
                           validate_choice=False,
                           description="Another member office that supports the amendment. "
                                       "It is asked to second it when you propose it.")
    effective_from = GovDateField("Date it takes effect (optional)",
                                  description="Leave blank for the day it is adopted. For "
                                              "example, 1 4 2027")
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class ChangeForm(FlaskForm):
    """One clause-level change; which fields show depends on its kind."""

    clause = SelectField("Clause", widget=GovSelect(), choices=[], validate_choice=False)
    part = SelectField("Part", widget=GovSelect(), choices=[], validate_choice=False)
    after = SelectField("Put it after", widget=GovSelect(), choices=[], validate_choice=False)
    number = StringField("Clause number", widget=GovTextInput(),
                         validators=[Optional(), Length(max=20, message=(
                             "The clause number must be 20 characters or fewer"))],
                         description="For example, 4.2 or 4.2A")
    heading = StringField("Heading (optional)", widget=GovTextInput(),
                          validators=[Optional(), Length(max=200, message=(
                              "The heading must be 200 characters or fewer"))])
    text = TextAreaField("Text of the clause", widget=GovCharacterCount(),
                         validators=[Optional(), Length(max=20_000, message=(
                             "The text must be 20000 characters or fewer"))],
                         description="Markdown works: *emphasis*, **strong**, numbered and "
                                     "bulleted lists.")
    submit = SubmitField("Add change", widget=GovSubmitInput())


def _choices(enum_cls) -> list[tuple[str, str]]:
    return [(m.value, m.label[:1].upper() + m.label[1:]) for m in enum_cls]


class RuleForm(FlaskForm):
    """A decision rule, replacing the one in force for its type of decision."""

    decision_type = SelectField("Type of decision", widget=GovSelect(),
                                choices=_choices(DecisionType), validate_choice=False)
    quorum = text_field("Quorum, as a fraction of the member offices", 20,
                        hint="For example, 1/2 for half or 2/3 for two-thirds")
    quorum_basis = SelectField("Offices counted for the quorum", widget=GovSelect(),
                               choices=_choices(QuorumBasis), validate_choice=False)
    majority = SelectField("Majority needed", widget=GovSelect(), choices=_choices(Majority),
                           validate_choice=False)
    base = SelectField("Of", widget=GovSelect(), choices=_choices(MajorityBase),
                       validate_choice=False,
                       description="Abstentions are never counted as votes cast.")
    recording = SelectField("Written-procedure votes", widget=GovSelect(),
                            choices=[(Recording.BY_NAME.value, "Published by office"),
                                     (Recording.SECRET.value, "Secret")],
                            validate_choice=False)
    casting_vote = SelectField("Casting vote on a tie", widget=GovSelect(), choices=[],
                               validate_choice=False,
                               description="Without a casting vote a tie is not carried.")
    method = SelectField("How officers are elected (elections only)", widget=GovSelect(),
                         choices=[("", "Not an election")] + [(m.value, m.label)
                                                              for m in Method],
                         validate_choice=False)
    term = StringField("Term of office (elections only)", widget=GovTextInput(),
                       validators=[Optional(), Length(max=200, message=(
                           "The term must be 200 characters or fewer"))],
                       description="For example, Two years")
    submit = SubmitField("Add change", widget=GovSubmitInput())
