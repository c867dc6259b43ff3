"""The one search query: `search(principal, text, ...)` across the network's records, each kind
filtered by the same list clause its pages use (`policy.clause`), ranked, counted per kind and
highlighted. Two backends answer it: PostgreSQL full-text search over the GIN expression
indexes, and SQLite FTS5 over the `search_index` table the migration's triggers keep in step.
One SQL statement per kind the person may see, whatever the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import False_, Text, cast, column, func, literal_column, select, table

from network.extensions import db
from network.governance.decisions.models import Decision
from network.members import policy
from network.workplan.actions.models import Action
from network.workplan.contacts.models import Contact
from network.workplan.correspondence.models import Correspondence
from network.workplan.items.models import AgendaItem, Paper
from network.workplan.meetings.models import Meeting
from network.workplan.tracker.models import PolicyEntry
from network.workplan.workstreams.models import Workstream

MAX_QUERY = 200  # characters read from what was typed
MAX_TERMS = 8
MAX_TERM = 40
PER_KIND = 5  # results of each kind on the overview
PER_PAGE = 20  # results of one kind a page at a time
SNIPPET = 160  # characters of the body shown around the first match


@dataclass(frozen=True)
class Kind:
    """A kind of record searched: its number in the SQLite index (rowid = id * 16 + number),
    its model, title and body texts (PostgreSQL expressions equal to the migration's), the
    action whose clause decides what is seen, and the page a result links to; for a kind
    seen through another record (a paper through its item), that record's model and the join,
    a condition of its own, and the id the link takes."""

    key: str
    number: int
    label: str
    model: type
    title: object
    body: object
    action: str
    endpoint: str
    id_arg: str
    through: tuple | None = None  # (model, onclause) joined for the clause
    where: object = None
    link_id: object = None  # the link's id column (the model's id if None)


def _decision_reference():
    """The register number as the index has it: 'UKMN 2026 014' (written as literals, not
    parameters, so that PostgreSQL sees the index's own expression)."""
    return (literal_column("'UKMN '").op("||")(cast(Decision.year, Text)).op("||")(
        literal_column("' '")).op("||")(
        func.lpad(cast(Decision.sequence, Text), literal_column("3"), literal_column("'0'"))))


KINDS = [
    Kind("meeting", 1, "Meetings", Meeting, Meeting.title, Meeting.venue, "meeting.view",
         "meetings.detail", "meeting_id"),
    Kind("item", 2, "Agenda items", AgendaItem, AgendaItem.title, AgendaItem.summary,
         "item.view", "items.detail", "item_id"),
    Kind("paper", 9, "Papers", Paper, Paper.title, Paper.latest_text, "item.view",
         "items.detail", "item_id", through=(AgendaItem, AgendaItem.id == Paper.item_id),
         where=Paper.removed_at.is_(None), link_id=Paper.item_id),
    Kind("decision", 3, "Decisions", Decision, Decision.text, None, "decision.view",
         "decisions.detail", "decision_id"),
    Kind("action", 4, "Actions", Action, Action.description, None, "action.view",
         "actions.detail", "action_id"),
    Kind("workstream", 5, "Workstreams", Workstream, Workstream.name, Workstream.objectives,
         "workstream.view", "workstreams.detail", "workstream_id"),
    Kind("policy", 6, "Policy tracker", PolicyEntry, PolicyEntry.title, PolicyEntry.summary,
         "policy_entry.view", "tracker.detail", "entry_id"),
    Kind("correspondence", 7, "Queries and correspondence", Correspondence,
         Correspondence.subject, Correspondence.summary, "correspondence.view",
         "correspondence.detail", "correspondence_id"),
    Kind("contact", 8, "Contacts", Contact, Contact.name, Contact.organisation, "contact.view",
         "contacts.detail", "contact_id"),
]
BY_KEY = {k.key: k for k in KINDS}


def terms_of(typed: str | None) -> list[str]:
    """The words of what was typed, lower case, as plain terms: every character that is not a
    letter or digit separates words, so quotes, *, -, brackets and NUL mean nothing; words
    like NEAR, AND, OR and NOT are searched for as words. At most 8 terms of 40 characters."""
    words = re.split(r"[\W_]+", (typed or "")[:MAX_QUERY].lower())
    seen: list[str] = []
    for word in words:
        word = word[:MAX_TERM]
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


@dataclass
class Hit:
    kind: Kind
    id: int
    title: Markup
    snippet: Markup
    reference: str = ""
    link_id: int = 0


@dataclass
class Group:
    kind: Kind
    total: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    terms: list[str]
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def search(principal, typed: str | None, kind: str | None = None, page: int = 1) -> Results:
    """What `principal` may see that matches every word of `typed`, best first: for each kind
    (or only `kind`), its count and a page of hits (5 on the overview, 20 a page for one
    kind)."""
    terms = terms_of(typed)
    kinds = [BY_KEY[kind]] if kind in BY_KEY else KINDS
    limit, offset = (PER_PAGE, (page - 1) * PER_PAGE) if kind in BY_KEY else (PER_KIND, 0)
    groups = []
    if not terms:
        return Results(terms, groups)
    backend = _postgresql if db.engine.dialect.name == "postgresql" else _sqlite
    for k in kinds:
        seen = policy.clause(principal, k.action)
        if isinstance(seen, False_):
            continue  # nothing of this kind for this person: no query
        rows = db.session.execute(backend(k, terms, seen).limit(limit).offset(offset)).all()
        total = rows[0].total if rows else (_count(backend(k, terms, seen)) if offset else 0)
        if total:
            groups.append(Group(k, total, [_hit(k, row, terms) for row in rows]))
    return Results(terms, groups)


def _count(stmt) -> int:
    """The count of a kind's matches when the page asked for is past its last."""
    return db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def _columns(k: Kind):
    model = k.model
    cols = [model.id.label("id"), k.title.label("title"),
            (k.link_id if k.link_id is not None else model.id).label("link_id")]
    cols.append((k.body if k.body is not None else literal_column("''")).label("body"))
    if model is Decision:
        cols += [Decision.year.label("year"), Decision.sequence.label("sequence")]
    return cols


def _postgresql(k: Kind, terms: list[str], seen):
    """Matches by the tsvector expression the GIN index is built on, ranked by ts_rank_cd."""
    body = _decision_reference() if k.model is Decision else k.body
    english, empty = literal_column("'english'::regconfig"), literal_column("''")
    vector = (func.setweight(func.to_tsvector(english, func.coalesce(k.title, empty)),
                             literal_column("'A'"))
              .op("||")(func.setweight(func.to_tsvector(english, func.coalesce(body, empty)),
                                       literal_column("'B'"))))
    query = func.to_tsquery(english, " & ".join(f"{t}:*" for t in terms))
    rank = func.ts_rank_cd(vector, query)
    stmt = select(*_columns(k), func.count().over().label("total")).select_from(k.model)
    return (_through(k, stmt).where(vector.op("@@")(query), seen)
            .order_by(rank.desc(), k.model.id.desc()))


def _through(k: Kind, stmt):
    """The join to the record whose clause decides, and the kind's own condition."""
    if k.through is not None:
        stmt = stmt.join(*k.through)
    return stmt.where(k.where) if k.where is not None else stmt


_FTS = literal_column("search_index")
_INDEX = table("search_index", column("rowid"))


def _sqlite(k: Kind, terms: list[str], seen):
    """Matches in the FTS5 table (rowid = id * 16 + kind), ranked by bm25 (title weighs 10)."""
    query = " ".join('"' + t + '"*' for t in terms)  # terms are letters and digits only
    matches = (select(_INDEX.c.rowid.label("rowid"),
                      func.bm25(_FTS, 10.0, 1.0).label("rank"))
               .where(_FTS.op("MATCH")(query)).subquery("matches"))
    stmt = (select(*_columns(k), func.count().over().label("total"))
            .select_from(matches)
            .join(k.model, k.model.id == matches.c.rowid.op("/")(16)))
    return (_through(k, stmt).where(matches.c.rowid.op("%")(16) == k.number, seen)
            .order_by(matches.c.rank, k.model.id.desc()))


def _hit(k: Kind, row, terms: list[str]) -> Hit:
    reference = (f"UKMN/{row.year}/{row.sequence:03d}" if k.model is Decision else "")
    title = row.title or ""
    if k.model is Action and len(title) > SNIPPET:
        title = title[:SNIPPET] + "…"
    return Hit(k, row.id, highlight(title, terms), highlight(snippet(row.body, terms), terms),
               reference, row.link_id)


def _pattern(terms: list[str]) -> re.Pattern:
    """Words starting with a term or its stem (a term less -s, -es, -ed, -ing)."""
    stems = set()
    for t in terms:
        stems.add(t)
        for ending in ("ing", "es", "ed", "s"):
            if t.endswith(ending) and len(t) - len(ending) >= 3:
                stems.add(t[: -len(ending)])
                break
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def snippet(body: str | None, terms: list[str]) -> str:
    """Up to 160 characters of the body around its first match (its start if none)."""
    body = body or ""
    if len(body) <= SNIPPET or not terms:
        return body[:SNIPPET] + ("…" if len(body) > SNIPPET else "")
    found = _pattern(terms).search(body)
    start = max(0, (found.start() if found else 0) - SNIPPET // 4)
    piece = body[start:start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(body) else "")


def highlight(value: str, terms: list[str]) -> Markup:
    """The text, escaped, with the words that match marked (<mark>)."""
    if not terms or not value:
        return escape(value)
    out, last = [], 0
    for found in _pattern(terms).finditer(value):
        out.append(escape(value[last:found.start()]))
        out.append(Markup("<mark>%s</mark>") % found.group(0))
        last = found.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)
