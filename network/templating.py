"""Template globals and filters: policy checks, London times, sanitised Markdown."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import nh3
from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from markdown_it import MarkdownIt
from markupsafe import Markup

from network.time import show
from network.wording import number_run, plural, with_article

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {"p", "a", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
                "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "br", "hr"}


def long_date(value: date | None) -> str:
    """A date as GOV.UK writes it: 23 November 2026."""
    return value.strftime("%-d %B %Y") if value else ""


# Rendered texts kept per process: the register, minutes and Constitution show the same
# (never edited) texts on every visit; at most this many, each of at most MEMO_CHARS.
MEMO_SIZE = 2048
MEMO_CHARS = 4000


def render_markdown(text: str | None) -> Markup:
    """User Markdown rendered and sanitised with nh3; the only way user text becomes HTML."""
    text = text or ""
    clean = _sanitised(text) if len(text) <= MEMO_CHARS else _sanitised.__wrapped__(text)
    return Markup(clean)  # noqa: S704 - sanitised by nh3 in _sanitised


@lru_cache(maxsize=MEMO_SIZE)
def _sanitised(text: str) -> str:
    html = _markdown.render(text)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"https", "mailto"}, link_rel="noopener noreferrer")


def init_templating(app: Flask) -> None:
    """Register helpers on the Jinja environment."""
    from network.members import policy

    WTFormsHelpers(app)
    app.jinja_env.filters["london"] = show
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["with_article"] = with_article
    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["number_run"] = number_run
    app.jinja_env.globals["can"] = policy.template_can
    app.jinja_env.globals["why_not"] = policy.template_why_not
    app.jinja_env.globals["network_name"] = app.config["NETWORK_NAME"]
