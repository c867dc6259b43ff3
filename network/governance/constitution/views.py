"""The Constitution: current, as it stood on a day, any version, two versions compared,
exports; amendments from draft to ready to put (putting them is the motions' page)."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.forms import ConfirmForm
from network.governance.constitution import exports
from network.governance.constitution import queries as cq
from network.governance.constitution import services as service
from network.governance.constitution.decision_rules import DecisionRule
from network.governance.constitution.document import describe_target, document_of
from network.governance.constitution.forms import (
    AmendmentForm,
    AsAtForm,
    ChangeForm,
    CompareForm,
    RuleForm,
)
from network.governance.constitution.models import ChangeKind
from network.governance.constitution.redline import compare as redline
from network.members import policy
from network.members.queries import active_office_choices
from network.paging import paged
from network.time import today
from network.web import attachment, confirmed_change, parse_id, render_form, saved_form

bp = Blueprint("constitution", __name__, url_prefix="/constitution")


def _show(version, *, heading: str, as_at=None, form=None, status: int = 200):
    return render_template(
        "governance/constitution/version.html", version=version, heading=heading,
        as_at=as_at, form=form or AsAtForm(formdata=None), current=cq.version_in_force(),
        rules=cq.rules_in_words(version) if version else [],
        today=today()), status


@bp.route("/")
@login_required
def index():
    """The Constitution in force today, with its decision rules in words."""
    policy.authorize("constitution.view")
    return _show(cq.version_in_force(with_text=True), heading="The Constitution")


@bp.route("/as-at")
@login_required
def as_at():
    """The Constitution as it stood on a day (?on=day&on=month&on=year)."""
    policy.authorize("constitution.view")
    if not request.args:
        return redirect(url_for("constitution.index"))
    form = AsAtForm(request.args)
    if not form.validate():
        return _show(cq.version_in_force(with_text=True), heading="The Constitution",
                     form=form, status=400)
    version = cq.version_in_force(form.on.data, with_text=True)
    return _show(version, heading=f"The Constitution on {form.on.data:%-d %B %Y}",
                 as_at=form.on.data, form=form)


@bp.route("/versions")
@login_required
def versions():
    """Every version, newest first, with the dates each was in force."""
    policy.authorize("constitution.view")
    rows = cq.versions()
    return render_template("governance/constitution/versions.html", versions=rows,
                           current=cq.version_in_force(), form=_compare_form(rows))


@bp.route("/versions/<number>")
@login_required
def version(number):
    """One version, read-only."""
    policy.authorize("constitution.view")
    found = cq.load_version(number)
    return _show(found, heading=f"The Constitution: {found.label.lower()}")


@bp.route("/versions/<number>/pdf")
@login_required
def version_pdf(number):
    """A version as a PDF, with its contents and the date it took effect."""
    policy.authorize("constitution.view")
    found = cq.load_version(number)
    return attachment(exports.version_pdf(found), "application/pdf",
                      f"constitution-version-{found.number}.pdf")


@bp.route("/versions/<number>/docx")
@login_required
def version_docx(number):
    """A version as a Word document, with its contents and the date it took effect."""
    policy.authorize("constitution.view")
    found = cq.load_version(number)
    return attachment(exports.version_docx(found), exports.DOCX,
                      f"constitution-version-{found.number}.docx")


def _compare_form(rows) -> CompareForm:
    form = CompareForm(request.args)
    choices = [(str(v.number), v.label) for v in rows]
    form.old.choices, form.new.choices = choices, choices
    if not request.args.get("old") and len(rows) > 1:
        form.old.data, form.new.data = str(rows[1].number), str(rows[0].number)
    return form


@bp.route("/compare")
@login_required
def compare():
    """Two versions side by side: the earlier text and the later with the changes marked."""
    policy.authorize("constitution.view")
    rows = cq.versions()
    form = _compare_form(rows)
    if not request.args.get("old") or not request.args.get("new"):
        return redirect(url_for("constitution.versions"))
    old, new = cq.load_version(form.old.data), cq.load_version(form.new.data)
    if old.number == new.number:
        flash("Choose two different versions to compare")
        return redirect(url_for("constitution.versions"))
    if old.number > new.number:
        old, new = new, old
    return render_template("governance/constitution/compare.html", old=old, new=new,
                           redline=redline(document_of(old), document_of(new)), form=form,
                           old_text={c.key: c for _, c in document_of(old).clauses()},
                           terms_of=partial(cq.rule_terms,
                                            offices=cq.casting_vote_offices(old, new)))


# --- amendments ------------------------------------------------------------------------

PAGE_SIZE = 50


def load_amendment(amendment_id):
    """An amendment with its changes, for someone who may read amendments (404 otherwise)."""
    policy.authorize("amendment.list")
    amendment = cq.amendment_with_changes(parse_id(amendment_id))
    if amendment is None or not policy.can(current_user, "amendment.view", amendment):
        abort(404)
    return amendment


def _amendment_url(amendment_id) -> str:
    return url_for("constitution.amendment", amendment_id=amendment_id)


@bp.route("/amendments")
@login_required
def amendments():
    """Amendments, newest first, 50 to a page."""
    policy.authorize("amendment.list")
    rows = paged(cq.amendments(), PAGE_SIZE)
    page, has_next = rows.number, rows.has_next
    return render_template("governance/constitution/amendments.html", amendments=rows,
                           page=page, has_next=has_next,
                           bases=cq.versions_by_id(a.base_version_id for a in rows))


def _seconder_choices(form: AmendmentForm, proposer_office_id: int | None) -> None:
    """A member's amendment names a seconder office (any other active office); the
    secretariat's has none."""
    if proposer_office_id is None:
        del form.seconder
        return
    form.seconder.choices = [(v, n) for v, n in active_office_choices("Choose an office")
                             if v != str(proposer_office_id)]


def _seconder(form: AmendmentForm) -> int | None:
    if form.seconder is None or not form.seconder.data:
        return None
    data = form.seconder.data
    return int(data) if data.isascii() and data.isdigit() and len(data) <= 9 else -1


@bp.route("/amendments/new", methods=["GET", "POST"])
@login_required
def new_amendment():
    """Draft an amendment to the version in force."""
    policy.authorize("amendment.draft")
    form = AmendmentForm()
    _seconder_choices(form, current_user.office_id)
    if amendment := saved_form(form, lambda: service.draft_amendment(
            current_user, title=form.title.data, explanation=form.explanation.data or "",
            seconder_office_id=_seconder(form), effective_from=form.effective_from.data)):
        flash(f"{amendment.reference} saved as a draft. Add its changes.", "success")
        return redirect(_amendment_url(amendment.id))
    return render_form("governance/constitution/amendment_form.html", form, amendment=None,
                       current=cq.version_in_force())


@bp.route("/amendments/<amendment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_amendment(amendment_id):
    """Change a draft's title, explanation, seconder or date."""
    amendment = load_amendment(amendment_id)
    policy.authorize("amendment.edit", amendment)
    form = AmendmentForm(obj=amendment)
    _seconder_choices(form, amendment.proposer_office_id)
    if not form.is_submitted() and form.seconder is not None:
        form.seconder.data = str(amendment.seconder_office_id or "")
    if saved_form(form, lambda: service.update_amendment(
            current_user, amendment, title=form.title.data,
            explanation=form.explanation.data or "", seconder_office_id=_seconder(form),
            effective_from=form.effective_from.data)):
        flash("Amendment updated", "success")
        return redirect(_amendment_url(amendment.id))
    return render_form("governance/constitution/amendment_form.html", form,
                       amendment=amendment, current=cq.version_in_force())


@bp.route("/amendments/<amendment_id>")
@login_required
def amendment(amendment_id):
    """An amendment: its changes, the redline against the version in force, conflicts with
    other amendments and whether it can be put to a motion."""
    found = load_amendment(amendment_id)
    picture = cq.amendment_picture(found)
    offices = cq.casting_vote_offices(found.base_version, picture.current)
    return render_template("governance/constitution/amendment.html", amendment=found,
                           picture=picture, confirm=ConfirmForm(), kinds=ChangeKind,
                           terms_of=partial(cq.rule_terms, offices=offices))


def _change_form(amendment, kind: ChangeKind):
    """The change form for a kind, its choices from the text as the earlier changes leave
    it, and (on first view) the chosen clause's words or rule's values to start from."""
    doc = cq.amendment_document(amendment)
    if kind == ChangeKind.RULE:
        form = RuleForm()
        form.casting_vote.choices = active_office_choices("No casting vote")
        chosen = request.args.get("decision_type", "")
        if not form.is_submitted() and chosen in doc.rules:
            rule = DecisionRule.from_dict(doc.rules[chosen])
            form.decision_type.data = chosen
            form.quorum.data = f"{rule.quorum.numerator}/{rule.quorum.denominator}"
            form.quorum_basis.data = rule.quorum_basis.value
            form.majority.data = rule.majority.value
            form.base.data, form.recording.data = rule.base.value, rule.recording.value
            form.casting_vote.data = str(rule.casting_vote_office_id or "")
            form.method.data, form.term.data = rule.method or "", rule.term
        return form
    form = ChangeForm()
    clauses = doc.clauses()
    form.clause.choices = [("", "Choose a clause")] + [
        (c.key, f"{c.number} {c.heading}".strip()) for _, c in clauses]
    form.part.choices = [("", "Choose a part")] + [
        (p.key, f"Part {p.number}: {p.title}") for p in doc.parts]
    form.after.choices = [("", "At the start of the part")] + [
        (c.key, f"After {c.number} {c.heading}".strip()) for _, c in clauses]
    chosen = doc.clause(request.args.get("clause", ""))
    if not form.is_submitted() and chosen:
        form.clause.data = chosen[1].key
        form.heading.data, form.text.data = chosen[1].heading, chosen[1].text
        form.part.data = chosen[0].key
    return form


def _change_data(form) -> dict:
    if isinstance(form, RuleForm):
        return {"decision_type": form.decision_type.data, "rule": {
            "quorum": form.quorum.data, "quorum_basis": form.quorum_basis.data,
            "majority": form.majority.data, "base": form.base.data,
            "recording": form.recording.data,
            "casting_vote_office_id": form.casting_vote.data, "method": form.method.data,
            "term": form.term.data or ""}}
    return {"clause_key": form.clause.data or "", "part_key": form.part.data or "",
            "after_clause_key": form.after.data or "", "number": form.number.data or "",
            "heading": form.heading.data or "", "text": form.text.data or ""}


@bp.route("/amendments/<amendment_id>/changes/new/<kind>", methods=["GET", "POST"])
@login_required
def new_change(amendment_id, kind):
    """Add a change of a kind (amend, insert, delete, move, renumber, rule) to a draft."""
    amendment = load_amendment(amendment_id)
    policy.authorize("amendment.edit", amendment)
    try:
        kind = ChangeKind(kind)
    except ValueError:
        abort(404)
    form = _change_form(amendment, kind)
    if saved_form(form, lambda: service.add_change(current_user, amendment, kind,
                                                   _change_data(form))):
        flash("Change added", "success")
        found = cq.amendment_with_changes(amendment.id)
        base = cq.document_of_version(found.base_version)
        for other, target in cq.conflicts(found):
            flash(f"This amendment now competes with {other.reference} (\u201c{other.title}"
                  f"\u201d), which also changes {describe_target(target, base)}. "
                  "The earlier amendment must be decided or withdrawn before this one can be "
                  "put to a motion.")
        return redirect(_amendment_url(amendment.id))
    if form.errors:
        amendment = load_amendment(amendment_id)
    return render_form("governance/constitution/change_form.html", form,
                       amendment=amendment, kind=kind)


@bp.route("/amendments/<amendment_id>/changes/<change_id>/remove", methods=["POST"])
@login_required
def remove_change(amendment_id, change_id):
    """Take a change out of a draft."""
    amendment = load_amendment(amendment_id)
    policy.authorize("amendment.edit", amendment)
    change = next((c for c in amendment.changes if c.id == parse_id(change_id)), None)
    if change is None:
        abort(404)
    return confirmed_change(lambda: service.remove_change(current_user, amendment, change),
                            "Change removed", _amendment_url(amendment.id))


_STEPS = {
    "propose": ("amendment.propose", service.propose_amendment, "Amendment proposed"),
    "second": ("amendment.second", service.second_amendment, "Amendment seconded"),
    "rebase": ("amendment.rebase", service.rebase_amendment,
               "Amendment rebased on the version in force"),
    "withdraw": ("amendment.withdraw", service.withdraw_amendment, "Amendment withdrawn"),
}


@bp.route("/amendments/<amendment_id>/<step>", methods=["POST"])
@login_required
def amendment_step(amendment_id, step):
    """Propose, second, rebase or withdraw an amendment (POST buttons)."""
    amendment = load_amendment(amendment_id)
    if step not in _STEPS:
        abort(404)
    action, change, done = _STEPS[step]
    policy.authorize(action, amendment)
    return confirmed_change(lambda: change(current_user, amendment), done,
                            _amendment_url(amendment.id))
