"""At 320 CSS px (WCAG 1.4.10, reflow) a wide table of records scrolls inside its own region
and the page itself never scrolls sideways; the region takes keyboard focus to be scrolled.
check_axe checks reflow on every page the browser tests visit (tests/e2e/helpers.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import check_reflow, go, make_person
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 640}


def test_wide_table_scrolls_inside_its_region_not_the_page(db, signed_in_page):
    for n in range(3):
        OfficeFactory(name=f"Greater Northumberland and Tyneside Combined Authority {n}",
                      mayor_name="Alexandra Montgomery-Fitzwilliam")
    admin = make_person(db, "secretariat_admin")
    page = signed_in_page(admin, viewport=NARROW)
    go(page, "/offices/")

    region = page.get_by_role("region", name="3 offices")
    expect(region).to_be_visible()
    widths = region.evaluate("""wrapper => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        region: wrapper.clientWidth,
        table: wrapper.querySelector("table").scrollWidth,
        overflow: getComputedStyle(wrapper).overflowX,
    })""")
    assert widths["viewport"] == 320
    assert widths["page"] <= widths["viewport"], widths  # no sideways scroll of the page
    assert widths["table"] > widths["region"], widths  # the table really is wider...
    assert widths["overflow"] == "auto"  # ...and scrolls inside its region

    # keyboard users reach the region and scroll it with the arrow keys
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(  # a function, not a string: the CSP forbids eval
        "() => document.querySelector('.ukmn-table-wrapper').scrollLeft > 0", timeout=2000)


def _styled(live_server, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><title>Reflow</title><link rel="stylesheet" '
            f'href="{live_server.url}/static/build/main.css"></head>'
            f'<body class="govuk-template__body"><main class="govuk-width-container">{body}'
            '</main></body></html>')


LONG = "x" * 200
WIDE_TABLE = ('<div class="ukmn-table-wrapper" tabindex="0" role="region" aria-label="Wide">'
              '<table class="govuk-table"><thead><tr>'
              + '<th class="govuk-table__header">Column heading</th>' * 8
              + '<th class="govuk-table__header"><span class="govuk-visually-hidden">Order'
              '</span></th></tr></thead></table></div>')


def test_reflow_check_finds_what_widens_the_page_and_allows_a_scrolling_table(page,
                                                                               live_server):
    """check_reflow, which check_axe runs on every page, names what is too wide at 320 px."""
    page.set_content(_styled(live_server, f"<pre>{LONG}</pre>"), wait_until="load")
    found = check_reflow(page)
    assert found and "<pre>" in found, found
    assert page.viewport_size["width"] == 1280  # put back as it was

    # a command in monospace, a long link in a summary list, and a table wider than the
    # screen whose hidden heading text is absolutely positioned: none widens the page
    page.set_content(_styled(live_server, f"""
        <pre class="govuk-body ukmn-mono">network count {LONG}</pre>
        <dl class="govuk-summary-list"><div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Online</dt>
          <dd class="govuk-summary-list__value">https://example.org/{LONG}</dd></div></dl>
        {WIDE_TABLE}"""), wait_until="load")
    assert check_reflow(page) is None


def test_audit_log_with_long_values_fits_a_desktop_and_reflows(db, signed_in_page):
    """Stored text with words longer than the screen (a minute, a file hash) wraps in the
    audit log's cells: at 1,280 px the table fits without scrolling, and check_axe (in go)
    checks reflow at 320 px."""
    from network import audit

    admin = make_person(db, "secretariat_admin")
    long_word = "Devolution" * 30
    audit.record("minutes.item_saved", actor=admin, object_type="agendaitem", object_id="999",
                 label="Skills", before={"text": "It's agreed."},
                 after={"text": f"It's agreed: {long_word}", "sha256": "f" * 64})
    db.session.commit()
    page = signed_in_page(admin)
    go(page, "/audit/")
    region = page.get_by_role("region", name="Entries, newest first (page 1)")
    expect(region).to_contain_text("Wrote the minute of an item")
    expect(region).to_contain_text("It's agreed.")
    widths = region.evaluate("""wrapper => ({
        page: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        region: wrapper.clientWidth, table: wrapper.scrollWidth})""")
    assert widths["page"] <= widths["viewport"], widths
    assert widths["table"] <= widths["region"], widths  # the long word wraps: no scrolling
