"""Pagination for API lists: `page` and `page_size` query arguments (a default and a maximum
page size) and an RFC 8288 Link header pointing at the next (and previous) page."""

from __future__ import annotations

from flask import request, url_for
from marshmallow import Schema, fields, validate

from network.inputs import MAX_INT

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class PageArgsSchema(Schema):
    """Which page of a list, and how many records a page holds."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_INT),
                      metadata={"description": "The page number, from 1"})
    page_size = fields.Int(load_default=DEFAULT_PAGE_SIZE,
                           validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
                           metadata={"description": f"Records a page (default "
                                                    f"{DEFAULT_PAGE_SIZE}, at most "
                                                    f"{MAX_PAGE_SIZE})"})


def link_header(args: dict, has_next: bool) -> dict[str, str]:
    """The Link header for this page of the current endpoint's list (empty if it has no
    neighbours); `args` are the parsed query arguments, page and page_size among them."""
    page = args["page"]
    rest = {k: v for k, v in args.items() if v is not None and k != "page"}
    links = []
    if has_next:
        links.append(f'<{url_for(request.endpoint, page=page + 1, **rest)}>; rel="next"')
    if page > 1:
        links.append(f'<{url_for(request.endpoint, page=page - 1, **rest)}>; rel="prev"')
    return {"Link": ", ".join(links)} if links else {}
