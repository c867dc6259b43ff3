"""Member offices, people, sessions, sign-in attempts, one-time links, API tokens and the
offices' own identity providers."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from network.db import TimestampMixin, enum_column, utcnow
from network.extensions import db


class OfficeKind(enum.StrEnum):
    """The legal kind of a member's mayoral authority."""

    MCA = "mayoral_combined_authority"
    CCA = "combined_county_authority"
    GLA = "greater_london_authority"
    LOCAL = "local_authority_mayor"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {
            "mayoral_combined_authority": "Mayoral combined authority",
            "combined_county_authority": "Combined county authority",
            "greater_london_authority": "Greater London Authority",
            "local_authority_mayor": "Local authority mayor",
        }[self.value]


class OfficeStatus(enum.StrEnum):
    """Membership standing of an office."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return self.value.capitalize()


class Role(enum.StrEnum):
    """What a person may do; see members/policy.py."""

    SECRETARIAT_ADMIN = "secretariat_admin"
    SECRETARIAT = "secretariat"
    MEMBER_LEAD = "member_lead"
    MEMBER_STAFF = "member_staff"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {
            "secretariat_admin": "Secretariat admin",
            "secretariat": "Secretariat officer",
            "member_lead": "Member office lead",
            "member_staff": "Member office staff",
            "observer": "Observer",
        }[self.value]

    @property
    def is_secretariat(self) -> bool:
        """Secretariat roles sign in with TOTP and belong to no office."""
        return self in (Role.SECRETARIAT_ADMIN, Role.SECRETARIAT)

    @property
    def is_member(self) -> bool:
        """Member roles belong to exactly one office."""
        return self in (Role.MEMBER_LEAD, Role.MEMBER_STAFF)


class DigestFrequency(enum.StrEnum):
    """How often a person gets the forward-agenda digest by email."""

    WEEKLY = "weekly"  # Monday 07:00
    DAILY = "daily"  # 07:00 on working days
    NONE = "none"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"weekly": "Weekly, on Monday morning",
                "daily": "Daily, on working-day mornings", "none": "Never"}[self.value]


class Office(TimestampMixin, db.Model):
    """A member mayoral office: one vote in every election and motion."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[OfficeKind] = mapped_column(enum_column(OfficeKind))
    region: Mapped[str] = mapped_column(String(120), default="")
    mayor_name: Mapped[str] = mapped_column(String(200), default="")
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    status: Mapped[OfficeStatus] = mapped_column(enum_column(OfficeStatus),
                                                 default=OfficeStatus.ACTIVE)
    voter_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", use_alter=True, name="fk_office_voter_id_person")
    )
    substitute_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", use_alter=True, name="fk_office_substitute_id_person")
    )

    people: Mapped[list[Person]] = relationship(
        back_populates="office", foreign_keys="Person.office_id", lazy="raise",
        order_by="Person.name",
    )
    voter: Mapped[Person | None] = relationship(foreign_keys=[voter_id], lazy="raise",
                                                post_update=True)
    substitute: Mapped[Person | None] = relationship(foreign_keys=[substitute_id], lazy="raise",
                                                     post_update=True)

    def __str__(self) -> str:
        return self.name


class Person(TimestampMixin, db.Model):
    """Someone who signs in: secretariat, member office staff or observer."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    is_active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    totp_enrolled_at: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    digest_frequency: Mapped[DigestFrequency] = mapped_column(
        enum_column(DigestFrequency), default=DigestFrequency.WEEKLY,
        server_default=DigestFrequency.WEEKLY.value)

    office: Mapped[Office | None] = relationship(
        back_populates="people", foreign_keys=[office_id], lazy="raise"
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return (value or "").strip().lower()

    # Flask-Login's user protocol (the session id, not the person id, is what is remembered)
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Flask-Login identity; sessions are looked up by the server-side session id."""
        return str(self.id)

    @property
    def needs_totp(self) -> bool:
        """Secretariat roles must pass a TOTP check at sign-in."""
        return self.role.is_secretariat

    @property
    def has_password(self) -> bool:
        """Whether the person has accepted their invitation and set a password."""
        return bool(self.password_hash)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class UserSession(db.Model):
    """A server-side sign-in session; ending it signs that browser out."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    reauthenticated_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str] = mapped_column(String(40), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    person: Mapped[Person] = relationship(lazy="select")


class SignInAttempt(db.Model):
    """One password attempt, kept in the database so throttling works across workers."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    ip_address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    succeeded: Mapped[bool] = mapped_column(default=False)


class OneTimeLink(db.Model):
    """An invitation or password-reset link: signed, expiring and usable once."""

    __tablename__ = "one_time_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(lazy="raise")


class ApiToken(db.Model):
    """A member office's API token, stored hashed and shown once."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    office: Mapped[Office] = relationship(lazy="raise")
    created_by: Mapped[Person] = relationship(lazy="raise")

    def __str__(self) -> str:
        return f"API token {self.name} ({self.prefix}…)"


class IdentityProvider(TimestampMixin, db.Model):
    """An office's own OpenID Connect provider (or the secretariat's, with no office): who it
    may sign in, and the endpoints its discovery document named when it was registered."""

    __tablename__ = "identity_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), unique=True)
    serves_secretariat: Mapped[bool] = mapped_column(default=False)
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    secret_name: Mapped[str] = mapped_column(String(60), default="")  # OIDC_SECRET_<name>
    secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    allowed_domains: Mapped[str] = mapped_column(String(2000), default="")  # one a line
    trust_provider_mfa: Mapped[bool] = mapped_column(default=False)
    authorization_endpoint: Mapped[str] = mapped_column(String(500))
    token_endpoint: Mapped[str] = mapped_column(String(500))
    jwks_uri: Mapped[str] = mapped_column(String(500))
    end_session_endpoint: Mapped[str] = mapped_column(String(500), default="")

    office: Mapped[Office | None] = relationship(lazy="raise")

    @property
    def domains(self) -> list[str]:
        """The email domains this provider may sign people in from."""
        return [d for d in self.allowed_domains.split("\n") if d]

    def __str__(self) -> str:
        return f"Identity provider {self.issuer}"


class OidcLogin(db.Model):
    """One sign-in through a provider between leaving the portal and coming back: its state,
    nonce and PKCE verifier, used once."""

    __tablename__ = "oidc_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id",
                                                        ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    used_at: Mapped[datetime | None]

    provider: Mapped[IdentityProvider] = relationship(lazy="raise")
