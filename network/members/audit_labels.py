"""How the audit log words the members domain's actions, objects and fields
(registered into network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.members.models import (
    ApiToken,
    IdentityProvider,
    Office,
    OfficeKind,
    OfficeStatus,
    Person,
    Role,
)

words.register_actions({
    "sign_in.failed": "Failed to sign in",
    "sign_in.password_ok": "Signed in with a password",
    "sign_in.password_refused": "Tried a password; their office signs in with its own accounts",
    "sign_in.success": "Signed in",
    "sign_out": "Signed out",
    "reauthenticate.failed": "Entered the wrong current password",
    "totp.failed": "Entered a wrong security code",
    "totp.ok": "Entered a correct security code",
    "totp.enrol_failed": "Entered a wrong code while setting up security codes",
    "totp.enrolled": "Set up security codes",
    "password.reset_requested": "Asked to reset their password",
    "password.reset_requested_unknown": "Asked to reset a password for an unknown email address",
    "password.reset_refused": "Asked for a password reset; their office signs in with its own "
                              "accounts",
    "password.set": "Set a password",
    "password.set_by_invitation": "Set a password from an invitation",
    "password.set_by_reset": "Set a new password from a reset link",
    "password.changed": "Changed their password",
    "invitation.accepted": "Accepted an invitation",
    "reset.accepted": "Used a password reset link",
    "sessions.ended_others": "Signed out of every other device",
    "office.created": "Added a member office",
    "office.updated": "Changed a member office",
    "office.voter_designated": "Designated the voter and substitute",
    "person.invited": "Invited a person",
    "person.invitation_resent": "Sent an invitation again",
    "person.role_changed": "Changed a person's role",
    "person.deactivated": "Deactivated a person",
    "person.reactivated": "Reactivated a person",
    "person.added_by_cli": "Added a person from the command line",
    "api_token.created": "Created an API token",
    "api_token.revoked": "Revoked an API token",
    "outbox.resend": "Put an email back in the queue to send",
    "demo.loaded": "Loaded the demonstration data",
    "oidc.started": "Went to their office's identity provider to sign in",
    "oidc.succeeded": "Signed in through their office's identity provider",
    "oidc.refused": "Was refused signing in through an identity provider",
    "identity_provider.registered": "Registered an office's identity provider",
    "identity_provider.updated": "Changed an office's identity provider",
    "identity_provider.removed": "Removed an office's identity provider",
    "identity_provider.discovery_changed": "An identity provider's discovery named new "
                                           "endpoints",
})

words.register_object_type("person", "Person", Person, "people.detail",
                           lambda p: {"person_id": p.id}, label=lambda p: p.name)
words.register_object_type("office", "Member office", Office, "offices.detail",
                           lambda o: {"slug": o.slug})
words.register_object_type("apitoken", "API token", ApiToken)
words.register_object_type("outbox_email", "Email")
words.register_object_type("identityprovider", "Identity provider", IdentityProvider,
                           "identity_providers.edit", lambda p: {"provider_id": p.id})

words.register_fields(
    labels={"mayor_name": "Mayor", "joined_on": "Joined", "left_on": "Left",
            "job_title": "Job title", "voter_id": "Designated voter",
            "substitute_id": "Substitute", "created_by_id": "Created by", "prefix": "Starts with",
            "office_id": "Office", "serves_secretariat": "For the secretariat",
            "client_id": "Client ID", "secret_name": "Secret in the configuration",
            "allowed_domains": "Email domains", "trust_provider_mfa": "Trusts its multi-factor",
            "end_session_endpoint": "Sign-out address", "client_secret": "Client secret",
            "provider": "Identity provider", "subject": "Account at the provider",
            "multi_factor_accepted": "Its multi-factor check accepted",
            "authorization_endpoint": "Authorization endpoint",
            "token_endpoint": "Token endpoint", "jwks_uri": "Key set address"},
    references={"provider": "identityprovider", "office_id": "office", "voter_id": "person",
                "substitute_id": "person", "created_by_id": "person"},
    enums={("office", "kind"): OfficeKind, ("office", "status"): OfficeStatus,
           ("person", "role"): Role},
)
