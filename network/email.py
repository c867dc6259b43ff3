"""The email outbox: queue_email() inside the transaction; deliver_pending() from the scheduler
or `network mail deliver`, never inside a web request (rule 6 of DESIGN.md).

Every email is a row with a unique key (person, kind, period or object): queuing is one
`INSERT ... ON CONFLICT (key) DO NOTHING` (SQLite and PostgreSQL alike), never a
read-then-insert, so a job that runs twice, or two schedulers at once, queue it once. Each row is
claimed (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: a committed conditional UPDATE) before
SMTP is spoken and marked sent (committed) as soon as the server accepts it, so two deliverers
never send one row and a deliverer that dies re-sends nothing it had finished. A failed try waits
30 s, doubling to 2 h, and after MAIL_MAX_ATTEMPTS (10) tries the row is `failed`, shown to the
secretariat to resend. Bodies holding a secret (sign-in links) are wiped once sent."""

from __future__ import annotations

import contextlib
import hashlib
import smtplib
import ssl
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template
from flask_mail import BadHeaderError, Connection, Message
from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    Text,
    and_,
    case,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from network import audit
from network.db import utcnow
from network.errors import DomainError
from network.extensions import db, mail
from network.web import public_address

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATUSES = (PENDING, SENT, FAILED)
WIPED = "(Removed once sent: this email held a personal link.)"
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=2)

# Every kind of email the portal sends (an outbox key's first part) and its name in the outbox:
# the kind filter offers these, so it never scans the outbox. A sender's kind is declared here
# (tests/members/test_outbox.py reads every queue_email call and checks it is).
KINDS = {
    "invitation": "Invitation to the portal",
    "reset": "Password reset",
    "meeting-invitation": "Meeting invitation",
    "meeting-changed": "Meeting changed",
    "meeting-uninvited": "No longer invited to a meeting",
    "meeting-cancelled": "Meeting cancelled",
    "agenda-published": "Agenda published",
    "papers-updated": "Papers updated",
    "deadline-reminder": "Item deadline reminder",
    "item-accepted": "Item accepted",
    "item-deferred": "Item deferred",
    "item-declined": "Item declined",
    "minutes-draft": "Draft minutes",
    "overdue-actions": "Overdue actions",
    "query-overdue": "Overdue query",
    "nominations-closing": "Nominations closing",
    "ballot-closing": "Election vote reminder",
    "motion-closing": "Written vote reminder",
    "digest": "Digest",
}


class OutboxEmail(db.Model):
    """One email to send; the unique key makes queuing idempotent."""

    __tablename__ = "outbox_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="", server_default="", index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # An iCalendar attachment (RFC 5546 REQUEST or CANCEL) and extra headers (List-Unsubscribe)
    ics: Mapped[str] = mapped_column(Text, default="", server_default="")
    ics_method: Mapped[str] = mapped_column(String(10), default="", server_default="")
    headers: Mapped[dict | None] = mapped_column(JSON, default=dict)
    # bodies wiped once sent
    is_sensitive: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by the deliverer that is sending the row; a claim older than MAIL_CLAIM_SECONDS
    # belongs to a deliverer that died, and the row may be taken again.
    claimed_at: Mapped[datetime | None]

    @property
    def message_id(self) -> str:
        """The Message-ID header: derived from the key, so a duplicate is recognisable."""
        return message_id_for(self.key)


def message_id_for(key: str) -> str:
    """A deterministic RFC 5322 Message-ID for an outbox key, on the portal's host name."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    host = urlsplit(public_address()).hostname or "localhost"
    return f"<outbox.{digest}@{host}>"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 30 s, doubling, at most 2 h."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 16), RETRY_CAP)


@contextlib.contextmanager
def link_context():
    """A request context on the site root of the configured address, outside requests
    (scheduler, CLI), so url_for builds the paths that links in emails need."""
    if has_request_context():
        yield
        return
    parts = urlsplit(public_address())
    with current_app.test_request_context("/", base_url=f"{parts.scheme}://{parts.netloc}/"):
        yield


def render_bodies(template: str, **context) -> tuple[str, str]:
    """The text and HTML bodies; outside a request (scheduler, CLI) url_for still works."""
    names = (f"email/{template}.txt", f"email/{template}.html")
    with link_context():
        return tuple(render_template(name, **context) for name in names)


def _insert_ignoring_duplicates(values: dict) -> None:
    """INSERT ... ON CONFLICT (key) DO NOTHING in the dialect of the database."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(OutboxEmail).values(**values)
                       .on_conflict_do_nothing(index_elements=["key"]))


def existing_keys(keys: list[str]) -> set[str]:
    """Which of these keys are queued already (so a batch job renders only the new ones)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(db.session.scalars(select(OutboxEmail.key).where(
            OutboxEmail.key.in_(keys[start:start + 500]))))
    return found


def queue_email(key: str, to: str, subject: str, template: str, *, ics: str = "",
                ics_method: str = "", headers: dict | None = None, sensitive: bool = False,
                **context) -> OutboxEmail:
    """Queue an email rendered from email/<template>.txt and .html; a repeated key queues once.

    The key's first part (before ':') is the kind shown in the outbox; `ics` is an iCalendar
    attachment; `sensitive` wipes the bodies once sent (they hold a personal link)."""
    context.setdefault("network_name", current_app.config["NETWORK_NAME"])
    context.setdefault("base_url", public_address())
    text_body, html_body = render_bodies(template, subject=subject, **context)
    person_id = getattr(context.get("person"), "id", None)
    now = utcnow()
    _insert_ignoring_duplicates({
        "key": key, "kind": key.split(":", 1)[0][:40], "to_address": to,
        "person_id": person_id if isinstance(person_id, int) else None,
        "subject": subject[:300], "text_body": text_body, "html_body": html_body,
        "ics": ics, "ics_method": ics_method, "headers": headers or {},
        "is_sensitive": sensitive, "status": PENDING, "attempts": 0, "last_error": "",
        "created_at": now, "next_attempt_at": now})
    return db.session.scalar(select(OutboxEmail).where(OutboxEmail.key == key))


class VerifiedConnection(Connection):
    """Flask-Mail's connection, opened with a socket timeout and a verified TLS context.

    Flask-Mail 0.10's configure_host() calls smtplib.SMTP(server, port) with no timeout (a
    stalled server would hang the deliverer for ever) and starttls()/SMTP_SSL without a context,
    which in smtplib means one that checks no certificate; it offers no hook for either, so only
    that method is replaced. Sending (header checks, the email_dispatched signal) is Flask-Mail's.
    """

    def __init__(self, state, timeout: float):
        super().__init__(state)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        """Connect, upgrade to verified TLS where configured, and log in."""
        state = self.mail
        context = ssl.create_default_context()
        if state.use_ssl:
            host: smtplib.SMTP = smtplib.SMTP_SSL(state.server, state.port,
                                                  timeout=self.timeout, context=context)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=self.timeout)
            if state.use_tls:
                host.starttls(context=context)
        if state.username:
            host.login(state.username, state.password or "")
        return host

    def open(self) -> None:
        """Connect unless connected (or sending is suppressed)."""
        if self.host is None and not self.mail.suppress:
            self.host = self.configure_host()

    def close(self) -> None:
        """Say goodbye if the server still listens; forget the connection either way."""
        host, self.host = self.host, None
        if host is not None:
            try:
                host.quit()
            except (OSError, smtplib.SMTPException):
                host.close()


def connect() -> VerifiedConnection:
    """A connection from the current settings (read now, so a changed setting counts)."""
    cfg = current_app.config
    # init_mail() is Flask-Mail's own reading of the MAIL_* settings; testing=False so that
    # only MAIL_SUPPRESS_SEND, never the TESTING flag, stops real sending.
    return VerifiedConnection(mail.init_mail(cfg, testing=False), cfg["MAIL_TIMEOUT"])


def as_message(email: OutboxEmail) -> Message:
    """The outbox row as a Flask-Mail message with its deterministic Message-ID."""
    message = Message(
        subject=email.subject,
        recipients=[email.to_address],
        body=email.text_body,
        html=email.html_body,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers={**(email.headers or {}), "X-Network-Outbox-Key": email.key},
    )
    message.msgId = email.message_id
    if email.ics:
        # RFC 6047: the method is a parameter of the part, so Outlook and Google offer the
        # invitation (or remove the event) in the diary.
        method = email.ics_method or "REQUEST"
        message.attach("cancel.ics" if method == "CANCEL" else "invite.ics",
                       f"text/calendar; method={method}", email.ics.encode(), "attachment")
    return message


def _claimable(now: datetime):
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    return and_(OutboxEmail.status == PENDING, OutboxEmail.next_attempt_at <= now,
                or_(OutboxEmail.claimed_at.is_(None), OutboxEmail.claimed_at < now - lease))


def claim(email_id: int) -> OutboxEmail | None:
    """Take one due row for this deliverer, committed before any SMTP; None if another has it.

    The UPDATE re-checks the row's state where it is written (PostgreSQL re-reads a row it
    waited for; SQLite writes one at a time), so of two deliverers exactly one changes it."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxEmail).where(OutboxEmail.id == email_id, _claimable(now))
        .values(claimed_at=now, attempts=OutboxEmail.attempts + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    return db.session.get(OutboxEmail, email_id)


def claim_next(now: datetime) -> OutboxEmail | None:
    """Take the oldest due row nobody else holds, committed before any SMTP; None when none.

    PostgreSQL locks the candidate row with FOR UPDATE SKIP LOCKED, so concurrent deliverers
    each take a different row without waiting; SQLite (one writer at a time) re-checks the
    row in the conditional UPDATE of claim()."""
    if db.session.get_bind().dialect.name != "postgresql":
        for _ in range(20):  # another deliverer may take each candidate first
            email_id = db.session.scalar(select(OutboxEmail.id).where(_claimable(now))
                                         .order_by(OutboxEmail.id).limit(1))
            if email_id is None:
                db.session.rollback()
                return None
            email = claim(email_id)
            if email is not None:
                return email
        return None
    email_id = db.session.scalar(
        select(OutboxEmail.id).where(_claimable(now)).order_by(OutboxEmail.id).limit(1)
        .with_for_update(skip_locked=True))
    if email_id is None:
        db.session.rollback()
        return None
    db.session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id)
                       .values(claimed_at=utcnow(), attempts=OutboxEmail.attempts + 1)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.get(OutboxEmail, email_id)


def _send(connection: VerifiedConnection, email: OutboxEmail) -> str | None:
    """Hand one email over; returns the error, or None once the server has accepted it."""
    if current_app.config["MAIL_BACKEND"] == "log":
        current_app.logger.warning("Email to %s: %s\n%s", email.to_address, email.subject,
                                   email.text_body)
        return None
    try:
        connection.open()
        connection.send(as_message(email))
    except (OSError, smtplib.SMTPException, BadHeaderError) as exc:
        connection.close()
        return f"{exc.__class__.__name__}: {exc}"[:2000]
    except Exception as exc:  # noqa: BLE001 - one bad email fails its own row, not the batch
        current_app.logger.exception("outbox email %s could not be sent", email.id)
        connection.close()
        return f"{exc.__class__.__name__}: {exc}"[:2000]
    return None


def _settle(email: OutboxEmail, error: str | None) -> None:
    """Record the try and release the claim, committed at once."""
    email.claimed_at = None
    if error is None:
        email.status, email.sent_at, email.last_error = SENT, utcnow(), ""
        if email.is_sensitive:  # the link is the recipient's now; the portal keeps no copy
            email.text_body = email.html_body = WIPED
    else:
        email.last_error = error
        if email.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            email.status = FAILED
        else:
            email.next_attempt_at = utcnow() + retry_delay(email.attempts)
    db.session.commit()


def deliver_pending(limit: int = 200) -> tuple[int, int]:
    """Send up to `limit` due emails, oldest first, committing as it goes; returns (sent,
    failed tries)."""
    db.session.commit()  # end any read: each row is claimed in its own short transaction
    started = utcnow()
    sent = failed = 0
    connection = connect()
    try:
        for _ in range(limit):
            email = claim_next(started)
            if email is None:
                break
            error = _send(connection, email)
            _settle(email, error)
            sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    finally:
        connection.close()
    return sent, failed


def resend(actor, email: OutboxEmail) -> None:
    """Put a failed (or waiting) email back in the queue for another round of tries."""
    if email.status == SENT:
        raise DomainError("This email has already been sent.")
    before = audit.changes(email, ["status", "attempts", "last_error"])
    email.status, email.attempts, email.next_attempt_at = PENDING, 0, utcnow()
    audit.record("outbox.resend", actor=actor, obj=email, object_type="outbox_email",
                 label=f"{email.subject} to {email.to_address}"[:300], before=before,
                 after=audit.changes(email, ["status", "attempts"]))
    db.session.flush()


def outbox_page(page: int, size: int, status: str = "", kind: str = "", person: str = "",
                since=None, until=None) -> tuple[list[OutboxEmail], bool]:
    """A page of `outbox_list` and whether another follows."""
    from network.paging import page_of

    return page_of(outbox_list(status, kind, person, since, until), page, size)


def outbox_list(status: str = "", kind: str = "", person: str = "", since=None, until=None):
    """The outbox filtered by status, kind, recipient (part of the address) and the local days
    it was queued on: failed first, then waiting, then sent (newest first)."""
    from network.time import day_start_utc

    query = select(OutboxEmail)
    if status in STATUSES:
        query = query.where(OutboxEmail.status == status)
    if kind:
        query = query.where(OutboxEmail.kind == kind)
    if person:
        escaped = person.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(OutboxEmail.to_address).like(f"%{escaped}%", escape="\\"))
    if since is not None:
        query = query.where(OutboxEmail.created_at >= day_start_utc(since))
    if until is not None:
        query = query.where(OutboxEmail.created_at < day_start_utc(until + timedelta(days=1)))
    return query.order_by(case((OutboxEmail.status == FAILED, 0),
                               (OutboxEmail.status == PENDING, 1), else_=2),
                          OutboxEmail.created_at.desc(), OutboxEmail.id.desc())


def kind_label(kind: str) -> str:
    """What the outbox calls a kind of email; one no longer sent as a tidied form of its name."""
    return KINDS.get(kind) or kind.replace("-", " ").capitalize()


def kind_choices(asked: str = "") -> list[tuple[str, str]]:
    """Filter choices for every kind the portal sends (the registry, not a scan of the whole
    outbox), and the kind a link asks for when it is one no longer sent."""
    kinds = {*KINDS, *([asked] if asked else [])}
    return sorted(((k, kind_label(k)) for k in kinds), key=lambda pair: pair[1])


def status_counts() -> dict[str, int]:
    """How many emails are failed, pending and sent."""
    rows = db.session.execute(select(OutboxEmail.status, func.count())
                              .group_by(OutboxEmail.status))
    return {PENDING: 0, FAILED: 0, SENT: 0} | dict(rows.all())
