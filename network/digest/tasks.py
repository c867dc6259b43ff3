"""Functions the scheduler calls (network/digest/scheduler.py lists them all, with those of
each domain's tasks.py); each takes the local time it runs as, and is idempotent, so running
one twice does no harm."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from network.digest.digest import Digest, build_digests, due_frequencies, window_for
from network.email import deliver_pending, existing_keys, queue_email
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus
from network.governance.elections.services import ORDER, sync_state
from network.members.models import DigestFrequency, Person

BATCH = 100  # people whose digests are built together (and committed together)


def deliver_outbox(at: datetime | None = None) -> tuple[int, int]:
    """Send the emails that are due: new ones, and failed tries whose back-off has passed."""
    sent, failed = deliver_pending()
    if sent or failed:
        current_app.logger.info("outbox: %s sent, %s failed", sent, failed)
    return sent, failed


def advance_elections(at: datetime | None = None) -> int:
    """Move every published election on to the state its timetable gives at `at` (now)."""
    moved = 0
    now = at.astimezone(UTC) if at is not None else None
    live = [status.value for status in ORDER if status != ElectionStatus.BALLOT_CLOSED]
    for election in db.session.scalars(select(Election).where(
            Election.published_at.is_not(None), Election.status.in_(live))):
        before = election.status
        sync_state(election, now)
        moved += election.status != before
    db.session.commit()
    return moved


def _reader_ids(frequency: DigestFrequency) -> list[int]:
    return list(db.session.scalars(select(Person.id).where(
        Person.is_active.is_(True), Person.digest_frequency == frequency).order_by(Person.id)))


def _readers(ids: list[int]) -> list[Person]:
    """A batch of people, loaded in one query (each batch after a commit loads afresh)."""
    return list(db.session.scalars(select(Person).where(Person.id.in_(ids))
                                   .order_by(Person.id)))


def send_digests(at: datetime) -> str:
    """Queue the digest of everyone due one at `at` (weekly on Mondays, daily on working
    days): built a batch at a time, each queued once per person and period (its key), and
    committed a batch at a time, so a run that dies part-way is finished by the next."""
    queued = already = empty = 0
    for frequency in due_frequencies(at):
        ids = _reader_ids(frequency)
        window = window_for(frequency, at)
        for start in range(0, len(ids), BATCH):
            batch = _readers(ids[start:start + BATCH])
            keys = {p.id: Digest(p, frequency, window).key for p in batch}
            done = existing_keys(list(keys.values()))
            todo = [p for p in batch if keys[p.id] not in done]
            already += len(batch) - len(todo)
            for digest in build_digests(todo, frequency, at):
                if digest.is_empty:
                    empty += 1
                    continue
                queue_email(digest.key, digest.person.email, digest.subject, "digest",
                            headers=digest.headers(), person=digest.person, digest=digest)
                queued += 1
            db.session.commit()
    return f"{queued} digests queued, {already} already queued, {empty} with nothing to say"

