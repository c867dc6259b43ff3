"""Paging for HTML lists: one page of a query, the page number read safely from the web
address, and the count a page shows ("Showing 1 to 25 of 300").

Every list page uses `paged(query)`; templates show it with the `page_summary` and
`pages` macros of components/pagination.html. The JSON API pages through
network/api/pagination.py, which reads its own `page` and `page_size` arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from network.extensions import db
from network.inputs import query_int

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Past this a page number is a typing slip or a crawler (a 400 that says so): nobody reads
# millions of rows a page at a time, and a very deep OFFSET walks every row before it.
MAX_PAGE = 100_000


@dataclass
class Page:
    """One page of a list: its rows, which page it is, and how many rows the list holds."""

    rows: list
    number: int
    size: int
    has_next: bool
    total: int | None = None
    param: str = "page"

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def first(self) -> int:
        """The position in the whole list of this page's first row, from 1 (0 when empty)."""
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The position in the whole list of this page's last row."""
        return (self.number - 1) * self.size + len(self.rows)

    @property
    def last_page(self) -> int | None:
        """The number of the last page, when the list was counted."""
        if self.total is None:
            return None
        return max(1, -(-self.total // self.size))


def page_of(query: Select, page: int, size: int, *, scalars: bool = True) -> tuple[list, bool]:
    """One page of a query and whether there is another after it (no COUNT query); its rows
    are the first column's objects, or whole rows when not `scalars`."""
    query = query.limit(size + 1).offset((page - 1) * size)
    rows = list(db.session.scalars(query) if scalars else db.session.execute(query))
    return rows[:size], len(rows) > size


def count_of(query: Select) -> int:
    """How many rows a query selects (its ordering and loader options dropped)."""
    return db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery())) or 0


def page_number(param: str = "page") -> int:
    """The page number from the web address: 1 when absent; anything but a whole number from
    1 to MAX_PAGE is a 400 that says so (never a 500)."""
    return query_int(param, 1, maximum=MAX_PAGE, label="The page number")


def paged(query: Select, size: int = DEFAULT_PAGE_SIZE, *, param: str = "page",
          count: bool = True, scalars: bool = True) -> Page:
    """The page of `query` the web address asks for, `size` rows to a page (at most
    MAX_PAGE_SIZE), counted unless `count` is false. A page past the end shows the last page
    (an old link to a list that has since shrunk still lands on something)."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    number = page_number(param)
    rows, has_next = page_of(query, number, size, scalars=scalars)
    total = count_of(query) if count else None
    if not rows and number > 1:
        number = max(1, -(-total // size)) if total is not None else 1
        rows, has_next = page_of(query, number, size, scalars=scalars)
    return Page(rows, number, size, has_next, total, param)
