"""How the audit log words the records package's actions and objects (registered into
network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.records.models import RecordsExport
from network.records.rules import is_erased

words.register_actions({
    "records.export_requested": "Asked for a hand-over export of the whole record",
    "records.export_built": "Built a hand-over export of the whole record",
    "records.export_failed": "Could not build a hand-over export",
    "records.export_downloaded": "Downloaded a hand-over export",
    "records.exported_by_cli": "Exported the whole record from the command line",
    "records.subject_access": "Downloaded a person's data (subject access)",
    "records.retention_applied": "Removed sign-in records and email bodies past their "
                                 "retention period",
    "person.erased": "Erased the name and contact details of a person who has left",
})
words.register_object_type("records_export", "hand-over export", RecordsExport)
words.register_erasure("person", is_erased)
