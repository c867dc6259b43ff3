"""The append-only logs of votes (an election's, a motion's): each entry holds the hash of the
one before. `append`, `entries` and `verify` serve elections; the `motion_*` functions the same
chain for a motion's vote."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from network.db import utcnow
from network.extensions import db
from network.governance.elections.models import Election
from network.governance.motions.models import Motion
from network.governance.voting.models import ElectionLogEntry, MotionLogEntry

GENESIS = "0" * 64


@dataclass(frozen=True)
class Chain:
    """One kind of log: its entry model, the column naming its owner, and the owner's model."""

    entry: type
    owner_column: str
    owner: type


ELECTIONS = Chain(ElectionLogEntry, "election_id", Election)
MOTIONS = Chain(MotionLogEntry, "motion_id", Motion)


def entry_digest(prev_hash: str, seq: int, at: datetime, action: str, data: dict) -> str:
    """The SHA-256 of an entry's content and the previous entry's hash."""
    body = json.dumps({"prev": prev_hash, "seq": seq, "at": at.isoformat(timespec="microseconds"),
                       "action": action, "data": data}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def _lock(chain: Chain, owner_id: int) -> None:
    """Hold the owner's row until the transaction ends, so its log grows one entry at a time.

    Two requests that both read the last entry and append `seq + 1` would collide on the
    unique (owner, seq) key; with the row locked (SELECT ... FOR UPDATE on PostgreSQL) the
    second waits, then reads the first one's entry. FOR NO KEY UPDATE (`key_share`), because
    rows that merely reference the owner (a roll entry's foreign key) take KEY SHARE locks,
    which FOR UPDATE would wait on: two casts would deadlock. SQLite has no row locks, but it
    lets one writer at a time into the file, and a transaction only reads the log after its
    first write, so it already sees every committed entry."""
    db.session.execute(select(chain.owner.id).where(chain.owner.id == owner_id)
                       .with_for_update(key_share=True))


def lock_election(election_id: int) -> None:
    """Hold the election's row until the transaction ends (see `_lock`)."""
    _lock(ELECTIONS, election_id)


def _append(chain: Chain, owner_id: int, action: str, data: dict | None):
    _lock(chain, owner_id)
    column = getattr(chain.entry, chain.owner_column)
    last = db.session.scalar(select(chain.entry).where(column == owner_id)
                             .order_by(chain.entry.seq.desc()).limit(1))
    seq = last.seq + 1 if last else 1
    prev = last.entry_hash if last else GENESIS
    at = utcnow()
    data = json.loads(json.dumps(data or {}, default=str))
    entry = chain.entry(**{chain.owner_column: owner_id}, seq=seq, at=at, action=action,
                        data=data, prev_hash=prev,
                        entry_hash=entry_digest(prev, seq, at, action, data))
    db.session.add(entry)
    db.session.flush()
    return entry


def _entries(chain: Chain, owner_id: int) -> list:
    column = getattr(chain.entry, chain.owner_column)
    return list(db.session.scalars(select(chain.entry).where(column == owner_id)
                                   .order_by(chain.entry.seq)))


def _verify(chain: Chain, owner_id: int) -> tuple[bool, str]:
    prev, expected_seq = GENESIS, 1
    rows = _entries(chain, owner_id)
    for row in rows:
        if row.seq != expected_seq:
            return False, f"entry {expected_seq} is missing (found {row.seq})"
        if row.prev_hash != prev:
            return False, f"entry {row.seq} does not point at entry {row.seq - 1}"
        digest = entry_digest(row.prev_hash, row.seq, row.at, row.action, row.data)
        if digest != row.entry_hash:
            return False, f"entry {row.seq} ({row.action}) was altered"
        prev, expected_seq = row.entry_hash, expected_seq + 1
    return True, f"{len(rows)} entries, chain intact"


def append(election_id: int, action: str, data: dict | None = None) -> ElectionLogEntry:
    """Add the next entry of an election's log (in the caller's transaction)."""
    return _append(ELECTIONS, election_id, action, data)


def entries(election_id: int) -> list[ElectionLogEntry]:
    """An election's log, in order."""
    return _entries(ELECTIONS, election_id)


def verify(election_id: int) -> tuple[bool, str]:
    """Check every link of an election's chain; returns (ok, a sentence saying where it breaks)."""
    return _verify(ELECTIONS, election_id)


def motion_append(motion_id: int, action: str, data: dict | None = None) -> MotionLogEntry:
    """Add the next entry of a motion's log (in the caller's transaction)."""
    return _append(MOTIONS, motion_id, action, data)


def motion_entries(motion_id: int) -> list[MotionLogEntry]:
    """A motion's log, in order."""
    return _entries(MOTIONS, motion_id)


def motion_verify(motion_id: int) -> tuple[bool, str]:
    """Check every link of a motion's chain; returns (ok, a sentence saying where it breaks)."""
    return _verify(MOTIONS, motion_id)
