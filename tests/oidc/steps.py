"""The portal's side of a sign-in through the test identity provider, as a browser's test
client does it, and what the tests read back from the database."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from sqlalchemy import func, select

from network.audit import AuditEntry
from network.members.models import UserSession
from tests.oidc import log_in_at_provider

REDIRECT_URI = "http://portal.test/sign-in/office-account/callback"


def start(client, provider, **args) -> str:
    """Choose the provider on the sign-in page; returns the provider's authorization URL."""
    response = client.post("/sign-in/office-account/office?" + urlencode(args),
                           data={"choose-provider": str(provider.id)})
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def come_back(client, back_url: str):
    """The browser arriving at the portal's callback with what the provider sent."""
    parts = urlsplit(back_url)
    assert parts.path == "/sign-in/office-account/callback"
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_through(client, provider, account: str, amr: str = "pwd", rewrite=None):
    """The whole round trip; `rewrite` may change the authorization URL on the way out."""
    url = start(client, provider)
    if rewrite:
        url = rewrite(url)
    return come_back(client, log_in_at_provider(url, account, amr))


def live_sessions(db, person) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.person_id == person.id, UserSession.ended_at.is_(None)))


def refusals(db) -> list[str]:
    return [e.after["reason"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "oidc.refused").order_by(AuditEntry.id))]


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
