"""What every page benchmark shares: an app on a fresh database (a SQLite file, or a throwaway
PostgreSQL database), the generated network, a signed-in client per role, the key pages, SQL
query counting and the bare route (one `SELECT 1`, a one-line template) that latency is
measured against. Used by bench/queries.py, bench/latency.py, bench/load.py and
tests/test_query_budget.py."""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask, render_template_string  # noqa: E402
from sqlalchemy import event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

RESULTS = ROOT / "bench" / "results"
ROLES = ["secretariat_admin", "secretariat", "member_lead", "member_staff", "observer"]
BARE_PATH = "/_bench/bare"
# The site's layout around static text for a signed-in person, with no query of its own: the
# reference page of bench/latency.py and the floor of bench/load.py.
LAYOUT_PATH = "/accessibility"


@dataclass
class Bench:
    """A built app on its own database, with what the key pages need."""

    app: Flask
    url: str
    dialect: str
    drop: object = None
    people: dict = field(default_factory=dict)  # role -> person id
    subjects: dict = field(default_factory=dict)  # name -> id (meeting, election, ...)
    generate_seconds: float = 0.0
    counts: dict = field(default_factory=dict)  # table -> rows, as generated

    def close(self) -> None:
        """Dispose of the engine and drop a throwaway PostgreSQL database."""
        from network.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        if self.drop:
            self.drop()


def database_url(database: str) -> tuple[str, object]:
    """'sqlite' (a new temporary file) or a PostgreSQL server URL (a new throwaway database)."""
    if database == "sqlite":
        handle, path = tempfile.mkstemp(suffix=".sqlite3", prefix="ukmn-bench-")
        os.close(handle)

        def drop():
            Path(path).unlink(missing_ok=True)

        return "sqlite:///" + path, drop
    from network.scale.databases import throwaway_postgres

    return throwaway_postgres(database, "ukmn_bench")


def postgres_base() -> str:
    """The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, else the local one)."""
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"


def add_bare_route(app: Flask) -> None:
    """The floor every page is measured against: one SELECT 1 and a one-line template. Only
    the bench's own app has it; the product has no such route."""
    from network.extensions import db

    def bare():
        value = db.session.execute(text("SELECT 1")).scalar()
        return render_template_string("<p>{{ value }}</p>", value=value)

    app.add_url_rule(BARE_PATH, "bench_bare", bare)


def build(database: str = "sqlite", scale: float = 0.1, seed: int = 2026,
          config: dict | None = None) -> Bench:
    """A migrated database holding the generated network at `scale`, and its app."""
    from flask_migrate import upgrade

    from network import create_app

    url, drop = database_url(database)
    instance = Path(tempfile.mkdtemp(prefix="ukmn-bench-instance-"))
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_FOLDER": str(instance / "uploads"),
                      "SERVER_NAME_FOR_EMAIL": "https://portal.example", **(config or {})})
    add_bare_route(app)
    bench = Bench(app=app, url=url, dialect=make_url(url).get_backend_name(), drop=drop)
    with app.app_context():
        import logging

        logging.disable(logging.INFO)  # Alembic's line per migration
        try:
            upgrade(directory=str(ROOT / "migrations"))
        finally:
            logging.disable(logging.NOTSET)
        started = time.perf_counter()
        bench.counts = populate(scale, seed)
        bench.generate_seconds = round(time.perf_counter() - started, 2)
        analyze()
        bench.people = pick_people()
        bench.subjects = pick_subjects()
    return bench


def populate(scale: float, seed: int) -> dict:
    """Fill the database: the scale generator when the tree has it, else the small demo."""
    from network.extensions import db
    from network.scale import generate

    counts = generate(scale, seed)
    db.session.commit()
    return dict(counts)


def analyze() -> None:
    """Give the planner statistics for the rows just written in bulk, as `network demo` and the
    nightly `refresh-statistics` job do (network/planner.py)."""
    from network.planner import refresh_statistics

    refresh_statistics()


def pick_people() -> dict:
    """The person of each role the pages are read as: the first active one (members: of the
    office with most people, so its panels have something to show)."""
    from network.extensions import db
    from network.members.models import Person, Role

    chosen = {}
    for role in ROLES:
        query = select(Person.id).where(Person.role == Role(role), Person.is_active.is_(True))
        chosen[role] = db.session.scalar(query.order_by(Person.id).limit(1))
    return chosen


def pick_subjects() -> dict:
    """Ids of the objects the detail pages show: the busiest meeting, a declared election and
    motion, the busiest workstream, the newest Constitution versions."""
    from network.extensions import db
    from network.governance.constitution.models import Amendment, ConstitutionVersion
    from network.governance.elections.models import Election, ElectionStatus
    from network.governance.motions.models import DECLARED, Motion
    from network.workplan.actions.models import Action
    from network.workplan.items.models import AgendaItem
    from network.workplan.meetings.models import Meeting
    from network.workplan.workstreams.models import Workstream

    def busiest(model, child_column):
        return db.session.scalar(
            select(model.id).outerjoin(child_column.table, child_column == model.id)
            .group_by(model.id).order_by(func.count().desc(), model.id).limit(1))

    versions = list(db.session.scalars(select(ConstitutionVersion.number)
                                       .order_by(ConstitutionVersion.number.desc()).limit(2)))
    found = {
        "meeting": busiest(Meeting, AgendaItem.meeting_id),
        "election": db.session.scalar(select(Election.id).where(
            Election.status == ElectionStatus.DECLARED).order_by(Election.id).limit(1))
        or db.session.scalar(select(Election.id).order_by(Election.id).limit(1)),
        "motion": db.session.scalar(select(Motion.id).where(Motion.status.in_(DECLARED))
                                    .order_by(Motion.id).limit(1))
        or db.session.scalar(select(Motion.id).order_by(Motion.id).limit(1)),
        "workstream": busiest(Workstream, Action.workstream_id),
        "amendment": db.session.scalar(select(Amendment.id).order_by(Amendment.id).limit(1)),
        "versions": versions,
    }
    return found


@dataclass(frozen=True)
class Page:
    """A key page: its name, who reads it, and its address."""

    name: str
    role: str
    path: str


def key_pages(bench: Bench) -> list[Page]:
    """The key pages of the issue, each as the role that sees most of it (and the home page
    and the lists whose rows depend on the office as a member too)."""
    s = bench.subjects
    admin, lead = "secretariat_admin", "member_lead"
    pages = [Page(f"home ({role})", role, "/") for role in ROLES]
    pages += [
        Page("meetings list", admin, "/meetings/"),
        Page("meetings list (member)", lead, "/meetings/"),
        Page("action log", admin, "/actions/"),
        Page("action log (member)", lead, "/actions/"),
        Page("decisions register", admin, "/decisions/"),
        Page("elections list", admin, "/elections/"),
        Page("audit log", admin, "/audit/"),
        Page("people", admin, "/people/"),
        Page("forward agenda", admin, "/forward-agenda/"),
        Page("search", admin, "/search?q=transport"),
        Page("digest preview", lead, "/digest/"),
    ]
    if s.get("meeting"):
        pages += [Page("meeting page", admin, f"/meetings/{s['meeting']}"),
                  Page("meeting page (member)", lead, f"/meetings/{s['meeting']}")]
    if s.get("election"):
        pages += [Page("election result", admin, f"/elections/{s['election']}/results"),
                  Page("API election result", admin,
                       f"/api/v1/elections/{s['election']}/result")]
    if s.get("motion"):
        pages += [Page("motion result", admin, f"/motions/{s['motion']}"),
                  Page("API motion result", admin, f"/api/v1/motions/{s['motion']}/result")]
    if s.get("workstream"):
        pages.append(Page("workstream page", admin, f"/workstreams/{s['workstream']}"))
    versions = s.get("versions") or []
    if len(versions) >= 2:
        pages.append(Page("Constitution redline", admin,
                          f"/constitution/compare?old={versions[1]}&new={versions[0]}"))
    elif s.get("amendment"):
        pages.append(Page("Constitution redline", admin,
                          f"/constitution/amendments/{s['amendment']}"))
    for path in API_LISTS:
        pages.append(Page(f"API {path}", admin, f"/api/v1/{path}"))
    pages.append(Page("API actions (member)", lead, "/api/v1/actions"))
    assert {p.name for p in pages} <= set(KEY_PAGE_NAMES)
    return pages


API_LISTS = ("actions", "meetings", "elections", "motions", "offices", "policy-tracker",
             "workstreams", "constitution/versions", "forward-agenda")
KEY_PAGE_NAMES = (
    [f"home ({role})" for role in ROLES]
    + ["meetings list", "meetings list (member)", "action log", "action log (member)",
       "decisions register", "elections list", "audit log", "people", "forward agenda", "search",
       "digest preview", "meeting page", "meeting page (member)", "election result",
       "API election result", "motion result", "API motion result", "workstream page",
       "Constitution redline"]
    + [f"API {path}" for path in API_LISTS] + ["API actions (member)"])


def clients(bench: Bench) -> dict:
    """A test client per role holding a live server-side session (TOTP already passed)."""
    from network.extensions import db
    from network.members.auth import SESSION_KEY
    from network.members.models import Person
    from network.members.services.signin import start_session

    made = {}
    with bench.app.app_context():
        for role, person_id in bench.people.items():
            if person_id is None:
                continue
            raw = start_session(db.session.get(Person, person_id), "127.0.0.1", "bench")
            db.session.commit()
            client = bench.app.test_client()
            with client.session_transaction() as sess:
                sess[SESSION_KEY] = raw
                sess.permanent = True
            made[role] = client
    return made


@contextmanager
def counting(app: Flask):
    """Collect the SQL statements sent to the database inside the block, each as a Statement
    (its SQL and, for a relationship's load, the path it loads: Meeting.items, ...)."""
    from network.extensions import db

    statements: list[Statement] = []
    pending: list[str] = []

    def orm_execute(state):
        if state.is_relationship_load and state.loader_strategy_path is not None:
            pending.append(" > ".join(str(p) for p in state.loader_strategy_path.path))

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(Statement(statement, pending.pop() if pending else ""))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(Session, "do_orm_execute", orm_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(Session, "do_orm_execute", orm_execute)


class Statement(str):
    """One SQL statement sent, with the relationship path it loads ('' for a query)."""

    def __new__(cls, sql: str, path: str = ""):
        made = super().__new__(cls, sql)
        made.path = path
        return made


def get(client, path: str):
    """GET a page; raise if it does not answer 200."""
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return response


def query_count(bench: Bench, client, path: str) -> int:
    """The SQL statements one GET of path sends (after a warm-up GET)."""
    return len(statements_of(bench, client, path))


def statements_of(bench: Bench, client, path: str) -> list[str]:
    """The SQL statements one GET of path sends (after a warm-up GET)."""
    get(client, path)
    with counting(bench.app) as statements:
        get(client, path)
    return statements


_IN_LIST = re.compile(r"IN \((?:[^()]|\([^()]*\))*\)|IN \(__\[POSTCOMPILE_\w+\]\)")


def shapes(statements: list[str]) -> Counter:
    """How often each statement ran: a relationship's load by its path, a query by its SQL with
    IN lists folded, so that the same query over more ids counts as the same statement."""
    counted: Counter = Counter()
    parent = ""
    for statement in statements:
        sql = _IN_LIST.sub("IN (...)", " ".join(statement.split()))
        path = getattr(statement, "path", "")
        if path:  # a relationship's load belongs to the query before it
            counted[f"{path} (after {parent})"] += 1
        else:
            parent = sql
            counted[sql] += 1
    return counted


def repeated_more(small: list[str], large: list[str]) -> dict[str, tuple[int, int]]:
    """The statements the larger network runs more often than the smaller (more than once):
    a query per row (N+1) or an IN list split in chunks. A statement that runs once only when
    there is something to load (an eager load with no rows to load is skipped) is not growth."""
    before, after = shapes(small), shapes(large)
    return {sql: (before.get(sql, 0), n) for sql, n in after.items()
            if n > max(before.get(sql, 0), 1)}


def machine() -> dict:
    """The machine the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "ram_mb": ram, "cpu": model,
            "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def write_results(name: str, report: dict) -> Path:
    """Write bench/results/NAME.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


def databases(choice: str) -> list[str]:
    """'sqlite', 'postgres' or 'both' as the list of databases to build."""
    return {"sqlite": ["sqlite"], "postgres": [postgres_base()],
            "both": ["sqlite", postgres_base()]}[choice]
