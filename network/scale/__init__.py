"""`network demo --scale N`: a generated network of ten years for measuring pages as data
grows. At N=1: 40 offices, 405 people, 1,200 meetings, 20,000 agenda items, 30,000 actions,
3,060 decisions, 100 elections and 50,000 audit entries; N=0.1 a tenth (at least one of each,
and four offices). The same seed builds the same network (its dates are counted from the day
it runs, so that some actions are overdue and some meetings ahead). The mass rows go in as bulk
INSERTs; deadlines and standing items come from the meetings service; the Constitution, its
amendments, the motions, the election counts and declarations from their services."""

from __future__ import annotations

import math
from datetime import date, timedelta
from random import Random

from sqlalchemy import func, insert, select, update

from network.extensions import db
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, Nomination
from network.governance.voting.models import BallotPaper, RollEntry
from network.members.models import Office, Person
from network.scale import governance, history, members, motions, workplan
from network.scale.bulk import Rows, restart_sequences, write
from network.time import at
from network.time import today as local_today
from network.workplan.actions.models import Action
from network.workplan.forward.models import PlanEntry
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting, meeting_office
from network.workplan.workstreams.models import (
    Milestone,
    Risk,
    StatusUpdate,
    Workstream,
    workstream_office,
)

# What N=1 builds, by kind.
FULL = {"offices": 40, "people": 405, "workstreams": 12, "meetings": 1200, "items": 20_000,
        "actions": 30_000, "decisions": 3060, "elections": 100, "motions": 40,
        "amendments": 3, "plan_entries": 300, "audit_entries": 50_000}
MINIMUM = {"offices": 4, "motions": 2}  # candidates, proposer and seconder: different offices
MAX_SCALE = 10.0


class NotEmpty(Exception):
    """The database already holds a network."""


def sizes(scale: float) -> dict[str, int]:
    """How many of each kind `scale` builds: rounded, at least one of each (N > 0)."""
    if not (isinstance(scale, int | float) and math.isfinite(scale)
            and 0 < scale <= MAX_SCALE):
        raise ValueError(f"the scale must be a number above 0 and at most {MAX_SCALE:g}")
    wanted = {kind: max(MINIMUM.get(kind, 1), round(n * scale)) for kind, n in FULL.items()}
    wanted["people"] = max(wanted["people"], wanted["offices"] + 6)
    wanted["items"] = max(wanted["items"], wanted["meetings"] * 6)
    # each motion's declared result is an entry of the register too
    wanted["decisions"] = max(wanted["decisions"], wanted["motions"] + wanted["amendments"] + 1)
    return wanted


def is_empty() -> bool:
    return not (db.session.scalar(select(func.count()).select_from(Office))
                or db.session.scalar(select(func.count()).select_from(Person)))


def generate(scale: float, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Build the network at `scale` in this empty, migrated database and commit it; returns
    the counts of what it built, by kind."""
    wanted = sizes(scale)
    if not is_empty():
        raise NotEmpty("The database already holds offices or people: --scale builds a "
                       "network only in an empty database (make a fresh one and run "
                       "`network db upgrade` first).")
    rng = Random(seed)
    today = today or local_today()
    founded = at(today - timedelta(days=365 * workplan.PAST_YEARS + 30), 9)
    cast = members.Cast()
    offices, people = Rows(Office), Rows(Person)
    members.build_offices(rng, wanted["offices"], offices, cast)
    members.build_people(rng, wanted["people"], people, cast)
    for row in offices.rows + people.rows:
        row["created_at"] = row["updated_at"] = founded
    offices.write()
    people.write()
    db.session.execute(update(Office), [
        {"id": o, "voter_id": cast.lead[o],
         "substitute_id": next((p for p in cast.staff[o] if p != cast.lead[o]), None)}
        for o in cast.offices])

    streams, milestones = Rows(Workstream), Rows(Milestone)
    updates, risks, stream_offices = Rows(StatusUpdate), Rows(Risk), []
    workplan.build_workstreams(rng, wanted["workstreams"], streams, offices, cast, today)
    workplan.build_milestones(rng, streams, milestones, today)
    workplan.build_workstream_detail(rng, streams, stream_offices, updates, risks, cast, today)
    for row in streams.rows + milestones.rows + risks.rows:
        row["created_at"] = row["updated_at"] = founded
    for part in (streams, milestones, updates, risks):
        part.write()
    if stream_offices:
        db.session.execute(insert(workstream_office), stream_offices)

    plan = workplan.Plan()
    meetings, meeting_links = Rows(Meeting), []
    workplan.build_meetings(rng, wanted["meetings"], meetings, meeting_links, streams, cast,
                            today, plan)
    meetings.write()
    if meeting_links:
        db.session.execute(insert(meeting_office), meeting_links)
    items = Rows(AgendaItem)
    workplan.build_items(rng, wanted["items"], items, plan, cast, streams)
    items.write()
    actions = Rows(Action)
    workplan.build_actions(rng, wanted["actions"], actions, items, plan, cast, today)
    actions.write()
    entries = Rows(PlanEntry)
    workplan.build_plan_entries(rng, wanted["plan_entries"], entries, plan, cast, streams)
    for row in entries.rows:
        row["created_at"] = row["updated_at"] = founded
    entries.write()

    decisions = Rows(Decision)
    # every motion but the one still open is declared into the register
    governance.build_decisions(rng, wanted["decisions"] - wanted["motions"] + 1
                               - wanted["amendments"], decisions, plan, cast)
    decisions.write()
    elections, nominations, roll, papers = Rows(Election), Rows(Nomination), [], []
    to_count = governance.build_elections(rng, wanted["elections"], elections, nominations,
                                          roll, papers, cast, today)
    elections.write()
    nominations.write()
    write(RollEntry, roll)
    write(BallotPaper, papers)
    restart_sequences([Office, Person, Workstream, Milestone, StatusUpdate, Risk, Meeting,
                       AgendaItem, Action, PlanEntry, Decision, Election, Nomination])
    db.session.flush()

    governance.establish_constitution()
    governance.count_elections(to_count, seed)
    made = motions.build_motions(rng, wanted["motions"], wanted["amendments"], cast, today)
    db.session.flush()
    admin = db.session.get(Person, cast.officer)
    audit_count = history.build_audit(rng, wanted["audit_entries"], admin.id, admin.email,
                                      meetings, items, actions, decisions)
    db.session.commit()
    return {"offices": len(offices), "people": len(people), "workstreams": len(streams),
            "meetings": len(meetings), "items": len(items), "actions": len(actions),
            "plan_entries": len(entries), "decisions": _count(Decision),
            "motions": made, "constitution_versions": _versions(),
            "elections": len(elections), "elections_counted": len(to_count),
            "nominations": len(nominations), "ballot_papers": len(papers),
            "audit_entries": audit_count}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _versions() -> int:
    from network.governance.constitution.models import ConstitutionVersion

    return _count(ConstitutionVersion)
