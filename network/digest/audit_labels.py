"""How the audit log words the digest's actions and fields (imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.members.models import DigestFrequency

words.register_actions({
    "digest.preference_changed": "Changed how often they get the digest",
})
words.register_fields(
    labels={"digest_frequency": "Digest", "via": "Changed through"},
    enums={("person", "digest_frequency"): DigestFrequency},
)
