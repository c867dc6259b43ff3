"""TOTP (RFC 6238) enrolment and checks; each code is accepted once."""

from __future__ import annotations

import time

import pyotp
import segno
from flask import current_app

VALID_WINDOW = 1  # accept the previous and next 30-second step for clock drift


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI that authenticator apps read."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=email, issuer_name=current_app.config["TOTP_ISSUER"]
    )


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup (no external image)."""
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", title="QR code for your app")


def matching_step(secret: str, code: str, last_step: int | None, now: float | None = None):
    """Return the time step a code matches, or None; codes at or before last_step are refused."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = int(now // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
