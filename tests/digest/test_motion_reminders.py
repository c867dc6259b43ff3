"""Written-procedure motions in the scheduler: the reminder as a vote closes (only to offices
that have not voted, once) and the digest's section of motions open to the office."""

from __future__ import annotations

from datetime import timedelta

import pytest

from network.digest.digest import build_digests
from network.governance.motions import services as motions
from network.governance.motions import tasks as motion_tasks
from network.members.models import DigestFrequency
from network.time import now
from tests.digest.helpers import outbox
from tests.governance.motion_helpers import in_force, written


@pytest.mark.cast(offices=4)
def test_a_written_vote_closing_reminds_only_offices_that_have_not_voted_once(db, cast):
    in_force()
    motion = written(cast, hours=20)
    motions.cast_vote(cast["lead_a"], motion, "for")
    db.session.commit()

    early = motion_tasks.remind_motion_votes(now() - timedelta(hours=5))
    assert early == "0 written-vote reminders queued", "closes more than 24 hours after that"
    motion_tasks.remind_motion_votes(now())
    rows = outbox("motion-closing")
    expected = {cast[f"{who}_{x}"].email for who in ("lead", "staff") for x in "bcd"}
    assert {r.to_address for r in rows} == expected, "voter and substitute of offices yet to vote"
    assert f"/motions/{motion.id}/vote" in rows[0].text_body
    motion_tasks.remind_motion_votes(now() + timedelta(hours=1))
    assert len(outbox("motion-closing")) == len(expected), "once per motion and person"


@pytest.mark.cast(offices=3)
def test_the_digest_lists_open_written_votes_and_whether_the_office_has_voted(db, cast):
    in_force()
    motion = written(cast, title="Joint letter on bus funding")
    later = written(cast, title="Skills compact", opens_in=timedelta(days=2))
    motions.cast_vote(cast["lead_a"], motion, "against")
    db.session.commit()

    lead_a, lead_b, observer = build_digests(
        [cast["lead_a"], cast["lead_b"], cast["observer"]], DigestFrequency.WEEKLY, now())
    title = "Motions to vote on in writing"

    def rows(digest):
        return {s.title: s.rows for s in digest.sections}.get(title, [])

    a_rows, b_rows = rows(lead_a), rows(lead_b)
    assert [r.text for r in a_rows] == [motion.title, later.title]
    assert "your office has voted" in a_rows[0].detail and not a_rows[0].is_urgent
    assert "has not voted yet" in b_rows[0].detail and b_rows[0].is_urgent
    assert "voting opens" in b_rows[1].detail
    assert a_rows[0].link.endswith(f"/motions/{motion.id}")
    assert rows(observer) == [], "observers see nothing of the network's votes"


@pytest.mark.cast(offices=3)
def test_a_decision_by_written_procedure_is_in_the_next_digest_of_every_member(db, cast):
    in_force()
    motion = written(cast, title="Joint letter on rail devolution")
    for office in "abc":
        motions.cast_vote(cast[f"lead_{office}"], motion, "for")
    motions.close_vote(None, motion, now())
    db.session.commit()
    assert motion.decision_id, "carried: in the decisions register"

    lead_c, observer = build_digests([cast["lead_c"], cast["observer"]],
                                     DigestFrequency.WEEKLY, now() + timedelta(days=7))
    rows = {s.title: s.rows for s in lead_c.sections}["Decisions and minutes since your last "
                                                      "digest"]
    [row] = [r for r in rows if "rail devolution" in r.text.lower()]
    assert row.detail == "by written procedure"
    assert row.link.endswith(f"/decisions/{motion.decision_id}")
    assert not any("Decisions" in s.title for s in observer.sections)
