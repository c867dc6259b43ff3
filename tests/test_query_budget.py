"""Every key page sends the same number of SQL queries whatever the size of the network: the
generated network is built at two small scales (once for the module) and each key page of
bench/common.py is counted on both, on the suite's database (SQLite, or PostgreSQL from
TEST_DATABASE_URL)."""

from __future__ import annotations

import os

import pytest

from bench import common

SCALES = (0.01, 0.03)


@pytest.fixture(scope="module")
def measured():
    """{scale: {page name: queries}}, each scale built once on its own database."""
    database = os.environ.get("TEST_DATABASE_URL") or "sqlite"
    found = {}
    for scale in SCALES:
        bench = common.build(database, scale)
        try:
            signed_in = common.clients(bench)
            found[scale] = {page.name: common.query_count(bench, signed_in[page.role], page.path)
                            for page in common.key_pages(bench)}
        finally:
            bench.close()
    return found


@pytest.mark.parametrize("page", common.KEY_PAGE_NAMES)
def test_key_page_queries_do_not_grow_with_the_network(measured, page):
    small, large = (measured[scale].get(page) for scale in SCALES)
    if small is None and large is None:
        pytest.skip(f"the generated network has nothing for {page!r}")
    assert small == large, f"{page}: {small} queries at N={SCALES[0]}, {large} at N={SCALES[1]}"
