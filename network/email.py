"""The email outbox: queue_email() inside the transaction, deliver_pending() after commit."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, render_template
from flask_mail import Message
from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from network.db import utcnow
from network.extensions import db

PENDING, SENT, FAILED = "pending", "sent", "failed"


class OutboxEmail(db.Model):
    """One email to send; the unique key makes queuing idempotent."""

    __tablename__ = "outbox_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


def _render_bodies(template: str, **context) -> tuple[str, str]:
    """The text and HTML bodies; outside a request (scheduler, CLI) url_for still works."""
    names = (f"email/{template}.txt", f"email/{template}.html")
    if has_request_context():
        return tuple(render_template(name, **context) for name in names)
    # Links are written as {{ base_url }}{{ url_for(...) }}: url_for needs a request to build
    # paths, so lend it one on the site root of the configured address.
    parts = urlsplit(current_app.config["SERVER_NAME_FOR_EMAIL"])
    with current_app.test_request_context("/", base_url=f"{parts.scheme}://{parts.netloc}/"):
        return tuple(render_template(name, **context) for name in names)


def queue_email(key: str, to: str, subject: str, template: str, **context) -> OutboxEmail:
    """Queue an email rendered from email/<template>.txt and .html; a repeated key queues once."""
    existing = db.session.scalar(select(OutboxEmail).where(OutboxEmail.key == key))
    if existing is not None:
        return existing
    context.setdefault("network_name", current_app.config["NETWORK_NAME"])
    context.setdefault("base_url", current_app.config["SERVER_NAME_FOR_EMAIL"].rstrip("/"))
    text_body, html_body = _render_bodies(template, subject=subject, **context)
    email = OutboxEmail(
        key=key,
        to_address=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
    )
    db.session.add(email)
    db.session.flush()
    if has_request_context():
        g.setdefault("outbox_ids", []).append(email.id)
    return email


def _smtp_connection() -> smtplib.SMTP:
    """Open an SMTP connection with a timeout and, where asked, verified TLS."""
    cfg = current_app.config
    context = ssl.create_default_context()
    timeout = cfg["MAIL_TIMEOUT"]
    if cfg["MAIL_USE_SSL"]:
        conn: smtplib.SMTP = smtplib.SMTP_SSL(
            cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=timeout, context=context
        )
    else:
        conn = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=timeout)
        if cfg["MAIL_USE_TLS"]:
            conn.starttls(context=context)
    if cfg["MAIL_USERNAME"]:
        conn.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
    return conn


def _as_message(email: OutboxEmail) -> Message:
    message = Message(
        subject=email.subject,
        recipients=[email.to_address],
        body=email.text_body,
        html=email.html_body,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.extra_headers = {"X-Network-Outbox-Key": email.key}
    return message


def deliver_pending(ids: list[int] | None = None, limit: int = 200) -> tuple[int, int]:
    """Send pending emails (all, or just `ids`); returns (sent, failed). Commits per email."""
    cfg = current_app.config
    query = (
        select(OutboxEmail)
        .where(OutboxEmail.status == PENDING, OutboxEmail.attempts < cfg["MAIL_MAX_ATTEMPTS"])
        .order_by(OutboxEmail.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(OutboxEmail.id.in_(ids))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    emails = db.session.scalars(query).all()
    sent = failed = 0
    if not emails:
        db.session.rollback()
        return 0, 0
    conn = None
    for email in emails:
        email.attempts += 1
        try:
            if cfg["MAIL_BACKEND"] == "log":
                current_app.logger.warning(
                    "Email to %s: %s\n%s", email.to_address, email.subject, email.text_body
                )
            else:
                conn = conn or _smtp_connection()
                message = _as_message(email)
                conn.sendmail(message.sender, [email.to_address], message.as_bytes())
        except (OSError, smtplib.SMTPException) as exc:
            email.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if email.attempts >= cfg["MAIL_MAX_ATTEMPTS"]:
                email.status = FAILED
            failed += 1
            conn = None
        else:
            email.status = SENT
            email.sent_at = utcnow()
            email.last_error = ""
            sent += 1
    db.session.commit()
    if conn is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            conn.quit()
    return sent, failed


def deliver_after_request(response):
    """After the view has committed, try to send what this request queued."""
    ids = g.pop("outbox_ids", None)
    if ids and current_app.config["MAIL_DELIVER_ON_COMMIT"] and response.status_code < 400:
        try:
            deliver_pending(ids)
        except Exception:  # noqa: BLE001 - delivery must never break the page; rows stay pending
            db.session.rollback()
            current_app.logger.exception("outbox delivery after request failed")
    return response
