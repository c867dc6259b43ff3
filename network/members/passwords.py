"""Password hashing (argon2id) and the password rules."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

from network.errors import ValidationFailed

_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=2)
def _hasher(fast: bool) -> PasswordHasher:
    if fast:  # only the test suite asks for cheap parameters
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    return PasswordHasher(type=Type.ID)


def hasher() -> PasswordHasher:
    """The argon2id hasher for this app."""
    return _hasher(bool(current_app.config.get("ARGON2_FAST")))


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash, in constant time for a missing hash too."""
    if not password_hash:
        hasher().hash(password)  # keep timing similar for unknown accounts
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the stored hash uses outdated parameters."""
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    path = Path(__file__).parent / "data" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def check_password_rules(password: str, *, email: str = "", name: str = "") -> None:
    """Raise ValidationFailed with a clear message when the password breaks a rule."""
    cfg = current_app.config
    low, high = cfg["PASSWORD_MIN_LENGTH"], cfg["PASSWORD_MAX_LENGTH"]
    if len(password) < low:
        raise ValidationFailed(f"Password must be {low} characters or more", "password")
    if len(password) > high:
        raise ValidationFailed(f"Password must be {high} characters or fewer", "password")
    if any(ord(ch) < 32 for ch in password):
        raise ValidationFailed("Password must not contain control characters", "password")
    lowered = password.lower()
    core = _TRAILING_NOISE.sub("", lowered)
    words = common_passwords()
    if lowered in words or (len(core) >= 4 and core in words) or len(set(lowered)) <= 3:
        raise ValidationFailed(
            "This password is too common. Choose one that is hard to guess, such as three "
            "random words", "password",
        )
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        raise ValidationFailed("Password must not contain your email address", "password")
    for part in name.lower().split():
        if len(part) >= 4 and part in lowered and len(lowered) - len(part) < 8:
            raise ValidationFailed("Password must not be based on your name", "password")
