"""Pagination for every API list, one shape for the whole API (docs/api.md):

* query arguments `page` (from 1) and `page_size` (DEFAULT_PAGE_SIZE unless given, at most
  MAX_PAGE_SIZE); anything else is the 422 envelope;
* the body is a JSON array of that page's records;
* an RFC 8288 `Link` header with rel="first" and, when they exist, rel="prev" and rel="next"
  (each the same address with the same filters and page size, another page).

The page is read in SQL (LIMIT and OFFSET, one row more than the page to know whether another
follows), so a list runs the same statements however long it is. There is no total: at 30,000
actions a COUNT took as long as reading the page (PostgreSQL 8 ms for the secretariat, 24 ms
for an office, against 15 ms for the page), on every request, for a figure few clients use."""

from __future__ import annotations

from flask import request, url_for
from marshmallow import Schema, ValidationError, fields, pre_load, validate
from sqlalchemy import Select

from network.extensions import db
from network.inputs import MAX_INT

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
PAGING_ARGUMENTS = ("page", "page_size")

PAGE_HEADERS = {
    "Link": {"description": 'RFC 8288 links to other pages of this list: rel="first", and '
                            'rel="prev" and rel="next" when there are such pages; each keeps '
                            'the filters and page_size. There is no more when there is no '
                            'rel="next".',
             "schema": {"type": "string"}},
}


class PageArgsSchema(Schema):
    """Which page of a list, and how many records a page holds."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_INT),
                      metadata={"description": "The page number, from 1"})
    page_size = fields.Int(load_default=DEFAULT_PAGE_SIZE,
                           validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
                           metadata={"description": f"Records a page (default "
                                                    f"{DEFAULT_PAGE_SIZE}, at most "
                                                    f"{MAX_PAGE_SIZE})"})

    @pre_load
    def _each_once(self, data, **kwargs):
        """Refuse a paging argument given twice: which one counts would be a guess (and the
        control-character check reads only the first)."""
        getlist = getattr(data, "getlist", None)
        twice = {name: ["Give this once"] for name in PAGING_ARGUMENTS
                 if getlist is not None and len(getlist(name)) > 1}
        if twice:
            raise ValidationError(twice)
        return data


class Page:
    """One page of a list: its records and whether more follow (from one record more than
    the page, or `has_next` where the caller read that itself)."""

    def __init__(self, rows: list, page: int, size: int, has_next: bool | None = None):
        self.rows, self.page, self.size = rows[:size], page, size
        self.has_next = len(rows) > size if has_next is None else has_next

    def headers(self) -> dict[str, str]:
        """The Link header of this page."""
        links = [(1, "first")]
        if self.page > 1:
            links.append((self.page - 1, "prev"))
        if self.has_next:
            links.append((self.page + 1, "next"))
        return {"Link": ", ".join(f'<{_address(page, self.size)}>; rel="{rel}"'
                                  for page, rel in links)}

    def response(self, rows: list | None = None):
        """(body, status, headers) for a flask-smorest view: `rows` (default this page's
        records, or the same records as the view shows them) with the paging headers."""
        return (self.rows if rows is None else rows), 200, self.headers()


def _address(page: int, size: int) -> str:
    """This list's address with the filters the caller sent, at another page."""
    view_args = dict(request.view_args or {})
    kept = {k: v for k, v in request.args.items() if k not in (*PAGING_ARGUMENTS, "per_page")
            and k not in view_args}
    return url_for(request.endpoint, **view_args, page=page, page_size=size, **kept)


def paginate(query: Select, args: dict, *, scalars: bool = True) -> Page:
    """One page of `query` (in its own order, which must end with a unique key so pages
    neither repeat nor skip a record) read with LIMIT/OFFSET.
    `args` holds `page` and `page_size` (PageArgsSchema); `scalars=False` keeps each row's
    extra columns (rows of tuples)."""
    page, size = args["page"], args["page_size"]
    window = query.limit(size + 1).offset((page - 1) * size)
    rows = list(db.session.scalars(window) if scalars else db.session.execute(window).all())
    return Page(rows, page, size)


def page_of_list(items: list, args: dict) -> Page:
    """A page of a list already bounded in memory by its nature (an election's candidates
    are at most one an office), paged the same way for the same contract."""
    page, size = args["page"], args["page_size"]
    start = (page - 1) * size
    return Page(items[start:start + size + 1], page, size)
