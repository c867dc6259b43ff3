"""The search page: /search?q=words[&kind=meeting&page=2]."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from network.inputs import query_int
from network.members import policy
from network.search.queries import BY_KEY, KINDS, search

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("")
@login_required
def index():
    policy.authorize("search.use")
    typed = request.args.get("q", "")[:200]
    kind = request.args.get("kind", "")
    kind = kind if kind in BY_KEY else ""
    page = query_int("page", 1, maximum=10_000, label="The page number") if kind else 1
    results = search(current_user, typed, kind or None, page)
    group = results.groups[0] if kind and results.groups else None
    return render_template("search/index.html", typed=typed, results=results, kind=kind,
                           page=page, group=group, kinds=KINDS,
                           has_next=bool(group and group.total > page * 20))
