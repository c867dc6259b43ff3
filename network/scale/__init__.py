"""`network demo --scale N`: a generated network of ten years for measuring pages as data
grows. At N=1: 40 offices, 405 people, 1,200 meetings, 20,000 agenda items, 30,000 actions,
3,060 decisions, 100 elections and 50,000 audit entries; N=0.1 a tenth. The same seed builds
the same network (dates are counted from the day it runs). The mass rows go in as bulk INSERTs;
deadlines and standing items come from the meetings service, the Constitution, counts and
declarations from their services."""

from __future__ import annotations

import math
from datetime import date, timedelta
from random import Random

from sqlalchemy import func, insert, select, update

from network.audit import AuditEntry
from network.extensions import db
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, Nomination
from network.governance.voting.models import BallotPaper, RollEntry
from network.members.models import Office, Person
from network.scale import governance, members, workplan
from network.scale.bulk import Rows, restart_sequences, write
from network.time import at
from network.time import today as local_today
from network.workplan.actions.models import Action
from network.workplan.forward.models import PlanEntry
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting, meeting_office
from network.workplan.workstreams.models import Milestone, Workstream

# What N=1 builds, by kind.
FULL = {"offices": 40, "people": 405, "workstreams": 12, "meetings": 1200, "items": 20_000,
        "actions": 30_000, "decisions": 3060, "elections": 100, "plan_entries": 300,
        "audit_entries": 50_000}
MINIMUM = {"offices": 4}  # proposer, seconder and candidates from different offices
MAX_SCALE = 10.0


class NotEmpty(Exception):
    """The database already holds a network."""


def sizes(scale: float) -> dict[str, int]:
    """How many of each kind `scale` builds: rounded, at least one of each (N > 0)."""
    if not (scale > 0 and math.isfinite(scale)) or scale > MAX_SCALE:
        raise ValueError(f"the scale must be above 0 and at most {MAX_SCALE:g}")
    wanted = {kind: max(1, MINIMUM.get(kind, 1), round(n * scale)) for kind, n in FULL.items()}
    wanted["people"] = max(wanted["people"], wanted["offices"] + 6)
    wanted["items"] = max(wanted["items"], wanted["meetings"] * 6)
    return wanted


def generate(scale: float, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Build the network at `scale` in this empty, migrated database and commit it; returns
    the counts of what it built, by kind."""
    wanted = sizes(scale)
    if db.session.scalar(select(func.count()).select_from(Office)) or db.session.scalar(
            select(func.count()).select_from(Person)):
        raise NotEmpty("The database already holds offices or people: --scale builds a "
                       "network only in an empty database (run it on a fresh one).")
    rng = Random(seed)
    today = today or local_today()
    cast = members.Cast()
    offices, people = Rows(Office), Rows(Person)
    members.build_offices(rng, wanted["offices"], offices, cast)
    members.build_people(rng, wanted["people"], people, cast)
    offices.write()
    people.write()
    db.session.execute(update(Office), [
        {"id": o, "voter_id": cast.lead[o],
         "substitute_id": next((p for p in cast.staff[o] if p != cast.lead[o]), None)}
        for o in cast.offices])

    streams, milestones = Rows(Workstream), Rows(Milestone)
    workplan.build_workstreams(rng, wanted["workstreams"], streams, offices, cast, today)
    workplan.build_milestones(rng, streams, milestones, today)
    streams.write()
    milestones.write()
    plan = workplan.Plan()
    meetings, links = Rows(Meeting), []
    workplan.build_meetings(rng, wanted["meetings"], meetings, links, streams, cast, today,
                            plan)
    meetings.write()
    if links:
        db.session.execute(insert(meeting_office), links)
    items = Rows(AgendaItem)
    workplan.build_items(rng, wanted["items"], items, plan, cast, streams)
    items.write()
    actions = Rows(Action)
    workplan.build_actions(rng, wanted["actions"], actions, items, cast, today)
    actions.write()
    entries = Rows(PlanEntry)
    workplan.build_plan_entries(rng, wanted["plan_entries"], entries, plan, cast, streams)
    entries.write()

    decisions = Rows(Decision)
    governance.build_decisions(rng, wanted["decisions"], decisions, plan, cast)
    decisions.write()
    elections, nominations, roll, papers = Rows(Election), Rows(Nomination), [], []
    to_count = governance.build_elections(rng, wanted["elections"], elections, nominations,
                                          roll, papers, cast, today)
    elections.write()
    nominations.write()
    write(RollEntry, roll)
    write(BallotPaper, papers)
    restart_sequences([Office, Person, Workstream, Milestone, Meeting, AgendaItem, Action,
                       PlanEntry, Decision, Election, Nomination])
    db.session.flush()
    governance.establish_constitution()
    governance.count_elections(to_count, seed)
    db.session.flush()
    audit_count = _audit_history(rng, wanted["audit_entries"], cast, plan, today)
    db.session.commit()
    return {"offices": len(offices), "people": len(people), "workstreams": len(streams),
            "meetings": len(meetings), "items": len(items), "actions": len(actions),
            "plan_entries": len(entries), "decisions": len(decisions),
            "elections": len(elections), "elections_counted": len(to_count),
            "nominations": len(nominations), "ballot_papers": len(papers),
            "audit_entries": audit_count}


AUDITED = [("meeting.created", "meeting"), ("meeting.updated", "meeting"),
           ("item.submitted", "agendaitem"), ("item.accepted", "agendaitem"),
           ("action.created", "action"), ("action.updated", "action"),
           ("decision.recorded", "decision"), ("person.signed_in", "person")]


def _audit_history(rng: Random, count: int, cast: members.Cast, plan: workplan.Plan,
                   today: date) -> int:
    """The audit log up to `count` entries: what the services wrote, then a history of changes
    over the ten years (bulk)."""
    written = db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    start = at(today - timedelta(days=365 * workplan.PAST_YEARS), 8)
    span = 365 * workplan.PAST_YEARS * 86_400
    base = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    rows = []
    actors = cast.secretariat + list(cast.lead.values())
    for n in range(max(0, count - written)):
        action, object_type = AUDITED[n % len(AUDITED)]
        object_id = rng.randrange(1, 1000)
        rows.append({"id": base + n + 1, "at": start + timedelta(seconds=span * n // count),
                     "actor_id": rng.choice(actors), "actor_label": "",
                     "action": action, "object_type": object_type,
                     "object_id": str(object_id), "object_label": f"{object_type} {object_id}",
                     "after": {"generated": True}})
    write(AuditEntry, rows)
    restart_sequences([AuditEntry])
    return written + len(rows)
