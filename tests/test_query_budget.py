"""No key page runs a query per row: the generated network is built at two small scales (once
for the module, on the suite's database: SQLite, or PostgreSQL from TEST_DATABASE_URL) and each
key page of bench/common.py sends the same statements at both. A statement may appear at the
larger scale that the smaller skipped (SQLAlchemy skips an eager load with nothing to load), but
none may run more often: that is a query per row, or an IN list split in chunks.

SQLAlchemy's selectinload splits its IN list every 500 rows, which a small network never
reaches; here it splits every CHUNK rows, so a page that loads every row of a table (instead
of a page of them, at most CHUNK) runs more statements at the larger scale and fails."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.orm.strategies import _SelectInLoader as SelectInLoader  # its chunk size

from bench import common

SCALES = (0.01, 0.1)
CHUNK = 50  # no key page shows more than 50 rows of one kind



@pytest.fixture(scope="module")
def measured():
    """{scale: {page name: statements}}, each scale built once on its own database."""
    database = os.environ.get("TEST_DATABASE_URL") or "sqlite"
    found = {}
    chunk, SelectInLoader._chunksize = SelectInLoader._chunksize, CHUNK
    for scale in SCALES:
        bench = common.build(database, scale)
        try:
            signed_in = common.clients(bench)
            found[scale] = {page.name: common.statements_of(bench, signed_in[page.role], page.path)
                            for page in common.key_pages(bench)}
        finally:
            bench.close()
    SelectInLoader._chunksize = chunk
    return found


@pytest.mark.parametrize("page", common.KEY_PAGE_NAMES)
def test_key_page_runs_no_query_per_row(measured, page):
    small, large = (measured[scale].get(page) for scale in SCALES)
    if small is None and large is None:
        pytest.skip(f"the generated network has nothing for {page!r}")
    grown = common.repeated_more(small, large)
    assert not grown, (f"{page}: {len(small)} queries at N={SCALES[0]}, {len(large)} at "
                       f"N={SCALES[1]}; repeated more: {grown}")
    assert len(large) - len(small) <= len(set(common.shapes(large)) - set(common.shapes(small)))
