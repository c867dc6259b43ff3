"""Sealing a ballot for the time between its cast and the close of the ballot.

The sealed ballot is written in the same transaction as the roll entry (so an office is on the
roll exactly when its ballot is in the box), which on PostgreSQL gives both rows one `xmin`: the
seal is what keeps the preferences unreadable to anyone who reads the tables then. The key is
per election, derived from the configuration (BALLOT_KEY, else SECRET_KEY), never stored in the
database. Every sealed ballot of an election has the same length, so the length of a ranking
does not show either.

The construction uses the standard library only: a keystream from keyed BLAKE2b over
(nonce, block counter), XORed with the padded ballot, then HMAC-SHA256 over the election, the
nonce and the ciphertext (encrypt-then-MAC), checked in constant time before anything is read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from flask import current_app

VERSION = b"\x01"
NONCE_BYTES = 16
TAG_BYTES = 32
BLOCK = 64  # BLAKE2b's largest digest; also the padding step


class SealBroken(ValueError):
    """A sealed ballot that does not open with the election's key: altered, or a wrong key."""


def election_key(election_id: int) -> bytes:
    """The election's sealing key, from the configuration (never from the database)."""
    master = (current_app.config.get("BALLOT_KEY") or "").encode() or (
        b"secret-key:" + current_app.config["SECRET_KEY"].encode())
    return hmac.new(master, f"ukmn ballot seal v1 election {election_id}".encode(),
                    hashlib.sha256).digest()


def padded_width(candidate_ids: list[int]) -> int:
    """A length every ranking of these candidates fits in, a multiple of BLOCK."""
    longest = len(_encode(sorted(candidate_ids)))
    return BLOCK * (longest // BLOCK + 1)


def _encode(ranking: list[int]) -> bytes:
    return json.dumps(list(ranking), separators=(",", ":")).encode()


def _subkey(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, purpose, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    enc = _subkey(key, b"encrypt")
    blocks = (hashlib.blake2b(nonce + i.to_bytes(8, "big"), key=enc, digest_size=BLOCK).digest()
              for i in range(-(-length // BLOCK)))
    return b"".join(blocks)[:length]


def _tag(key: bytes, election_id: int, body: bytes) -> bytes:
    context = f"election {election_id}:".encode()
    return hmac.new(_subkey(key, b"authenticate"), context + body, hashlib.sha256).digest()


def seal(election_id: int, ranking: list[int], width: int) -> bytes:
    """The ranking padded to `width` bytes, encrypted and authenticated for this election."""
    plain = _encode(ranking)
    if len(plain) > width:
        raise ValueError("the ranking is longer than the election's sealed width")
    plain += b" " * (width - len(plain))
    key, nonce = election_key(election_id), secrets.token_bytes(NONCE_BYTES)
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(key, nonce, width), strict=True))
    body = VERSION + nonce + cipher
    return body + _tag(key, election_id, body)


def unseal(election_id: int, sealed: bytes) -> list[int]:
    """The ranking inside a sealed ballot of this election; SealBroken if it does not open."""
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    key = election_key(election_id)
    if (len(body) <= 1 + NONCE_BYTES or body[:1] != VERSION
            or not hmac.compare_digest(tag, _tag(key, election_id, body))):
        raise SealBroken("a sealed ballot does not open with this election's key")
    nonce, cipher = body[1:1 + NONCE_BYTES], body[1 + NONCE_BYTES:]
    plain = bytes(a ^ b for a, b in zip(cipher, _keystream(key, nonce, len(cipher)),
                                        strict=True))
    ranking = json.loads(plain.decode())
    if not isinstance(ranking, list) or not all(isinstance(i, int) for i in ranking):
        raise SealBroken("a sealed ballot holds no ranking")
    return ranking
