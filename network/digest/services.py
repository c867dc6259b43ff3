"""Changes the digest makes: a person's choice of how often they get it."""

from __future__ import annotations

from network import audit
from network.errors import ValidationFailed
from network.members.models import DigestFrequency, Person
from network.members.policy import require


def set_frequency(actor: Person | None, person: Person, value: str,
                  via: str = "preference page") -> bool:
    """Set how often the person gets the digest (their own choice, or the signed one-click
    link with no actor); audited; False when it was already so."""
    if actor is not None:
        require(actor, "digest.set_preference")
        if actor.id != person.id:
            raise ValidationFailed("You can only change your own digest", "frequency")
    try:
        frequency = DigestFrequency(value)
    except ValueError as exc:
        raise ValidationFailed("Choose how often you want the digest", "frequency") from exc
    if person.digest_frequency == frequency:
        return False
    before = person.digest_frequency.value
    person.digest_frequency = frequency
    audit.record("digest.preference_changed", actor=actor or person, obj=person,
                 before={"digest_frequency": before},
                 after={"digest_frequency": frequency.value, "via": via})
    return True
