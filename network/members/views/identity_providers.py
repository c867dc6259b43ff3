"""The secretariat admin's register of offices' own identity providers (OpenID Connect)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy, queries
from network.members.forms import IdentityProviderForm
from network.members.models import IdentityProvider, Office
from network.members.services import oidc_signin
from network.web import confirmed_change, get_or_404, public_address, render_form, saved_form

bp = Blueprint("identity_providers", __name__, url_prefix="/identity-providers")
SECRETARIAT = "secretariat"


def _form(provider: IdentityProvider | None) -> IdentityProviderForm:
    form = IdentityProviderForm(obj=provider)
    form.whose.choices = [("", "Choose whose provider it is"),
                           (SECRETARIAT, "The secretariat (secretariat roles only)"),
                           *queries.active_office_choices()]
    if provider is not None and not form.is_submitted():
        form.whose.data = SECRETARIAT if provider.serves_secretariat else str(provider.office_id)
        form.trust_provider_mfa.data = "yes" if provider.trust_provider_mfa else "no"
        form.secret_name.data = provider.secret_name
        form.allowed_domains.data = provider.allowed_domains
    return form


def _redirect_uri() -> str:
    return public_address() + url_for("oidc.callback")


def _data(form: IdentityProviderForm) -> dict:
    chosen = form.whose.data or ""
    office = db.session.get(Office, int(chosen)) if chosen.isdigit() else None
    return {"office": office, "for_secretariat": chosen == SECRETARIAT,
            "issuer": form.issuer.data, "client_id": form.client_id.data,
            "secret_name": form.secret_name.data, "client_secret": form.client_secret.data,
            "allowed_domains": form.allowed_domains.data,
            "trust_provider_mfa": form.trust_provider_mfa.data == "yes"}


@bp.route("/")
@login_required
def index():
    """Every registered provider: whose, its issuer and domains."""
    policy.authorize("identity_provider.manage")
    return render_template("identity_providers/index.html", providers=oidc_signin.providers(),
                           confirm=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Register a provider; its discovery must answer before anything is saved."""
    policy.authorize("identity_provider.manage")
    form = _form(None)
    if saved_form(form, lambda: oidc_signin.register_provider(current_user, _data(form))):
        flash("Identity provider registered", "success")
        return redirect(url_for("identity_providers.index"))
    return render_form("identity_providers/form.html", form, provider=None,
                       redirect_uri=_redirect_uri())


@bp.route("/<int:provider_id>/edit", methods=["GET", "POST"])
@login_required
def edit(provider_id: int):
    """Change a provider (its discovery is checked again)."""
    policy.authorize("identity_provider.manage")
    provider = get_or_404(IdentityProvider, provider_id)
    form = _form(provider)
    if saved_form(form, lambda: oidc_signin.update_provider(current_user, provider,
                                                            _data(form))):
        flash("Identity provider updated", "success")
        return redirect(url_for("identity_providers.index"))
    return render_form("identity_providers/form.html", form, provider=provider,
                       redirect_uri=_redirect_uri())


@bp.route("/<int:provider_id>/remove", methods=["POST"])
@login_required
def remove(provider_id: int):
    """Remove a provider: its office signs in with passwords again."""
    policy.authorize("identity_provider.manage")
    provider = get_or_404(IdentityProvider, provider_id)
    return confirmed_change(lambda: oidc_signin.remove_provider(current_user, provider),
                            "Identity provider removed", url_for("identity_providers.index"))
