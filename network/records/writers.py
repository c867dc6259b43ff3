"""The export's files beyond the tables, one writer per kind: stored papers and packs, each
election's anonymised BLT, the audit and election logs. A package joins the export with one
function: `@writer("kind", "what the files hold")` taking the export under way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network import audit_display
from network.audit import AuditEntry
from network.extensions import db
from network.governance.elections import services as election_service
from network.governance.elections.models import Election, ElectionStatus, Nomination
from network.governance.voting import log as election_log
from network.records import serialise
from network.records.tables import exported_tables
from network.workplan import storage


@dataclass(frozen=True)
class Writer:
    """A kind of file in the export: its name, what its files hold (for the README), and the
    function that adds them."""

    kind: str
    description: str
    write: Callable


WRITERS: list[Writer] = []


def writer(kind: str, description: str):
    """Register a writer of files of one kind (in the order the export runs them)."""
    def add(func):
        if any(w.kind == kind for w in WRITERS):
            raise ValueError(f"the export writer for {kind!r} is registered twice")
        WRITERS.append(Writer(kind, description, func))
        return func
    return add


def stored_file_columns() -> list[tuple[str, str]]:
    """(table, column) of every column naming a stored file by its SHA-256."""
    return [(t.name, c.name) for t in exported_tables() for c in t.columns
            if c.name == "sha256" or c.name.endswith("_sha256")]


@writer("files", "Every paper version and agenda pack, stored as files/<first two characters "
                 "of the SHA-256>/<SHA-256> (the name is the hash of the content). "
                 "files/index.csv says which record each file belongs to and, for papers, the "
                 "file name it was uploaded with.")
def paper_and_pack_files(export) -> None:
    """Copy every stored file a record points at, with an index of who points at it."""
    index, shas = [], set()
    for table_name, column_name in stored_file_columns():
        table = db.metadata.tables[table_name]
        extra = [table.c.filename] if "filename" in table.c else []
        rows = db.session.execute(select(table.c.id, table.c[column_name], *extra)
                                  .where(table.c[column_name].is_not(None)))
        for row in rows:
            sha = row[1]
            index.append({"sha256": sha, "table": table_name, "row_id": row[0],
                          "column": column_name, "filename": row[2] if extra else ""})
            shas.add(sha)
    for sha in sorted(shas):
        try:
            source = storage.open_file(sha)
        except storage.FileMissing:
            export.missing_files.append(sha)
            continue
        with source:
            export.add_file(f"files/{sha[:2]}/{sha}", source, "files")
    index.sort(key=lambda r: (r["sha256"], r["table"], r["row_id"], r["column"]))
    export.add_bytes("files/index.csv", serialise.csv_bytes(
        ["sha256", "table", "row_id", "column", "filename"], index), "files")


COUNTED = (ElectionStatus.COUNTED, ElectionStatus.DECLARED)


@writer("ballots", "elections/election-<id>.blt: the anonymised ballot papers of each counted "
                   "election in BLT format (the candidates, the seats and one line per paper), "
                   "which any STV counting program reads, so anyone can re-count.")
def election_ballots(export) -> None:
    """Each counted election's anonymised ballots, as the BLT the results page offers."""
    elections = db.session.scalars(
        select(Election).where(Election.status.in_([s.value for s in COUNTED]))
        .options(selectinload(Election.nominations).selectinload(Nomination.candidate_office))
        .order_by(Election.id))
    for election in elections:
        if election.is_unopposed:
            continue
        export.add_bytes(f"elections/election-{election.id}.blt",
                         election_service.ballots_blt(election).encode("utf-8"), "ballots")


@writer("logs", "logs/audit-log.csv: every recorded change and sign-in event in order, with "
                "the action in words. logs/election-<id>-log.jsonl: each election's "
                "hash-chained log: each entry's entry_hash is the SHA-256 of the JSON text "
                "{\"action\",\"at\",\"data\",\"prev\",\"seq\"} (keys sorted, no spaces; "
                "prev is the previous entry's hash, 64 zeros for the first), so anyone can "
                "check the chain. logs/election-logs.csv says whether each chain verified "
                "at export.")
def audit_and_election_logs(export) -> None:
    """The audit log in words and every election's chained log, with its verification."""
    rows = []
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        rows.append({"id": entry.id, "at": serialise.to_plain(None, entry.at),
                     "actor_id": entry.actor_id, "actor": entry.actor_label,
                     "action": entry.action,
                     "what_happened": audit_display.action_sentence(entry.action),
                     "object_type": entry.object_type, "object_id": entry.object_id,
                     "object": entry.object_label,
                     "before": entry.before, "after": entry.after})
    export.add_bytes("logs/audit-log.csv", serialise.csv_bytes(
        ["id", "at", "actor_id", "actor", "action", "what_happened", "object_type",
         "object_id", "object", "before", "after"], rows), "logs")
    checks = []
    for election_id in db.session.scalars(select(Election.id).order_by(Election.id)):
        entries = election_log.entries(election_id)
        if not entries:
            continue
        lines = [{"seq": e.seq, "at": serialise.to_plain(None, e.at), "action": e.action,
                  "data": e.data, "prev_hash": e.prev_hash, "entry_hash": e.entry_hash}
                 for e in entries]
        export.add_bytes(f"logs/election-{election_id}-log.jsonl", serialise.jsonl(lines),
                         "logs")
        ok, message = election_log.verify(election_id)
        checks.append({"election_id": election_id, "entries": len(entries),
                       "chain_intact": ok, "verification": message})
    export.add_bytes("logs/election-logs.csv", serialise.csv_bytes(
        ["election_id", "entries", "chain_intact", "verification"], checks), "logs")


@writer("constitution", "constitution/version-<n>.md: each adopted version of the Constitution "
                        "as Markdown: its number, status, effective date, the motion and "
                        "decision that adopted it, every part and clause with its number, and "
                        "the decision rules it carries in words. The same text is in "
                        "tables/constitution_*.")
def constitution_versions(export) -> None:
    """Each adopted version of the Constitution as one readable Markdown file."""
    from network.governance.constitution import queries as constitution

    for version in sorted(constitution.versions(), key=lambda v: v.number):
        loaded = constitution.version_by_number(version.number)
        since = loaded.effective_from.isoformat() if loaded.effective_from else "not set"
        lines = [f"# {loaded.title} — {loaded.label}", "",
                 f"- Status: {loaded.status.value.replace('_', ' ')}", f"- In force from: {since}"]
        if loaded.decision_id:
            lines.append(f"- Adopted by decision id {loaded.decision_id} "
                         f"(motion id {loaded.motion_id})")
        if loaded.summary:
            lines += ["", loaded.summary]
        for part in loaded.parts:
            lines += ["", f"## Part {part.number}: {part.title}"]
            for clause in part.clauses:
                heading = f" {clause.heading}" if clause.heading else ""
                lines += ["", f"### {clause.number}{heading}", "", clause.text.strip()]
        lines += ["", "## Decision rules"]
        for decision_type, terms in constitution.rules_in_words(loaded):
            lines += ["", f"### {decision_type.label}", ""]
            lines += [f"- {term}: {value}" for term, value in terms]
        export.add_bytes(f"constitution/version-{loaded.number}.md",
                         ("\n".join(lines) + "\n").encode("utf-8"), "constitution")
