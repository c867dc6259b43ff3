"""Search: found, ranked, grouped, highlighted and escaped; what each person may see; hostile
queries; a constant number of queries whatever the data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, text, true

from network.extensions import db
from network.governance.decisions.models import Decision
from network.search.queries import BY_KEY, KINDS, _postgresql, highlight, search, terms_of
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    ContactFactory,
    CorrespondenceFactory,
    MeetingFactory,
    PolicyEntryFactory,
)


@pytest.fixture
def world(cast):
    officer = cast["officer"]
    invited = MeetingFactory(actor=officer, title="Zebra crossings summit",
                             venue="Leeds <Civic> Hall", invited_offices=[cast["office_a"]],
                             observers=[cast["observer"]])
    private = MeetingFactory(actor=officer, title="Zebra budget retreat",
                             invited_offices=[cast["office_b"]])
    open_item = AgendaItemFactory(meeting=invited, title="Zebra safety",
                                  summary="Fewer <b>zebras</b> & more lights")
    secret = AgendaItemFactory(meeting=invited, title="Zebra land deal", is_confidential=True)
    db.session.add(Decision(year=2026, sequence=14, meeting_id=invited.id,
                            item_id=open_item.id, text="Agreed the zebra plan",
                            decided_on=date(2026, 1, 5), recorded_by_id=officer.id))
    ActionFactory(actor=officer, description="Count the zebras", owner_office=cast["office_b"])
    PolicyEntryFactory(actor=officer, title="Zebra policy")
    CorrespondenceFactory(actor=officer, subject="Zebra query", from_office=cast["office_b"])
    ContactFactory(actor=officer, name="Zeb Zebra", organisation="Zebra Trust")
    db.session.commit()
    return {"invited": invited, "private": private, "open_item": open_item, "secret": secret}


def _found(results):
    return {g.kind.key: [h.id for h in g.hits] for g in results.groups}


def test_the_secretariat_finds_every_kind_grouped_with_counts(cast, world):
    results = search(cast["officer"], "zebra")
    found = _found(results)
    assert set(found) == {"meeting", "item", "decision", "action", "policy", "correspondence",
                          "contact"}
    assert {g.kind.key: g.total for g in results.groups}["meeting"] == 2
    assert set(found["item"]) == {world["open_item"].id, world["secret"].id}


def test_a_title_match_ranks_above_a_body_match(cast, world):
    officer = cast["officer"]
    body_only = AgendaItemFactory(meeting=world["invited"], title="Lights",
                                  summary="one zebra mentioned")
    db.session.commit()
    hits = _found(search(officer, "zebra"))["item"]
    assert hits[-1] == body_only.id


def test_the_decision_reference_is_searched(cast, world):
    results = search(cast["officer"], "UKMN/2026/014")
    assert [g.kind.key for g in results.groups] == ["decision"]
    assert results.groups[0].hits[0].reference == "UKMN/2026/014"


def test_an_observer_sees_only_invited_meetings_and_open_items(cast, world):
    found = _found(search(cast["observer"], "zebra"))
    assert found == {"meeting": [world["invited"].id], "item": [world["open_item"].id]}
    assert search(cast["outsider_observer"], "zebra").groups == []


def test_a_member_of_another_office_sees_what_their_lists_show(cast, world):
    found_a = _found(search(cast["lead_a"], "zebra"))
    assert found_a["meeting"] == [world["invited"].id]
    assert "correspondence" not in found_a  # office b's
    assert "action" in found_a  # of no meeting: every member sees it
    assert "contact" not in found_a  # not an office contact
    found_b = _found(search(cast["lead_b"], "zebra"))
    assert found_b["meeting"] == [world["private"].id]
    assert "item" not in found_b and "decision" not in found_b
    assert "action" in found_b and "correspondence" in found_b


def test_matches_are_marked_and_the_rest_escaped(cast, world):
    assert str(highlight("Fewer <b>zebras</b> & more", ["zebra"])) == (
        "Fewer &lt;b&gt;<mark>zebras</mark>&lt;/b&gt; &amp; more")
    assert str(highlight("amp &", ["amp"])) == "<mark>amp</mark> &amp;"


@pytest.mark.parametrize("typed", ["", "   ", '"', '"zebra', "zebra*", "* OR *", "NEAR(a b)",
                                   "-zebra", "zebra -", "a AND", "NOT", "(((", "'; drop",
                                   "x" * 5000, "zebra " * 300, "ünïcödé zebra", "%_\\", ":*",
                                   "a & b | !c", "<script>"])
def test_hostile_queries_never_fail(cast, world, client_request, typed):
    search(cast["officer"], typed)
    page = client_request.get("search.index", _as="officer", q=typed, _test_page=False)
    assert page.status_code == 200
    assert "<script>" not in page.response.get_data(as_text=True)


def test_nul_in_the_address_is_a_clear_400(client_request, cast):
    page = client_request.get("search.index", _as="officer", q="zeb\x00ra",
                              _expected_status=400, _test_page=False)
    assert page.status_code == 400


def test_terms_are_plain_words():
    assert terms_of('"Zebra*" NEAR(x) -y') == ["zebra", "near", "x", "y"]
    assert terms_of("x" * 5000) == ["x" * 40]
    assert len(terms_of(" ".join(f"w{i}" for i in range(50)))) == 8


def test_the_page_groups_links_and_pages(cast, world, client_request):
    page = client_request.get("search.index", _as="officer", q="zebra")
    html = page.response.get_data(as_text=True)
    assert "<mark>Zebra</mark> crossings summit" in html
    assert "Leeds &lt;Civic&gt; Hall" in html
    assert f'/meetings/{world["invited"].id}"' in html
    one_kind = client_request.get("search.index", _as="officer", q="zebra", kind="meeting")
    assert "Meetings (2)" in one_kind.response.get_data(as_text=True)
    client_request.get("search.index", _as="officer", q="zebra", kind="meeting", page=9)


def _count_queries(fn):
    count = 0

    def seen(*args, **kwargs):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return count


def test_the_number_of_queries_does_not_grow_with_the_data(cast, world):
    officer = cast["officer"]
    few = _count_queries(lambda: search(officer, "zebra"))
    for n in range(30):
        AgendaItemFactory(meeting=world["invited"], title=f"Zebra {n}")
        ContactFactory(actor=officer, name=f"Zebra {n}")
    db.session.commit()
    many = _count_queries(lambda: search(officer, "zebra"))
    assert many == few <= 10  # a query per kind (and the person reloaded after commit)


@pytest.mark.parametrize("key", [k.key for k in KINDS])
def test_each_kind_is_indexed_by_the_migration(db, key):
    """SQLite: triggers keep the kind's rows in the FTS5 table. PostgreSQL: the query's
    tsvector is the GIN index's expression (else PostgreSQL would scan the table)."""
    table = BY_KEY[key].model.__tablename__
    if db.engine.dialect.name == "sqlite":
        triggers = set(db.session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert {f"search_{table}_{e}" for e in ("insert", "update", "delete")} <= triggers
        return
    stmt = _postgresql(BY_KEY[key], ["zebra"], true())
    sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(db.session.execute(text("EXPLAIN " + sql)).scalars())
    assert f"ix_search_{table}" in plan, plan
