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
from network.governance.constitution.models import ConstitutionVersion
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
from network.workplan.minutes.models import Attendance
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
    build = _Build(Random(seed), wanted, today or local_today())
    build.members()
    build.workstreams()
    build.meetings()
    build.register_and_elections()
    restart_sequences([rows.model for rows in build.rows.values()])
    db.session.flush()
    # through the services: the Constitution, the counts and declarations, the motions
    governance.establish_constitution()
    governance.count_elections(build.to_count, seed)
    made = motions.build_motions(build.rng, wanted["motions"], wanted["amendments"],
                                 build.cast, build.today)
    db.session.flush()
    officer = db.session.get(Person, build.cast.officer)
    r = build.rows
    audit_count = history.build_audit(build.rng, wanted["audit_entries"], officer.id,
                                      officer.email, r["meetings"], r["items"], r["actions"],
                                      r["decisions"])
    db.session.commit()
    counts = {kind: len(rows) for kind, rows in build.rows.items()}
    counts.update(decisions=_count(Decision), motions=made,
                  constitution_versions=_count(ConstitutionVersion),
                  elections_counted=len(build.to_count), ballot_papers=len(build.papers),
                  audit_entries=audit_count)
    return counts


class _Build:
    """The rows of the generated network, kind by kind, written as each part is built."""

    def __init__(self, rng: Random, wanted: dict[str, int], today: date):
        self.rng, self.wanted, self.today = rng, wanted, today
        self.founded = at(today - timedelta(days=365 * workplan.PAST_YEARS + 30), 9)
        self.cast = members.Cast()
        self.plan = workplan.Plan(today)
        self.rows: dict[str, Rows] = {}
        self.to_count: list[int] = []
        self.papers: list[dict] = []

    def _new(self, kind: str, model) -> Rows:
        self.rows[kind] = Rows(model)
        return self.rows[kind]

    def _write(self, *kinds: str, stamped: bool = False) -> None:
        for kind in kinds:
            if stamped:
                for row in self.rows[kind].rows:
                    row["created_at"] = row["updated_at"] = self.founded
            self.rows[kind].write()

    def members(self) -> None:
        offices, people = self._new("offices", Office), self._new("people", Person)
        members.build_offices(self.rng, self.wanted["offices"], offices, self.cast)
        members.build_people(self.rng, self.wanted["people"], people, self.cast)
        self._write("offices", "people", stamped=True)
        cast = self.cast
        db.session.execute(update(Office), [
            {"id": o, "voter_id": cast.lead[o],
             "substitute_id": next((p for p in cast.staff[o] if p != cast.lead[o]), None)}
            for o in cast.offices])

    def workstreams(self) -> None:
        streams = self._new("workstreams", Workstream)
        links = []
        workplan.build_workstreams(self.rng, self.wanted["workstreams"], streams, self.cast,
                                   self.today)
        workplan.build_milestones(self.rng, streams, self._new("milestones", Milestone),
                                  self.today)
        workplan.build_workstream_detail(self.rng, streams, links,
                                         self._new("status_updates", StatusUpdate),
                                         self._new("risks", Risk), self.cast, self.today)
        self._write("workstreams", "milestones", "risks", stamped=True)
        self._write("status_updates")
        if links:
            db.session.execute(insert(workstream_office), links)

    def meetings(self) -> None:
        rng, plan, cast, streams = self.rng, self.plan, self.cast, self.rows["workstreams"]
        links = []
        workplan.build_meetings(rng, self.wanted["meetings"], self._new("meetings", Meeting),
                                links, streams, cast, self.today, plan)
        self._write("meetings")
        if links:
            db.session.execute(insert(meeting_office), links)
        workplan.build_attendance(rng, self._new("attendance", Attendance), plan, links, cast)
        items = self._new("items", AgendaItem)
        workplan.build_items(rng, self.wanted["items"], items, plan, cast, streams)
        workplan.build_actions(rng, self.wanted["actions"], self._new("actions", Action), items,
                               plan, cast, self.today)
        workplan.build_plan_entries(rng, self.wanted["plan_entries"],
                                    self._new("plan_entries", PlanEntry), plan, cast, streams)
        self._write("attendance", "items", "actions")
        self._write("plan_entries", stamped=True)

    def register_and_elections(self) -> None:
        wanted = self.wanted
        # every motion but the one still open is declared into the register
        governance.build_decisions(self.rng, wanted["decisions"] - wanted["motions"] + 1
                                   - wanted["amendments"], self._new("decisions", Decision),
                                   self.plan, self.cast)
        roll = []
        self.to_count = governance.build_elections(
            self.rng, wanted["elections"], self._new("elections", Election),
            self._new("nominations", Nomination), roll, self.papers, self.cast, self.today)
        self._write("decisions", "elections", "nominations")
        write(RollEntry, roll)
        write(BallotPaper, self.papers)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0
