"""Benchmark: build the forward-agenda digest for 1,000 people on a large generated network.

Usage: .venv/bin/python bench/digest.py [--people 1000] [--meetings 400] [--seed 12]
       [--database postgresql://...]   (default: a throwaway SQLite file)

Generates the network with bulk inserts, deterministic from the seed: offices of five people
each, a secretariat and observers, meetings across the year (some for a few offices only) with
RSVPs, the offices' items, thousands of actions, elections, workstream status updates and policy
tracker entries. Then builds every person's weekly digest, a batch of 100 at a time as the
scheduler does, renders both parts of each, and prints the time and the SQL queries per digest
(and per batch, which must not grow with people or meetings). Writes bench/results/digest.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "digest.json"
BATCH = 100


def generate(people: int, meetings: int, seed: int) -> None:
    """Fill an empty, migrated database with a network of about `people` people."""
    from network.db import utcnow
    from network.extensions import db
    from network.governance.elections.models import Election, ElectionStatus, Method
    from network.members.models import (
        DigestFrequency,
        Office,
        OfficeKind,
        OfficeStatus,
        Person,
        Role,
    )
    from network.time import at, today
    from network.workplan.actions.models import Action, ActionStatus
    from network.workplan.items.models import AgendaItem, ItemStatus
    from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus, meeting_office
    from network.workplan.minutes.models import Rsvp, RsvpResponse
    from network.workplan.tracker.models import PolicyEntry, PolicyKind
    from network.workplan.workstreams.models import StatusUpdate, Workstream, WorkstreamStatus

    rng = random.Random(seed)
    now, day0 = utcnow(), today()
    offices = max(people // 5, 2)
    db.session.execute(insert(Office), [
        {"name": f"Generated Authority {n}", "slug": f"generated-{n}", "kind": OfficeKind.MCA,
         "joined_on": day0 - timedelta(days=900), "status": OfficeStatus.ACTIVE}
        for n in range(offices)])
    office_ids = list(db.session.scalars(select(Office.id).order_by(Office.id)))
    roles = [Role.MEMBER_LEAD, Role.MEMBER_STAFF, Role.MEMBER_STAFF, Role.MEMBER_STAFF,
             Role.MEMBER_STAFF]
    rows = []
    for n in range(people):
        kind = "member" if n < people - 30 else ("secretariat" if n % 2 else "observer")
        role = roles[n % 5] if kind == "member" else (
            Role.SECRETARIAT if kind == "secretariat" else Role.OBSERVER)
        rows.append({"email": f"p{n}@bench.example", "name": f"Person {n}", "role": role,
                     "office_id": office_ids[(n // 5) % offices] if kind == "member" else None,
                     "digest_frequency": DigestFrequency.WEEKLY})
    db.session.execute(insert(Person), rows)
    person_ids = list(db.session.scalars(select(Person.id).order_by(Person.id)))
    secretariat = db.session.scalar(select(Person.id).where(Person.role == Role.SECRETARIAT))

    meeting_rows = []
    for n in range(meetings):
        starts = at(day0 + timedelta(days=rng.randint(-60, 365)), rng.choice([10, 14]))
        meeting_rows.append({
            "title": f"Meeting {n}", "kind": rng.choice(list(MeetingKind)), "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "venue": "Civic Hall",
            "status": MeetingStatus.OPEN_FOR_ITEMS if starts.date() > day0 else MeetingStatus.HELD,
            "submission_deadline_on": starts.date() - timedelta(days=14),
            "papers_due_on": starts.date() - timedelta(days=7),
            "is_all_offices": n % 3 != 0, "secretariat_lead_id": secretariat})
    db.session.execute(insert(Meeting), meeting_rows)
    meeting_ids = list(db.session.scalars(select(Meeting.id).order_by(Meeting.id)))
    db.session.execute(insert(meeting_office), [
        {"meeting_id": m, "office_id": o} for i, m in enumerate(meeting_ids) if i % 3 == 0
        for o in rng.sample(office_ids, min(5, len(office_ids)))])
    db.session.execute(insert(Rsvp), [
        {"meeting_id": m, "person_id": p, "response": rng.choice(list(RsvpResponse))}
        for p in person_ids for m in rng.sample(meeting_ids, 3)])
    db.session.execute(insert(AgendaItem), [
        {"meeting_id": rng.choice(meeting_ids), "title": f"Item {n}",
         "office_id": rng.choice(office_ids), "status": rng.choice(
             [ItemStatus.SUBMITTED, ItemStatus.ACCEPTED, ItemStatus.DEFERRED]),
         "submitted_by_id": rng.choice(person_ids)} for n in range(offices * 3)])
    db.session.execute(insert(Action), [
        {"description": f"Action {n}", "owner_office_id": rng.choice(office_ids),
         "due_on": day0 + timedelta(days=rng.randint(-40, 90)),
         "status": rng.choice([ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
         "created_by_id": secretariat} for n in range(offices * 15)])
    db.session.execute(insert(Workstream), [
        {"name": f"Workstream {n}", "slug": f"workstream-{n}"} for n in range(12)])
    streams = list(db.session.scalars(select(Workstream.id)))
    db.session.execute(insert(StatusUpdate), [
        {"workstream_id": rng.choice(streams), "person_id": secretariat,
         "status": rng.choice([WorkstreamStatus.RED, WorkstreamStatus.AMBER]),
         "previous_status": WorkstreamStatus.GREEN, "commentary": "Moved on",
         "at": now - timedelta(days=rng.randint(0, 20))} for _ in range(40)])
    db.session.execute(insert(PolicyEntry), [
        {"title": f"Policy {n}", "source_url": "https://www.gov.uk/", "summary": "A paper",
         "published_on": day0 - timedelta(days=n % 30), "kind": PolicyKind.OPPORTUNITY,
         "owner_id": secretariat, "created_by_id": secretariat,
         "created_at": now - timedelta(days=n % 30)} for n in range(120)])
    db.session.execute(insert(Election), [
        {"position": f"Seat {n}", "method": Method.FPTP, "status": ElectionStatus.BALLOT_OPEN,
         "nominations_open_at": now - timedelta(days=9), "nominations_close_at": now -
         timedelta(days=5), "ballot_open_at": now - timedelta(days=1),
         "ballot_close_at": now + timedelta(days=3), "returning_officer_id": secretariat,
         "published_at": now - timedelta(days=10)} for n in range(3)])
    db.session.commit()


def measure(people_limit: int | None) -> dict:
    """Build (and render) the weekly digest of everyone, a batch at a time."""
    from network.digest.digest import build_digests, next_send
    from network.email import render_bodies
    from network.extensions import db
    from network.members.models import DigestFrequency, Person
    from network.time import now

    ids = list(db.session.scalars(select(Person.id).order_by(Person.id)))[:people_limit]
    at = next_send(DigestFrequency.WEEKLY, now())
    counted: list[int] = []
    queries = [0]

    def count(*_args):
        queries[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    sections = 0
    try:
        for start in range(0, len(ids), BATCH):
            before = queries[0]
            db.session.expire_all()
            batch = list(db.session.scalars(select(Person).where(
                Person.id.in_(ids[start:start + BATCH])).order_by(Person.id)))
            for digest in build_digests(batch, DigestFrequency.WEEKLY, at):
                sections += len(digest.sections)
                render_bodies("digest", subject=digest.subject, person=digest.person,
                              digest=digest, network_name="UK Mayors Network",
                              base_url="https://portal.example")
            counted.append(queries[0] - before)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    elapsed = time.perf_counter() - started
    return {"people": len(ids), "seconds": round(elapsed, 3),
            "ms_per_digest": round(1000 * elapsed / len(ids), 2),
            "queries": queries[0], "queries_per_digest": round(queries[0] / len(ids), 3),
            "queries_per_batch": sorted(set(counted)),
            "sections_per_digest": round(sections / len(ids), 2)}


def main() -> int:
    """Generate, measure at two sizes, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=400)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from network import create_app

    url = args.database or "sqlite:///" + tempfile.mkstemp(suffix=".sqlite3")[1]
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "SERVER_NAME_FOR_EMAIL": "https://portal.example"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        started = time.perf_counter()
        generate(args.people, args.meetings, args.seed)
        generated = time.perf_counter() - started
        small = measure(BATCH)
        full = measure(None)
        dialect = app.extensions["sqlalchemy"].engine.dialect.name
    report = {"database": dialect, "people": args.people, "meetings": args.meetings,
              "seed": args.seed, "generate_seconds": round(generated, 2), "first_batch": small,
              "everyone": full, "python": platform.python_version()}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{args.people} people, {args.meetings} meetings on {dialect} "
          f"(generated in {generated:.1f} s)")
    for label, figures in (("first 100 people", small), ("all people", full)):
        print(f"  {label:17} {figures['ms_per_digest']:7.2f} ms per digest, "
              f"{figures['queries_per_digest']:.3f} queries per digest, "
              f"{figures['queries_per_batch']} queries per batch of {BATCH}, "
              f"{figures['sections_per_digest']} sections per digest")
    same = small["queries_per_batch"] == full["queries_per_batch"]
    print("queries per batch do not grow with people" if same else "QUERIES GREW")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
