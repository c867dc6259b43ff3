"""Fixtures of the members tests: the test identity provider and the offices, people and
registered providers its accounts name (tests/members/test_oidc*.py)."""

from __future__ import annotations

import pyotp
import pytest

from network.members.services import oidc_signin
from tests.factories import OfficeFactory, PersonFactory
from tests.oidc import running_provider
from tests.oidc.steps import REDIRECT_URI


@pytest.fixture(scope="package")
def idp(tmp_path_factory):
    """The test identity provider, started once for the members tests that use it."""
    with running_provider([REDIRECT_URI], ["http://portal.test/sign-in"],
                          tmp_path_factory.mktemp("idp")) as provider:
        yield provider


@pytest.fixture
def world(db, idp):
    """Office A with its provider (domain office-a.test), office B, the secretariat's provider
    (secretariat.test) and the people the provider's accounts name."""
    office_a, office_b = OfficeFactory(name="Office A"), OfficeFactory(name="Office B")
    admin = PersonFactory(role="secretariat_admin", email="admin@secretariat.test")
    people = {
        "lead": PersonFactory(role="member_lead", office=office_a, email="lead@office-a.test"),
        "staff": PersonFactory(role="member_staff", office=office_a,
                               email="staff@office-a.test"),
        "unverified": PersonFactory(role="member_staff", office=office_a,
                                    email="unverified@office-a.test"),
        "outsider": PersonFactory(role="member_staff", office=office_a,
                                  email="someone@elsewhere.test"),
        "of_b": PersonFactory(role="member_staff", office=office_b,
                              email="moved@office-a.test"),
        "officer": PersonFactory(role="secretariat", email="officer@secretariat.test",
                                 totp_secret=pyotp.random_base32()),
    }
    provider_a = oidc_signin.register_provider(admin, {
        "office": office_a, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "office-a.test"})
    provider_s = oidc_signin.register_provider(admin, {
        "office": None, "for_secretariat": True, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "secretariat.test"})
    db.session.commit()
    return {"a": office_a, "b": office_b, "admin": admin, "provider_a": provider_a,
            "provider_s": provider_s, **people}
