"""Configuration: defaults, then instance/config.py, then NETWORK_* environment variables."""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

INSECURE_KEYS = {"", "change-me", "dev", "development", "secret"}


class Defaults:
    """Settings every environment starts from."""

    ENV_NAME = "development"
    SECRET_KEY = ""
    SQLALCHEMY_DATABASE_URI = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    SERVER_NAME_FOR_EMAIL = ""  # required in production; elsewhere the request or `make run`
    NETWORK_NAME = "UK Mayors Network"
    TIMEZONE = "Europe/London"

    # Sign-in
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 64
    THROTTLE_MAX_FAILURES = 10
    THROTTLE_WINDOW = timedelta(minutes=5)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    INVITATION_MAX_AGE = timedelta(days=7)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)
    REAUTH_MAX_AGE = timedelta(minutes=10)
    TOTP_ISSUER = "UK Mayors Network"
    # Offices' own OpenID Connect providers (members/oidc.py). A client secret named in the
    # register comes from OIDC_SECRET_<NAME> (NETWORK_OIDC_SECRET_<NAME> in the environment);
    # a secret typed in is sealed with OIDC_SECRET_KEY (empty: derived from SECRET_KEY).
    OIDC_SECRET_KEY = ""
    OIDC_HTTP_TIMEOUT = 5  # seconds for each request to a provider
    OIDC_CLOCK_SKEW = 60  # seconds allowed between the provider's clock and ours
    OIDC_LOGIN_MAX_AGE = timedelta(minutes=10)  # from leaving for the provider to coming back
    OIDC_ALGORITHMS = ["RS256", "PS256", "ES256"]  # ID token signatures accepted ("none" never)
    OIDC_MFA_METHODS = ["mfa", "otp", "hwk"]  # `amr` values that count as multi-factor

    # Cookies
    SESSION_COOKIE_NAME = "network_session"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    HSTS = False

    # Forms
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    # Meetings: clear working days before the meeting for item submission and for papers
    MEETING_DEADLINES = {
        "mayors_meeting": [10, 5],
        "chief_executives_meeting": [10, 5],
        "meeting_with_government": [10, 5],
        "workstream_meeting": [5, 3],
        "event": [10, 5],
    }
    # Seals each ballot from the cast until the ballot closes (voting/seal.py). Empty: derived
    # from SECRET_KEY. Kept out of the database, and never changed while a ballot is open.
    BALLOT_KEY = ""
    # Where stored files (papers, agenda packs, export zips) live: "local" keeps them in
    # UPLOAD_FOLDER on this machine (one instance); "database" keeps them in the database,
    # which every instance and the scheduler share (several instances: docs/deploy.md).
    # NETWORK_STORAGE_BACKEND in the environment.
    STORAGE_BACKEND = "local"
    STORAGE_CHUNK_BYTES = 1024 * 1024  # the database backend's row size; each read holds one
    UPLOAD_FOLDER = ""  # defaults to instance/papers (the database backend: files on arrival)
    MAX_PAPER_BYTES = 20 * 1024 * 1024
    MAX_PAPER_UNZIPPED_BYTES = 200 * 1024 * 1024  # Office files are zips: refuse zip bombs
    MAX_PAPER_PAGES = 500  # a PDF paper's pages; every page is merged into the agenda pack
    # what a PDF's streams (not its images) may inflate to: pypdf decodes them when merging
    # and refuses any one past 75 MB, so this stays below that
    MAX_PAPER_INFLATED_BYTES = 50 * 1024 * 1024
    # the text read from a PDF or Word paper at upload for search (items/paper_text.py)
    MAX_PAPER_TEXT_CHARS = 200_000
    MAX_PAPER_TEXT_PAGES = 500
    MAX_PAPER_TEXT_SECONDS = 10
    MAX_PAPER_TEXT_XML_BYTES = 20 * 1024 * 1024
    PACK_BUILD_EVERY_SECONDS = 15  # how often the scheduler builds the packs publishing asked for
    # where the records page's hand-over exports are built (instance/exports); the finished
    # zip is a stored file, so any instance serves it
    RECORDS_EXPORT_FOLDER = ""
    RECORDS_EXPORT_RETENTION = timedelta(days=7)  # then an export's zip is deleted
    RECORDS_EXPORT_CLAIM_SECONDS = 3600  # a builder's claim on an export; older are of dead ones
    SIGN_IN_RECORDS_RETENTION = timedelta(days=90)  # sign-in attempts and ended sessions
    OUTBOX_BODY_RETENTION = timedelta(days=30)  # the bodies of sent emails (links, names)
    RETENTION_EVERY_SECONDS = 3600  # how often the scheduler applies the retention periods
    PACK_CLAIM_SECONDS = 900  # a builder's claim on a pack; older claims are of dead builders

    # Email: the outbox delivers through SMTP, or writes to the log in development
    MAIL_BACKEND = "log"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "UK Mayors Network <secretariat@ukmayors.example>"
    MAIL_TIMEOUT = 10  # seconds for each SMTP socket operation
    MAIL_MAX_ATTEMPTS = 10  # then `failed`, for the secretariat to resend (retries back off)
    MAIL_CLAIM_SECONDS = 600  # a deliverer's claim on a row; older claims are of dead ones
    MAIL_DELIVER_EVERY_SECONDS = 60  # how often the scheduler delivers the outbox
    # SQLite's lock row for a job run (PostgreSQL's advisory lock ends with its process)
    SCHEDULER_LOCK_SECONDS = 900

    # API (flask-smorest)
    API_TITLE = "UK Mayors Network API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class Development(Defaults):
    """Local development: SQLite in instance/, emails to the scheduler's log (`make run`)."""

    MAIL_DELIVER_EVERY_SECONDS = 5  # invitation links show up in the log within seconds
    PACK_BUILD_EVERY_SECONDS = 5


class Testing(Defaults):
    """The test suite: fast hashing; tests deliver the outbox themselves."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 16
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "smtp"
    ARGON2_FAST = True


class Production(Defaults):
    """Production: PostgreSQL, secure cookies, HSTS, real SMTP."""

    ENV_NAME = "production"
    SESSION_COOKIE_NAME = "__Host-network-session"
    SESSION_COOKIE_SECURE = True
    HSTS = True
    MAIL_BACKEND = "smtp"
    MAIL_USE_TLS = True
    MAIL_PORT = 587


ENVIRONMENTS = {"development": Development, "testing": Testing, "production": Production}


def _coerce(value: str):
    """Read an environment value as JSON where it parses, else as a string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def load_config(app, overrides: dict | None = None) -> None:
    """Fill app.config from defaults, instance/config.py, environment, then overrides."""
    env_name = (overrides or {}).get("ENV_NAME") or os.environ.get("NETWORK_ENV", "development")
    if env_name not in ENVIRONMENTS:
        raise RuntimeError(f"NETWORK_ENV must be one of {', '.join(ENVIRONMENTS)}")
    app.config.from_object(ENVIRONMENTS[env_name])
    app.config.from_pyfile("config.py", silent=True)
    for key, value in os.environ.items():
        if key.startswith("NETWORK_") and key != "NETWORK_ENV":
            app.config[key.removeprefix("NETWORK_")] = _coerce(value)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.update(overrides or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
        or "sqlite:///" + str(Path(app.instance_path) / "network.sqlite3")
    )
    _settle_secret_key(app)
    _check_public_address(app)
    _check_storage(app)


def _check_public_address(app) -> None:
    """In production the public address for email links must be set, and be https."""
    address = (app.config.get("SERVER_NAME_FOR_EMAIL") or "").strip()
    if app.config["ENV_NAME"] != "production":
        return
    if not address.startswith("https://") or len(address) <= len("https://"):
        raise RuntimeError(
            "Set NETWORK_SERVER_NAME_FOR_EMAIL to the portal's public https address, e.g. "
            "https://portal.ukmayors.example: email links and calendar feeds use it")


def _check_storage(app) -> None:
    """Refuse an unknown storage backend at start, not at the first upload."""
    if app.config.get("STORAGE_BACKEND") not in ("local", "database"):
        raise RuntimeError("STORAGE_BACKEND (NETWORK_STORAGE_BACKEND) must be \"local\" or "
                           f"\"database\", not {app.config.get('STORAGE_BACKEND')!r}")
    if int(app.config.get("STORAGE_CHUNK_BYTES") or 0) < 4096:
        raise RuntimeError("STORAGE_CHUNK_BYTES must be at least 4096")


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _settle_secret_key(app) -> None:
    """Refuse a weak key in production; generate one into instance/ once in development."""
    key = app.config.get("SECRET_KEY") or ""
    if key and key not in INSECURE_KEYS and len(key) >= 32:
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError(
            "SECRET_KEY is missing or too weak: set SECRET_KEY (at least 32 random characters)."
        )
    key_file = Path(app.instance_path) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
