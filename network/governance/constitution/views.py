"""The Constitution: current, as it stood on a day, any version, two versions compared,
exports; amendments from draft to ready to put (putting them is the motions' page)."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from network.governance.constitution import exports
from network.governance.constitution import queries as cq
from network.governance.constitution.document import document_of
from network.governance.constitution.forms import AsAtForm, CompareForm
from network.governance.constitution.redline import compare as redline
from network.members import policy
from network.time import today
from network.web import attachment

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
    """The Constitution as it stood on a day (?on-day=&on-month=&on-year=)."""
    policy.authorize("constitution.view")
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
