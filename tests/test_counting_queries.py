"""The query-count helper (tests/queries.py) counts each request as production runs it: read
afresh, as if in its own database session, and without the once-a-minute session touch or the
token's last use, whose timing would otherwise decide whether a count holds one more write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from network.db import utcnow
from network.extensions import db as _db
from network.governance.elections.models import Election
from network.members.models import ApiToken, UserSession
from network.members.services.tokens import create_api_token
from tests.conftest import sign_in_client
from tests.queries import counting_queries, query_counts


def _seen(minutes_ago: int) -> None:
    at = utcnow() - timedelta(minutes=minutes_ago)
    _db.session.execute(update(UserSession).values(last_seen_at=at))
    _db.session.execute(update(ApiToken).values(last_used_at=at))
    _db.session.commit()


@pytest.mark.cast(offices=3)
def test_a_counted_page_reads_afresh_whatever_the_test_session_holds(app, db, cast):
    election = cast.election("ballot")
    admin = sign_in_client(app, cast["admin"])
    path = f"/elections/{election.id}"
    admin.get(path)
    _db.session.commit()  # which expires all the test's session holds
    fresh = query_counts(admin, [path])
    # now the test's session, which requests share, holds the election loaded, and all the
    # request before it read: production would read them again in the next request's session
    assert _db.session.get(Election, election.id).position
    assert query_counts(admin, [path]) == fresh


def test_a_due_session_touch_is_not_counted_in_a_page(app, db, cast):
    admin = sign_in_client(app, cast["admin"])
    admin.get("/api/v1/offices")
    not_due = query_counts(admin, ["/api/v1/offices"])
    _seen(minutes_ago=2)  # a touch is due: the last one was more than a minute ago
    due = query_counts(admin, ["/api/v1/offices"])
    assert due == not_due
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in _counted(admin))


def test_a_due_token_use_is_not_counted_in_an_api_list(app, db, cast):
    _, raw = create_api_token(cast["lead_a"], cast["office_a"], "crm")
    _db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {raw}"}
    client.get("/api/v1/offices", headers=headers)
    with counting_queries() as not_due:
        assert client.get("/api/v1/offices", headers=headers).status_code == 200
    _seen(minutes_ago=10)  # the last use is recorded at most every five minutes
    with counting_queries() as due:
        assert client.get("/api/v1/offices", headers=headers).status_code == 200
    assert len(due) == len(not_due), "\n".join(due)


def test_an_idle_session_still_ends_inside_a_count(app, db, cast):
    admin = sign_in_client(app, cast["admin"])
    _seen(minutes_ago=31)
    with counting_queries():
        assert admin.get("/api/v1/offices").status_code == 401
    assert _db.session.scalar(UserSession.__table__.select().with_only_columns(
        UserSession.end_reason)) == "idle"


def _counted(client) -> list[str]:
    with counting_queries() as statements:
        assert client.get("/api/v1/offices").status_code == 200
    return statements
