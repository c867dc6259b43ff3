"""The forward-agenda digest: personal to the person and their office, built for a batch of
people with a fixed number of queries (each section runs its own few for the whole batch), so
the cost per digest does not grow with people or meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from network import time as network_time
from network.digest.sections import SECTIONS
from network.digest_parts import Section, Window, portal
from network.email import link_context
from network.members.models import DigestFrequency, Person
from network.web import public_address
from network.workplan.meetings.working_days import is_working_day, previous_working_day

SEND_HOUR = 7
HORIZON_DAYS = 28
SALT = "digest-preference"


@dataclass
class Digest:
    """One person's digest for one period, ready to render (email/digest.txt and .html)."""

    person: Person
    frequency: DigestFrequency
    window: Window
    sections: list[Section] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The outbox key: person, kind and period, so each period's digest queues once."""
        return f"digest:{self.person.id}:{self.frequency.value}:{self.window.at:%Y-%m-%d}"

    @property
    def subject(self) -> str:
        """The email's subject line."""
        day = f"{self.window.at:%-d %B %Y}"
        if self.frequency == DigestFrequency.DAILY:
            return f"Your daily digest for {day}"
        return f"Your weekly digest for the week of {day}"

    @property
    def is_empty(self) -> bool:
        """Nothing to say: no email is sent."""
        return not self.sections

    @property
    def unsubscribe_url(self) -> str:
        """The signed one-click link that stops the digest (RFC 8058)."""
        return unsubscribe_url(self.person)

    @property
    def preference_url(self) -> str:
        """The page (signed in) to choose weekly, daily or none."""
        return portal("digest.preference")

    def headers(self) -> dict[str, str]:
        """List-Unsubscribe with its one-click POST (RFC 2369, RFC 8058)."""
        host = urlsplit(public_address()).hostname or "localhost"
        return {"List-Unsubscribe": f"<{self.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{current_app.config['NETWORK_NAME']} digest <digest.{host}>"}


def window_for(frequency: DigestFrequency, at: datetime) -> Window:
    """The window of a digest sent at `at`: news since the previous digest of that frequency
    (the Monday before, or the working day before), meetings for the next four weeks."""
    day = network_time.local(at).date()
    if frequency == DigestFrequency.DAILY:
        previous = previous_working_day(day)
    else:
        previous = day - timedelta(days=7)
    since = network_time.at(previous, SEND_HOUR).astimezone(UTC)
    return Window(at=network_time.at(day, SEND_HOUR), since=since, today=day,
                  horizon=day + timedelta(days=HORIZON_DAYS))


def due_frequencies(at: datetime) -> list[DigestFrequency]:
    """Who gets a digest on this day: weekly people on Mondays, daily people on working
    days."""
    day = network_time.local(at).date()
    due = []
    if day.weekday() == 0:
        due.append(DigestFrequency.WEEKLY)
    if is_working_day(day):
        due.append(DigestFrequency.DAILY)
    return due


def next_send(frequency: DigestFrequency, now: datetime) -> datetime:
    """When the next digest of this frequency goes (07:00 local on the next day it is due)."""
    local = network_time.local(now)
    day = local.date() if local.hour < SEND_HOUR else local.date() + timedelta(days=1)
    while True:
        if (frequency == DigestFrequency.DAILY and is_working_day(day)) or (
                frequency != DigestFrequency.DAILY and day.weekday() == 0):
            return network_time.at(day, SEND_HOUR)
        day += timedelta(days=1)


def build_digests(people: list[Person], frequency: DigestFrequency,
                  at: datetime) -> list[Digest]:
    """The digests of a batch of people for one frequency and day; each section's queries run
    once for the whole batch."""
    window = window_for(frequency, at)
    digests = {p.id: Digest(p, frequency, window) for p in people}
    with link_context():
        for section in SECTIONS:
            for person_id, part in section(people, window).items():
                digests[person_id].sections.append(part)
    for digest in digests.values():
        digest.sections.sort(key=lambda s: s.order)
    return [digests[p.id] for p in people]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(person: Person) -> str:
    """A signed token naming the person (and their address, so a reused id does not match)."""
    return _serializer().dumps({"p": person.id, "e": person.email})


def unsubscribe_url(person: Person) -> str:
    """The absolute one-click link for the person."""
    with link_context():
        return portal("digest.unsubscribe", token=unsubscribe_token(person))


def person_id_from_token(token: str) -> tuple[int, str] | None:
    """The (person id, address) a token was signed for; None if it is not ours."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(
            data.get("e"), str):
        return None
    return data["p"], data["e"]
