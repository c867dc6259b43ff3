"""Every page reachable without URL arguments, for every role, holds what every page must:
the status of the authorization table, one <h1>, a <title> of its own (no two pages a role
can open share one), no duplicate ids, and the CSP nonce on every script (tests/pages.py)."""

from __future__ import annotations

import pytest

from tests.members.test_authorization import ANON, TABLE, WHO, app_rules, method_for
from tests.pages import page_problems


@pytest.mark.parametrize("who", WHO)
def test_every_page_without_arguments_passes_the_page_checks(app, db, client_request, who):
    from tests.governance.constitution_factories import version_in_force

    version_in_force()  # the network's Constitution, as every network has one
    db.session.commit()
    problems = []
    for rule in app_rules(app):
        if rule.arguments or method_for(rule) != "GET" or rule.endpoint not in TABLE:
            continue  # rules with arguments are walked by tests/members/test_authorization.py
        expected = TABLE[rule.endpoint][WHO.index(who)]
        try:  # client_request checks the page it fetches and says what is wrong
            client_request.get(rule.endpoint, _as=None if who == ANON else who,
                               _expected_status=expected)
        except AssertionError as failure:
            problems.append(str(failure))
    assert not problems, "\n".join(problems)


def _page(html: str, csp: str = "script-src 'self' 'nonce-abc'"):
    from flask import Response

    from tests.pages import Page

    return Page(Response(html, headers={"Content-Security-Policy": csp}))


GOOD = ('<html><head><title>Meetings – UK Mayors Network</title></head><body><h1>Meetings</h1>'
        '<p id="a">One</p><svg><title>Logo</title></svg><script nonce="abc" src="/x.js">'
        '</script></body></html>')


@pytest.mark.parametrize("html, problem", [
    (GOOD, None),
    (GOOD.replace("<h1>Meetings</h1>", ""), "0 <h1> elements"),
    (GOOD.replace("</h1>", "</h1><h1>Again</h1>"), "2 <h1> elements"),
    (GOOD.replace("Meetings –", ""), "must say what the page is"),
    (GOOD.replace("<title>Meetings – UK Mayors Network</title>", ""), "must say what"),
    (GOOD.replace('id="a"', 'id="a"><b id="a"'), "duplicate id='a'"),
    (GOOD.replace('nonce="abc"', ""), "without the CSP nonce"),
    (GOOD.replace('nonce="abc"', 'nonce="xyz"'), "without the CSP nonce"),
])
def test_the_page_checks_find_what_they_look_for(app, html, problem):
    problems = page_problems(_page(html), 200, app.config["NETWORK_NAME"])
    assert (problems == []) if problem is None else any(problem in p for p in problems), problems
