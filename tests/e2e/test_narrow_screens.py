"""At 320 CSS px (WCAG 1.4.10, reflow) a wide table of records scrolls inside its own region
and the page itself never scrolls sideways; the region takes keyboard focus to be scrolled."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import go, make_person
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
