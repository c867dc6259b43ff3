"""Helpers for the browser tests: check_axe (axe-core and reflow at 320 CSS px), sign-in steps,
security codes, outbox links."""

from __future__ import annotations

import re
import time
from html import escape

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from network.email import OutboxEmail
from network.extensions import db as _db
from network.members.models import Person
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
TIMEOUT_MS = 10_000


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


class Visits:
    """Every main-frame navigation of a page, and whether check_axe ran on it. A page whose
    context has JavaScript off is checked through `axe_page`: a page in a JavaScript-enabled
    context of the same browser, into which check_axe copies the HTML (axe-core is JavaScript,
    and page.evaluate never returns in a context with JavaScript off)."""

    def __init__(self, page, js_enabled: bool = True, axe_page=None):
        assert js_enabled or axe_page is not None, "a JavaScript-free page needs an axe_page"
        self.page = page
        self.js_enabled = js_enabled
        self.axe_page = axe_page
        self.entries: list[dict] = []
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame != self.page.main_frame:
            return
        if self.entries and _without_fragment(self.entries[-1]["url"]) == _without_fragment(
                frame.url) and "#" in frame.url:
            return  # a same-page fragment link (the skip link), not a new page
        self.entries.append({"url": frame.url, "checked": False})

    def mark_checked(self):
        if self.entries:
            self.entries[-1]["checked"] = True

    def unchecked(self) -> list[str]:
        return [e["url"] for e in self.entries
                if not e["checked"] and e["url"] not in ("about:blank", "")]

    def axe_target(self):
        """The page axe runs in: the page itself, or a scriptless copy of its HTML."""
        if self.js_enabled:
            return self.page
        return _scriptless_copy(self.page, self.axe_page)


# --- accessibility -----------------------------------------------------------------------

_axe = None
_AXE_RUN = ("axe.run(document, {resultTypes: ['violations']})"
            ".then(results => results.violations)")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def _scriptless_copy(page, axe_page):
    """The HTML the JavaScript-free page shows (page.content() reads the DOM without running
    any script), its scripts dropped, set into axe_page with a <base> at the page's own
    address so that styles, images and links resolve as they did for the user."""
    html = _SCRIPT.sub("", page.content())
    base = f'<base href="{escape(page.url, quote=True)}">'
    html, found = _HEAD.subn(lambda m: m.group(0) + base, html, count=1)
    assert found, f"no <head> in the HTML of {page.url}"
    axe_page.set_content(html, wait_until="load")
    return axe_page


def _reveal_radio(node) -> bool:
    """Whether axe's node is a GOV.UK radio that reveals conditional content and its only
    disallowed attribute is aria-expanded."""
    html = node.get("html", "")
    offending = [str(item) for check in node.get("any", []) + node.get("all", [])
                 for item in (check.get("data") or [])]
    return (html.startswith("<input") and "govuk-radios__input" in html
            and 'aria-controls="conditional-' in html and bool(offending)
            and all(item.startswith("aria-expanded") for item in offending))


def _without_known_govuk_issue(violations: list) -> list:
    """The violations less one known and deliberate GOV.UK Frontend choice: its Radios
    script sets aria-expanded on a radio that reveals content (alphagov/govuk-frontend#979,
    kept because screen readers announce it). Only that attribute on such radios is let
    through; any other problem on them, or anywhere, still fails."""
    kept = []
    for violation in violations:
        if violation["id"] == "aria-allowed-attr":
            nodes = [n for n in violation.get("nodes", []) if not _reveal_radio(n)]
            if not nodes:
                continue
            violation = {**violation, "nodes": nodes}
        kept.append(violation)
    return kept


def check_axe(page) -> None:
    """Run axe-core on the page as it stands and check it reflows at 320 CSS px; fail on any
    violation, listing each one."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    page.wait_for_load_state("load")
    visits = getattr(page, "visits", None)
    target = visits.axe_target() if visits else page
    target.evaluate(_axe.axe_script)
    # only the violations cross back to Python: the full results are large and slow to copy
    violations = _without_known_govuk_issue(target.evaluate(_AXE_RUN))
    reflow = check_reflow(target, page.url)
    if visits:
        visits.mark_checked()
    if reflow and not violations:
        print(reflow)
        pytest.fail(reflow, pytrace=False)
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
                         f" <{violation.get('helpUrl', '')}>")
            for node in violation.get("nodes", []):
                lines.append(f"    at {node.get('target')}: {node.get('html', '')[:160]}")
        message = "\n".join(lines + ([reflow] if reflow else []))
        print(message)
        pytest.fail(message, pytrace=False)


# --- reflow (WCAG 2.2 1.4.10) ------------------------------------------------------------

REFLOW_WIDTH = 320
# What sticks out past the right edge of the viewport, innermost first. A table of records
# may scroll inside its own region (.ukmn-table-wrapper): what is inside one is clipped by it
# and never widens the page, so it is left out (unless it is positioned out of it).
_WIDE_ELEMENTS = """() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    if (doc.scrollWidth <= width) return null;
    const rightOf = el => {
        // text too long for its box overflows it without widening the box (scrollWidth shows
        // it), unless the box clips or scrolls what overflows it
        const box = el.getBoundingClientRect();
        const clips = getComputedStyle(el).overflowX !== "visible";
        return Math.round(clips ? box.right : Math.max(box.right, box.left + el.scrollWidth));
    };
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        // an absolutely positioned box escapes a region that is not its containing block
        const region = el.closest(".ukmn-table-wrapper");
        const escapes = ["absolute", "fixed"].includes(getComputedStyle(el).position)
            && !(region && el.offsetParent && region.contains(el.offsetParent));
        if (region && region !== el && !escapes) continue;
        if (rightOf(el) > width) wide.push(el);
    }
    const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
    return {scrollWidth: doc.scrollWidth, width: width, elements: innermost.slice(0, 6).map(
        el => ({html: el.outerHTML.slice(0, 160), right: rightOf(el)}))};
}"""


def check_reflow(page, url: str = "") -> str | None:
    """At a viewport 320 CSS px wide, whether the document is no wider than the viewport (it
    never scrolls sideways); the viewport is put back as it was. None if it reflows, else
    what is too wide."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"] if size else 640})
    try:
        found = page.evaluate(_WIDE_ELEMENTS)
    finally:
        if size:
            page.set_viewport_size(size)
    if not found:
        return None
    lines = [f"{url or page.url} is {found['scrollWidth']} CSS px wide at a {found['width']} px "
             "viewport (WCAG 1.4.10 reflow); too wide:"]
    lines += [f"    right edge at {e['right']} px: {e['html']}" for e in found["elements"]]
    return "\n".join(lines)


# --- data and sign-in helpers ------------------------------------------------------------

def reload_person(email: str) -> Person:
    """The person as the server last committed them."""
    _db.session.expire_all()
    return _db.session.scalar(select(Person).where(Person.email == email.lower()))


def totp_code(secret: str, last_step: int | None = None) -> str:
    """A code for `secret` that the server will accept: the current step, or the next one if
    the current step was already used (waiting for it to come round if need be)."""
    totp = pyotp.TOTP(secret)
    step = int(time.time() // totp.interval)
    if last_step is not None and step <= last_step:
        step = last_step + 1
        if step > int(time.time() // totp.interval) + 1:  # pragma: no cover - clock jumps
            time.sleep(totp.interval)
    return totp.generate_otp(step)


def person_totp_code(email: str) -> str:
    """A fresh security code from the person's stored totp_secret."""
    person = reload_person(email)
    assert person.totp_secret, f"{email} has no security codes set up"
    return totp_code(person.totp_secret, person.totp_last_step)


def sign_in(page, email: str, password: str) -> None:
    """Fill and send the sign-in form (checking the page with axe first)."""
    page.goto("/sign-in")
    check_axe(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def enter_security_code(page, email: str) -> None:
    """On the security code page: check it, then enter the person's current code."""
    page.wait_for_url(re.compile(r"/sign-in/security-code$"))
    check_axe(page)
    page.get_by_label("Security code").fill(person_totp_code(email))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def outbox_link(to: str, path_prefix: str) -> str:
    """The link starting with path_prefix in the newest email queued for `to`."""
    _db.session.expire_all()
    email = _db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == to.lower())
                                .order_by(OutboxEmail.id.desc())).first()
    assert email is not None, f"no email queued for {to}"
    match = re.search(r"https?://\S+(" + re.escape(path_prefix) + r"[^\s]+)", email.text_body)
    assert match, f"no {path_prefix} link in:\n{email.text_body}"
    return match.group(1)


def make_person(db, role: str, office=None, **kwargs) -> Person:
    """A person committed so the server thread sees them; secretariat roles get a TOTP secret
    unless told `enrolled=False` (then their first sign-in goes through enrolment)."""
    from tests.factories import PersonFactory

    enrolled = kwargs.pop("enrolled", True)
    if role in ("secretariat", "secretariat_admin") and enrolled:
        kwargs.setdefault("totp_secret", pyotp.random_base32())
    person = PersonFactory(role=role, office=office, **kwargs)
    db.session.commit()
    return person


def sign_in_as(page, person, password: str = PASSWORD) -> None:
    """Sign in through the pages (with a security code for the secretariat), checking each."""
    sign_in(page, person.email, password)
    if person.totp_secret:
        enter_security_code(page, person.email)
    expect(page.locator("h1")).to_have_text(f"Welcome, {person.name}")
    check_axe(page)


def heading(page):
    """The page's main heading."""
    return page.locator("h1")


def go(page, path: str) -> None:
    """Open a path and check it with axe."""
    page.goto(path)
    check_axe(page)


def click(page, role: str, name: str, within=None, **kwargs) -> None:
    """Click a link or button by its accessible name (inside `within` if given, a locator),
    wait for the page it leads to, and check that page."""
    with page.expect_navigation():
        (within or page).get_by_role(role, name=name, **kwargs).click()
    check_axe(page)
