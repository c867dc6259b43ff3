"""Which tables and columns the export holds, driven by the SQLAlchemy metadata, and the few
it leaves out on purpose (credentials and host-bound secrets); `OMITTED_*` say why, and the
export's README repeats it."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table

from network.extensions import db


@dataclass(frozen=True)
class Omission:
    """A table or column left out of the export, why, and what a restore puts in its place."""

    reason: str
    restored_as: Callable[[], object] | None = None
    restored_note: str = "left empty"


def _unusable_hash() -> str:
    # "!" is never a hex digit, so no token's SHA-256 can ever match a restored row
    return "!" + secrets.token_hex(31)


OMITTED_TABLES: dict[str, Omission] = {
    "user_session": Omission(
        "Sign-in sessions: each row is a live credential for a browser signed in to this "
        "host. After a restore everyone signs in again."),
    "one_time_link": Omission(
        "Invitation and password-reset links: each is a credential. After a restore, send "
        "new invitations or ask people to reset their password."),
    "sealed_ballot": Omission(
        "Ballots of an election whose ballot is still open, sealed with this host's "
        "BALLOT_KEY. They become anonymised ballot papers when the ballot closes; export "
        "after every open ballot has closed to carry them over."),
    "records_export": Omission(
        "This host's own export jobs and the files they point at; not part of the record."),
    "stored_file": Omission(
        "The stored files themselves, where the portal keeps them in its database: the "
        "export carries each as files/<SHA-256> instead, whichever storage backend is used."),
    "stored_file_chunk": Omission("The content of the stored files, carried as files/."),
}

OMITTED_COLUMNS: dict[tuple[str, str], Omission] = {
    ("person", "password_hash"): Omission(
        "Password hashes could be attacked offline by whoever holds the export. After a "
        "restore each person sets a new password through 'Forgotten your password?'."),
    ("person", "totp_secret"): Omission(
        "The security-code secret is as good as the code itself. Secretariat staff set up "
        "security codes again at their next sign-in."),
    ("person", "totp_last_step"): Omission("Belongs to the omitted security-code secret."),
    ("person", "totp_enrolled_at"): Omission("Belongs to the omitted security-code secret."),
    ("api_token", "token_hash"): Omission(
        "API token hashes are credentials of member offices' systems. The tokens are listed "
        "but no longer work after a restore: offices create new ones.",
        _unusable_hash, "an unusable value, so the old token no longer works"),
    ("calendar_feed", "token_hash"): Omission(
        "A calendar feed's address is its credential. Feeds are listed but people subscribe "
        "again after a restore.", _unusable_hash, "an unusable value"),
    ("outbox_email", "text_body"): Omission(
        "Email bodies hold invitation, sign-in and password-reset links.", str, "empty"),
    ("outbox_email", "html_body"): Omission(
        "Email bodies hold invitation, sign-in and password-reset links.", str, "empty"),
}


def exported_tables() -> list[Table]:
    """Every table of the metadata the export holds, parents before children."""
    return [t for t in db.metadata.sorted_tables if t.name not in OMITTED_TABLES]


def exported_columns(table: Table) -> list:
    """The table's columns the export holds, in the table's order."""
    return [c for c in table.columns if (table.name, c.name) not in OMITTED_COLUMNS]


def restored_value(table: Table, column) -> object:
    """What a restore writes into an omitted column."""
    omission = OMITTED_COLUMNS[(table.name, column.name)]
    return omission.restored_as() if omission.restored_as else None


def deferred_columns(table: Table) -> list[str]:
    """Foreign keys that may point at a row not yet written (cycles: the office's voter, a
    meeting approving another's minutes, a decision superseding another): written after
    every row is in."""
    names = []
    for fk in table.foreign_keys:
        cyclic = fk.use_alter or fk.constraint.use_alter or fk.column.table is table
        if cyclic and fk.parent.nullable:
            names.append(fk.parent.name)
    return sorted(set(names))
