"""Sealing a ballot for the time between its cast and the close of the ballot.

The sealed ballot is written in the same transaction as the roll entry (so an office is on the
roll exactly when its ballot is in the box), which on PostgreSQL gives both rows one `xmin`: the
seal is what keeps the preferences unreadable to anyone who reads the tables then. The key is
per election, derived from the configuration (BALLOT_KEY, else SECRET_KEY), never stored in the
database. Every sealed ballot of an election has the same length, so the length of a ranking
does not show either.

The seal is AES-256-GCM (the `cryptography` package): a fresh 96-bit nonce per ballot, the
election named in the associated data so a sealed ballot cannot be moved to another election,
and the tag checked before anything is read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

VERSION = b"\x02"
NONCE_BYTES = 12
BLOCK = 64  # the padding step: every sealed ballot of an election has the same length


class SealBroken(ValueError):
    """A sealed ballot that does not open with the election's key: altered, or a wrong key."""


def election_key(election_id: int, scope: str = "election") -> bytes:
    """The sealing key of an election (or, with scope "motion", a motion's secret vote), from
    the configuration (never from the database)."""
    master = (current_app.config.get("BALLOT_KEY") or "").encode() or (
        b"secret-key:" + current_app.config["SECRET_KEY"].encode())
    return hmac.new(master, f"ukmn ballot seal v1 {scope} {election_id}".encode(),
                    hashlib.sha256).digest()


def padded_width(candidate_ids: list[int]) -> int:
    """A length every ranking of these candidates fits in, a multiple of BLOCK."""
    longest = len(_encode(sorted(candidate_ids)))
    return BLOCK * (longest // BLOCK + 1)


def _encode(ranking: list[int]) -> bytes:
    return json.dumps(list(ranking), separators=(",", ":")).encode()


def _context(election_id: int, scope: str) -> bytes:
    return f"ukmn ballot, {scope} {election_id}".encode()


def seal(election_id: int, ranking: list, width: int, scope: str = "election") -> bytes:
    """The ranking padded to `width` bytes, encrypted and authenticated for this election."""
    plain = _encode(ranking)
    if len(plain) > width:
        raise ValueError("the ranking is longer than the election's sealed width")
    plain += b" " * (width - len(plain))
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = AESGCM(election_key(election_id, scope)).encrypt(nonce, plain,
                                                          _context(election_id, scope))
    return VERSION + nonce + cipher


def unseal(election_id: int, sealed: bytes, scope: str = "election") -> list:
    """The ranking inside a sealed ballot of this election; SealBroken if it does not open."""
    if len(sealed) <= 1 + NONCE_BYTES or sealed[:1] != VERSION:
        raise SealBroken("a sealed ballot does not open with this election's key")
    nonce, cipher = sealed[1:1 + NONCE_BYTES], sealed[1 + NONCE_BYTES:]
    try:
        plain = AESGCM(election_key(election_id, scope)).decrypt(nonce, cipher,
                                                                 _context(election_id, scope))
    except InvalidTag as exc:
        raise SealBroken("a sealed ballot does not open with this election's key") from exc
    try:
        ranking = json.loads(plain.decode())
    except ValueError as exc:
        raise SealBroken("a sealed ballot holds no ranking") from exc
    if not isinstance(ranking, list) or not all(isinstance(i, int | str) for i in ranking):
        raise SealBroken("a sealed ballot holds no ranking")
    if scope == "election" and not all(isinstance(i, int) for i in ranking):
        raise SealBroken("a sealed ballot holds no ranking")
    return ranking
