"""Wording: articles, plurals, real counts, GOV.UK error messages, links and the chart font."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from network.governance.elections.charts import result_chart
from network.members.models import Person
from network.wording import number_run, plural, with_article


@pytest.mark.parametrize("noun, expected", [
    ("observer", "an observer"), ("member office lead", "a member office lead"),
    ("secretariat officer", "a secretariat officer"), ("union", "a union"),
    ("hour", "an hour"), ("Observer", "an Observer"),
])
def test_article_agrees_with_the_sound_of_the_noun(noun, expected):
    assert with_article(noun) == expected


def test_plurals_and_number_runs():
    assert [plural(n, "substitute") for n in (0, 1, 4)] == [
        "0 substitutes", "1 substitute", "4 substitutes"]
    assert plural(1, "person", "people") == "1 person" and plural(2, "person", "people") == (
        "2 people")
    assert [number_run(n) for n in (1, 2, 3, 7)] == ["1", "1 and 2", "1, 2 and 3",
                                                     "1, 2, 3 and so on"]


def test_an_observer_with_an_office_is_refused_with_an(db, cast, client_request):
    page = client_request.post("people.invite", _as="admin", _expected_status=400, _data={
        "email": "new@example.org", "name": "New Person", "job_title": "Adviser",
        "role": "observer", "office": str(cast["office_a"].id)})
    assert b"An observer does not belong to an office" in page.data
    assert db.session.scalar(select(Person).where(Person.email == "new@example.org")) is None


def test_the_invitation_email_says_an_observer(db, cast, client_request):
    from network.email import OutboxEmail

    client_request.post("people.invite", _as="admin", _data={
        "email": "gov@example.org", "name": "Gov Person", "job_title": "Official",
        "role": "observer", "office": ""})
    email = db.session.scalar(select(OutboxEmail))
    assert "as an observer." in email.text_body


def test_the_result_chart_uses_the_house_font():
    chart = result_chart({"elected": ["A"], "stages": [{"votes": {"A": "3", "B": "2"}}]})
    assert 'font-family="arial, sans-serif"' in chart.split(">", 1)[0]


@pytest.mark.parametrize("link, is_link", [
    ("https://meet.example.org/j/123", True),
    ("javascript:alert(1)", False), ("http://meet.example.org/j/1", False),
])
def test_the_online_link_is_a_link_only_when_it_is_https(db, cast, client_request, link,
                                                         is_link):
    meeting = cast.meeting(30)
    meeting.online_link = link  # as stored before the form checked it
    db.session.commit()
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="lead_a")
    anchors = [a for a in page.find_all("a") if a.get("href") == link]
    assert bool(anchors) == is_link
    assert link in page.text
