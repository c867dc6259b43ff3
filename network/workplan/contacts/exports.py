"""The directory as CSV (safe to open in a spreadsheet) and as vCard 4.0 (RFC 6350): one .vcf
holding every contact selected, for an address book."""

from __future__ import annotations

import csv
import io
import uuid

from network.inputs import clean_text
from network.workplan.actions.exports import safe_cell
from network.workplan.contacts.models import Contact

HEADERS = ["Name", "Organisation", "Role", "Email", "Phone", "Member office", "Workstreams",
           "Meetings"]
LINE_OCTETS = 75  # RFC 6350 3.2: lines longer than this SHOULD be folded


def rows(contacts: list[Contact]) -> list[list[str]]:
    """One list of cell values per contact, in HEADERS order."""
    return [[c.name, c.organisation, c.job_title, c.email, c.phone,
             c.office.name if c.office else "", "; ".join(w.name for w in c.workstreams),
             "; ".join(f"{m.title} ({m.starts_at:%Y-%m-%d})" for m in c.meetings)]
            for c in contacts]


def to_csv(contacts: list[Contact]) -> str:
    """The contacts as CSV text, every field quoted and formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(HEADERS)
    for row in rows(contacts):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def escape_text(value: str) -> str:
    """A vCard text value (RFC 6350 3.4): backslash, comma and semicolon escaped, newlines
    as \\n, control characters dropped."""
    value = clean_text(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n").replace("\t", " ")


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 6350 3.2) without splitting a UTF-8 character;
    continuation lines start with one space. Lines end with CRLF."""
    pieces, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # the leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def card(contact: Contact, address: str) -> str:
    """One vCard 4.0 for the contact; its UID is stable for the contact at this portal."""
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"{address}/contacts/{contact.id}")
    lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual",
             f"FN:{escape_text(contact.name)}", f"UID:urn:uuid:{uid}"]
    organisation = contact.organisation_name
    if organisation:
        lines.append(f"ORG:{escape_text(organisation)}")
    if contact.job_title:
        lines.append(f"TITLE:{escape_text(contact.job_title)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape_text(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;VALUE=text;TYPE=work:{escape_text(contact.phone)}")
    if contact.workstreams:
        lines.append("CATEGORIES:" + ",".join(escape_text(w.name) for w in contact.workstreams))
    if contact.notes:
        lines.append(f"NOTE:{escape_text(contact.notes)}")
    lines.append(f"REV:{contact.updated_at:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def to_vcard(contacts: list[Contact], address: str) -> str:
    """Every contact as one vCard stream (a .vcf file)."""
    return "".join(card(c, address) for c in contacts)
