"""The shape of a digest section, shared by every domain's tasks.py (which give the sections)
and network/digest/ (which puts them together): lower layers cannot import the digest.

A section function takes the readers of one batch (active people, their office loaded as
office_id) and the digest's window, runs a fixed number of queries for the whole batch, and
returns each reader's section by person id (absent when it has nothing to say)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for

from network.web import public_address

ROWS_SHOWN = 10  # rows a section lists; the rest are counted, with a link to them all


@dataclass(frozen=True)
class Window:
    """The digest's time: when it is sent (local), since when news counts (the previous
    digest of the same frequency, UTC), today, and how far ahead it looks."""

    at: datetime
    since: datetime
    today: date
    horizon: date


@dataclass
class Row:
    """One line of a section: what, a link into the portal, and a detail (status, date)."""

    text: str
    link: str = ""
    detail: str = ""
    is_urgent: bool = False  # overdue, closing soon, not yet answered


@dataclass
class Section:
    """A titled list in the digest; `more` rows beyond those shown, all of them at `link`."""

    title: str
    rows: list[Row] = field(default_factory=list)
    link: str = ""
    link_text: str = ""
    more: int = 0
    order: int = 50

    @classmethod
    def of(cls, title: str, rows: list[Row], link: str = "", link_text: str = "",
           order: int = 50, total: int | None = None) -> Section:
        """A section showing the first ROWS_SHOWN rows and counting the rest (of `total`, when
        the caller loaded only the rows shown)."""
        total = len(rows) if total is None else total
        return cls(title, rows[:ROWS_SHOWN], link, link_text, max(total - ROWS_SHOWN, 0),
                   order)


def portal(endpoint: str, **values) -> str:
    """An absolute link into the portal (network.web.public_address), for emails."""
    return public_address() + url_for(endpoint, **values)
