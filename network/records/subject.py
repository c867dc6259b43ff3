"""A person's own data as a download (subject access): every row that points at them, their
sign-in records, the emails sent to them and the audit entries by or about them, as JSON and
CSV in one zip. Read-only: the caller audits the request."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import or_, select

from network.audit import AuditEntry
from network.email import OutboxEmail
from network.extensions import db
from network.members.models import Person, SignInAttempt
from network.records import serialise
from network.records.tables import OMITTED_COLUMNS

# Credentials are never in a download, even of one's own data.
NEVER = {("user_session", "token_hash"), ("one_time_link", "token_hash"),
         *OMITTED_COLUMNS}

README = """Your data held by the {network} portal
{underline}

This download holds everything the portal stores about {name} (person {id}):

- person.json / person.csv: your account (email, name, job title, role, office, dates).
- One pair of files per kind of record that names you, for example the items you submitted,
  your replies to meeting invitations, the actions you own, your sign-in sessions
  (user_session: when, from which address and browser) and the API tokens you created.
- sign_in_attempt: password attempts made with your email address.
- outbox_email: the emails the portal sent you (address, subject, when; the bodies are left
  out because they held sign-in links).
- audit_entry: every change you made and every change made to your account.

JSON files hold a list of records; CSV files hold the same with a header row. Timestamps are
in UTC. Passwords, security-code secrets and sign-in tokens are never included.
Docs: docs/data-protection.md in the portal's source says how long each kind is kept.
"""


def _rows(table, where) -> tuple[list[str], list[dict]]:
    columns = [c for c in table.columns if (table.name, c.name) not in NEVER]
    rows = [{c.name: serialise.to_plain(c, v) for c, v in zip(columns, row, strict=True)}
            for row in db.session.execute(select(*columns).where(where))]
    key = [c.name for c in table.primary_key.columns]
    rows.sort(key=lambda row: serialise.sort_key(row, key))
    return [c.name for c in columns], rows


def person_records(person: Person) -> dict[str, tuple[list[str], list[dict]]]:
    """Every kind of record about the person: table name -> (columns, rows)."""
    person_table = Person.__table__
    found = {"person": _rows(person_table, person_table.c.id == person.id)}
    for table in db.metadata.sorted_tables:
        if table.name in ("person", "audit_entry", "records_export"):
            continue
        links = [fk.parent for fk in table.foreign_keys if fk.column.table is person_table]
        if links:
            columns, rows = _rows(table, or_(*(c == person.id for c in links)))
            if rows:
                found[table.name] = (columns, rows)
    audit_table = AuditEntry.__table__
    found["audit_entry"] = _rows(audit_table, or_(
        audit_table.c.actor_id == person.id,
        (audit_table.c.object_type == "person") & (audit_table.c.object_id == str(person.id))))
    found["sign_in_attempt"] = _rows(SignInAttempt.__table__,
                                     SignInAttempt.__table__.c.email == person.email)
    outbox = OutboxEmail.__table__
    found["outbox_email"] = _rows(outbox,
                                  outbox.c.to_address == person.email)
    return found


def person_zip(person: Person, network_name: str) -> bytes:
    """The subject access download: README.txt, then JSON and CSV per kind of record."""
    title = f"Your data held by the {network_name} portal"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(
            network=network_name, underline="=" * len(title), name=person.name, id=person.id))
        for name, (columns, rows) in sorted(person_records(person).items()):
            archive.writestr(f"{name}.json", serialise.dumps(rows) + "\n")
            archive.writestr(f"{name}.csv", serialise.csv_bytes(columns, rows))
    return buffer.getvalue()
