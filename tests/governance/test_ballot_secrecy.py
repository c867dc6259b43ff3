"""Issue 8, item 2: nothing stored links a ballot to an office. One test per claim of the
threat model in docs/elections.md (what a database administrator, a returning officer and a
member can and cannot learn, before and after the close)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from network.db import utcnow
from network.digest import tasks
from network.extensions import db as _db
from network.governance.elections.services import valid_nominations
from network.governance.voting import box, seal
from network.governance.voting import log as election_log
from network.governance.voting.models import BallotPaper, RollEntry, SealedBallot
from network.members.models import Office
from tests.conftest import sign_in_client

OFFICES = 10  # ten distinct rankings: a shuffle keeps the voting order by chance 1 in 10!
pytestmark = pytest.mark.cast(offices=OFFICES)  # every office votes


def _rankings(ids: list[int]) -> list[list[int]]:
    a, b, c = ids
    return [[a], [b], [c], [a, b], [b, a], [a, c], [c, a], [b, c], [c, b], [a, b, c]]


@pytest.fixture
def voted(app, db, cast):
    """An open election in which ten offices have voted, each a different ranking, through
    the ballot pages; returns (election, {office name: ranking})."""
    people = [o["lead"] for o in cast["offices"]]
    election = cast.election("ballot")
    ids = [n.id for n in valid_nominations(election)]
    by_office = {}
    for person, ranking in zip(people, _rankings(ids), strict=True):
        data = {f"candidate-{nid}": str(i + 1) for i, nid in enumerate(ranking)}
        answer = sign_in_client(app, person).post(f"/elections/{election.id}/ballot/cast",
                                                data=data)
        assert answer.status_code == 200
        by_office[_db.session.get(Office, person.office_id).name] = ranking
    return election, by_office


def _close(election) -> None:
    """Let the timetable close the ballot and the scheduler's job move it on."""
    election.ballot_close_at = utcnow() - timedelta(seconds=1)
    _db.session.commit()
    tasks.advance_elections()
    _db.session.expire_all()


def _log_order(election, by_office) -> list[list[int]]:
    """The rankings in the order the election log says the offices voted."""
    return [by_office[e.data["office"]] for e in election_log.entries(election.id)
            if e.action == "roll.voted"]


def _all_rows_as_text() -> str:
    chunks = []
    for table in _db.metadata.sorted_tables:
        for row in _db.session.execute(select(table)):
            chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


# --- a database administrator, while the ballot is open ---------------------------------------

def test_while_open_the_database_holds_no_readable_preference(db, voted):
    election, by_office = voted
    assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == 0
    sealed = db.session.scalars(select(SealedBallot.sealed)).all()
    assert len(sealed) == OFFICES
    assert len({len(s) for s in sealed}) == 1, "a ranking's length does not show"
    assert len(set(sealed)) == OFFICES
    dump = _all_rows_as_text()
    for ranking in by_office.values():
        assert json.dumps(ranking, separators=(",", ":")) not in dump
        assert all(json.dumps(ranking, separators=(",", ":")).encode() not in s for s in sealed)
    key = seal.election_key(election.id)
    assert key.hex() not in dump and repr(key) not in dump, "the key is not in the database"


def test_a_sealed_ballot_opens_only_with_its_elections_key(app, db, voted):
    election, _ = voted
    sealed = db.session.scalars(select(SealedBallot.sealed)).first()
    assert seal.unseal(election.id, sealed)
    with pytest.raises(seal.SealBroken):
        seal.unseal(election.id + 1, sealed)  # moved to another election
    altered = bytearray(sealed)
    altered[20] ^= 1
    with pytest.raises(seal.SealBroken):
        seal.unseal(election.id, bytes(altered))
    app.config["BALLOT_KEY"] = "another key held by someone else"
    try:
        with pytest.raises(seal.SealBroken):
            seal.unseal(election.id, sealed)
    finally:
        app.config["BALLOT_KEY"] = ""


def test_what_a_dba_can_learn_while_open_is_only_who_voted(db, voted):
    """Stated in the threat model: the sealed ballot shares its roll entry's transaction."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    roll = set(db.session.scalars(text("SELECT xmin::text FROM roll_entry")))
    sealed = db.session.scalars(text("SELECT xmin::text FROM sealed_ballot")).all()
    assert set(sealed) <= roll, "a DBA can tell which office's sealed ballot is which..."
    # ... and reads no preference from it (the test above)


# --- a database administrator, after the close ---------------------------------------------

def test_at_the_close_the_box_is_opened_once_and_every_ballot_counts(db, voted):
    election, by_office = voted
    _close(election)
    assert db.session.scalar(select(func.count()).select_from(SealedBallot)) == 0
    papers = db.session.scalars(select(BallotPaper.preferences)
                                .where(BallotPaper.election_id == election.id)).all()
    assert sorted(papers) == sorted(by_office.values())
    opened = [e for e in election_log.entries(election.id) if e.action == "ballot_box.opened"]
    assert [e.data for e in opened] == [{"papers": OFFICES, "roll": OFFICES, "unopenable": 0}]
    assert election_log.verify(election.id)[0]
    tasks.advance_elections()  # the scheduler again: nothing to open twice
    assert db.session.scalar(select(func.count()).select_from(BallotPaper)) == OFFICES


def test_after_the_close_no_ballot_shares_a_transaction_with_a_roll_entry(db, voted):
    election, by_office = voted
    if db.engine.dialect.name != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's; SQLite's rowid is tested below")
    _close(election)
    roll = set(db.session.scalars(text("SELECT xmin::text FROM roll_entry")))
    papers = db.session.execute(text(
        "SELECT xmin::text AS xmin, ctid::text AS ctid, id, preferences FROM ballot_paper "
        "WHERE election_id = :e"), {"e": election.id}).all()
    assert len(papers) == OFFICES and len(roll) == OFFICES
    assert len({p.xmin for p in papers}) == 1, "one transaction wrote every paper"
    assert not {p.xmin for p in papers} & roll, "no paper shares an xmin with a roll entry"

    def prefs(rows):
        return [p.preferences if isinstance(p.preferences, list)
                else json.loads(p.preferences) for p in rows]

    in_log_order = _log_order(election, by_office)
    by_ctid = sorted(papers, key=lambda p: tuple(int(x) for x in p.ctid.strip("()").split(",")))
    assert prefs(by_ctid) != in_log_order, "the physical order is not the voting order"
    assert prefs(sorted(papers, key=lambda p: p.id)) != in_log_order


def test_after_the_close_sqlite_row_order_is_not_the_voting_order(db, voted):
    election, by_office = voted
    if db.engine.dialect.name != "sqlite":
        pytest.skip("rowid is SQLite's")
    in_cast_order = db.session.execute(text(
        "SELECT rowid FROM sealed_ballot ORDER BY rowid")).all()
    assert len(in_cast_order) == OFFICES
    _close(election)
    by_rowid = [json.loads(p) for p in db.session.scalars(text(
        "SELECT preferences FROM ballot_paper WHERE election_id = :e ORDER BY rowid"),
        {"e": election.id})]
    by_id = [json.loads(p) for p in db.session.scalars(text(
        "SELECT preferences FROM ballot_paper WHERE election_id = :e ORDER BY id"),
        {"e": election.id})]
    in_log_order = _log_order(election, by_office)
    assert sorted(by_rowid) == sorted(in_log_order)
    assert by_rowid != in_log_order and by_id != in_log_order


def test_papers_have_no_column_that_could_order_or_link_them(db):
    columns = {c.name for c in BallotPaper.__table__.columns}
    assert columns == {"id", "election_id", "preferences"}
    assert {c.name for c in SealedBallot.__table__.columns} == {"id", "election_id", "sealed"}
    assert not BallotPaper.__table__.foreign_keys - {
        fk for fk in BallotPaper.__table__.foreign_keys if fk.column.table.name == "election"}


def test_an_altered_sealed_ballot_is_counted_as_unopenable_in_the_log(db, voted):
    election, _ = voted
    row = db.session.scalars(select(SealedBallot)).first()
    row.sealed = row.sealed[:-1] + bytes([row.sealed[-1] ^ 1])
    db.session.commit()
    _close(election)
    opened = next(e for e in election_log.entries(election.id)
                  if e.action == "ballot_box.opened")
    assert opened.data == {"papers": OFFICES - 1, "roll": OFFICES, "unopenable": 1}


# --- the returning officer and members --------------------------------------------------------

def test_the_returning_officer_sees_turnout_but_no_ballot_until_the_close(app, db, cast,
                                                                            voted):
    election, _ = voted
    admin = sign_in_client(app, cast["admin"])
    page = admin.get(f"/elections/{election.id}")
    assert f"{OFFICES} of {OFFICES} member offices voted so far".encode() in page.data
    early = admin.post(f"/elections/{election.id}/count", data={"seed": "x"})
    assert early.status_code == 400 and b"must close before the count" in early.data
    assert admin.get(f"/elections/{election.id}/ballots.blt").status_code == 403
    assert box.sealed_count(election.id) == OFFICES


def test_count_receipts_and_blt_recount_after_sealing(app, db, cast, voted, tmp_path):
    election, by_office = voted
    _close(election)
    admin = sign_in_client(app, cast["admin"])
    assert admin.post(f"/elections/{election.id}/count",
                      data={"seed": "s-2026"}).status_code == 302
    assert admin.post(f"/elections/{election.id}/declare").status_code == 302
    db.session.expire_all()
    member = sign_in_client(app, cast["offices"][1]["lead"])
    results = member.get(f"/elections/{election.id}/results")
    assert results.status_code == 200
    for receipt in db.session.scalars(select(RollEntry.receipt)):
        assert receipt.encode() in results.data
    first = member.get(f"/elections/{election.id}/ballots.blt").data
    assert member.get(f"/elections/{election.id}/ballots.blt").data == first, "stable"
    path = tmp_path / "e.blt"
    path.write_bytes(first)
    recount = app.test_cli_runner().invoke(
        args=["count", str(path), "--method", "irv", "--seed", "s-2026", "--json"])
    assert recount.exit_code == 0, recount.output
    assert json.loads(recount.output)["elected"] == election.result["elected"]
    assert json.loads(recount.output)["valid"] == OFFICES
