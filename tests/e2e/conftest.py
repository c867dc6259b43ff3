"""Browser test fixtures: the app served on 127.0.0.1 from a background thread (CSRF on, the
same migrated test database as the `app` fixture), one headless Debian Chromium per session,
a fresh browser context per test, and `check_axe` for every page a test visits."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from network import create_app
from network.extensions import db as _db
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, Visits

# --- the live server ---------------------------------------------------------------------

class LiveServer:
    """The portal served by werkzeug in a daemon thread."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["SERVER_NAME_FOR_EMAIL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, name="e2e-server",
                                       daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)
        with self.app.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(app):
    """The app on a free port of 127.0.0.1: ENV testing, CSRF on, the suite's database."""
    live_app = create_app({
        "ENV_NAME": "testing",
        "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
    })
    server = LiveServer(live_app)
    server.start()
    yield server
    server.stop()


# --- the browser -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """One headless Debian Chromium for the whole session (never a downloaded browser)."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser, live_server, db):
    """Make pages in fresh browser contexts (closed after the test); every navigation they
    make must be checked with check_axe before the test ends."""
    contexts, visits = [], []

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                      **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        axe_page = None
        js_enabled = context_options.get("java_script_enabled", True)
        if not js_enabled:
            axe_context = browser.new_context(base_url=live_server.url, locale="en-GB")
            axe_context.set_default_timeout(TIMEOUT_MS)
            contexts.append(axe_context)
            axe_page = axe_context.new_page()
        page.visits = Visits(page, js_enabled=js_enabled, axe_page=axe_page)
        visits.append(page.visits)
        return page

    yield make
    for context in contexts:
        context.close()
    missed = [url for v in visits for url in v.unchecked()]
    assert not missed, f"pages visited without check_axe: {missed}"


@pytest.fixture
def signed_in_page(new_page, live_server):
    """A page whose context already holds a live session for a person, as after signing in
    (for people whose sign-in is not what the test is about: it saves two pages a person)."""
    from network.members.auth import SESSION_KEY
    from network.members.services.signin import start_session

    def make(person, **context_options):
        raw = start_session(person, "127.0.0.1", "e2e")
        _db.session.commit()
        app = live_server.app
        cookie = app.session_interface.get_signing_serializer(app).dumps(
            {SESSION_KEY: raw, "_permanent": True})
        page = new_page(**context_options)
        page.context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie,
                                   "url": live_server.url, "httpOnly": True,
                                   "sameSite": "Lax"}])
        return page

    return make


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context with JavaScript on."""
    return new_page()
