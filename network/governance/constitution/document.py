"""The Constitution's text as plain values (parts of clauses), and an amendment's changes
applied to it. No database access: versions are read into a `Document` first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from network.errors import ValidationFailed

NUMBER = re.compile(r"^[0-9]{1,4}(\.[0-9]{1,4}){0,3}[A-Za-z]?$")


@dataclass(frozen=True)
class Clause:
    """A clause: its stable key, number, optional heading and Markdown text."""

    key: str
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class Part:
    """A part and its clauses, in order."""

    key: str
    number: str
    title: str
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Document:
    """A whole text, in order, and its rules (DecisionType value -> rule dict)."""

    parts: tuple[Part, ...] = ()
    rules: dict = field(default_factory=dict)

    def clause(self, key: str) -> tuple[Part, Clause] | None:
        """The clause with this key and its part, or None."""
        for part in self.parts:
            for clause in part.clauses:
                if clause.key == key:
                    return part, clause
        return None

    def part(self, key: str) -> Part | None:
        """The part with this key, or None."""
        return next((p for p in self.parts if p.key == key), None)

    def clauses(self) -> list[tuple[Part, Clause]]:
        """Every clause with its part, in reading order."""
        return [(p, c) for p in self.parts for c in p.clauses]


def document_of(version) -> Document:
    """A version (with parts and clauses loaded) as a Document."""
    return Document(tuple(
        Part(p.key, p.number, p.title, tuple(Clause(c.key, c.number, c.heading, c.text)
                                             for c in p.clauses))
        for p in version.parts), dict(version.rules or {}))


def describe_target(target: str, doc: Document | None) -> str:
    """"clause 4.2" or "the rule for ordinary decisions" (numbered as in `doc`), for
    messages."""
    from network.governance.constitution.decision_rules import DecisionType

    kind, _, key = target.partition(":")
    if kind == "rule":
        return f"the rule for {DecisionType(key).label.lower()}s"
    found = doc.clause(key) if doc is not None else None
    return f"clause {found[1].number}" if found else "a clause"


def check_number(number: str, field_name: str = "number") -> str:
    """A clause number such as 4, 4.2 or 4.2A."""
    number = (number or "").strip()
    if not NUMBER.match(number):
        raise ValidationFailed("Enter a clause number like 4.2 or 4.2A", field_name)
    return number


def _replace_part(doc: Document, part: Part) -> Document:
    return replace(doc, parts=tuple(part if p.key == part.key else p for p in doc.parts))


def _without(doc: Document, key: str) -> tuple[Document, Clause]:
    found = doc.clause(key)
    if found is None:
        raise ValidationFailed("That clause is not in the version this amendment is based on; "
                               "remove the change or rebase the amendment", "clause")
    part, clause = found
    part = replace(part, clauses=tuple(c for c in part.clauses if c.key != key))
    return _replace_part(doc, part), clause


def _place(doc: Document, clause: Clause, part_key: str, after_key: str) -> Document:
    part = doc.part(part_key)
    if part is None:
        raise ValidationFailed("Choose a part of the Constitution from the list", "part")
    clauses = list(part.clauses)
    if after_key:
        at = next((i for i, c in enumerate(clauses) if c.key == after_key), None)
        if at is None:
            raise ValidationFailed("Choose a clause of that part to put it after", "after")
        clauses.insert(at + 1, clause)
    else:
        clauses.insert(0, clause)
    return _replace_part(doc, replace(part, clauses=tuple(clauses)))


def _check_numbers_unique(doc: Document) -> None:
    seen: dict[str, str] = {}
    for _part, clause in doc.clauses():
        if clause.number in seen:
            raise ValidationFailed(f"Two clauses would be numbered {clause.number}: renumber "
                                   "one of them", "number")
        seen[clause.number] = clause.key


def apply_change(doc: Document, change) -> Document:
    """The document with one change (an AmendmentChange or anything with its fields) made."""
    kind = getattr(change.kind, "value", change.kind)
    if kind == "rule":
        return replace(doc, rules={**doc.rules, change.decision_type: dict(change.rule)})
    if kind == "insert":
        if doc.clause(change.clause_key):
            raise ValidationFailed("That clause is already in the text", "clause")
        new = Clause(change.clause_key, change.number, change.heading, change.text)
        return _place(doc, new, change.part_key, change.after_clause_key)
    rest, clause = _without(doc, change.clause_key)
    if kind == "delete":
        return rest
    part = doc.clause(change.clause_key)[0]
    if kind == "amend":
        clause = replace(clause, heading=change.heading, text=change.text)
        return _replace_part(doc, replace(part, clauses=tuple(
            clause if c.key == clause.key else c for c in part.clauses)))
    if kind == "renumber":
        clause = replace(clause, number=change.number)
        return _replace_part(doc, replace(part, clauses=tuple(
            clause if c.key == clause.key else c for c in part.clauses)))
    if kind == "move":
        if change.after_clause_key == clause.key:
            raise ValidationFailed("A clause cannot be put after itself", "after")
        return _place(rest, replace(clause, number=change.number or clause.number),
                      change.part_key, change.after_clause_key)
    raise ValueError(f"unknown change {kind!r}")


def apply_changes(doc: Document, changes) -> Document:
    """The document with every change made in order; clause numbers must stay unique."""
    for change in changes:
        doc = apply_change(doc, change)
    _check_numbers_unique(doc)
    return doc


def _where(doc: Document, part_key: str, after_key: str) -> str:
    part = doc.part(part_key)
    place = f"in Part {part.number}" if part else "in a part no longer in the text"
    if not after_key:
        return f"{place}, at the start"
    found = doc.clause(after_key)
    return f"{place}, after clause {found[1].number}" if found else place


def describe_changes(doc: Document, changes) -> list[tuple[object, str]]:
    """Each change with a sentence saying what it does, read against the text as the changes
    before it leave it ("Move clause 2.4 to Part 5, after clause 5.1, as 5.2")."""
    from network.governance.constitution.decision_rules import DecisionType

    described = []
    for change in changes:
        kind = getattr(change.kind, "value", change.kind)
        found = doc.clause(change.clause_key) if change.clause_key else None
        name = f"clause {found[1].number}" if found else "a clause no longer in the text"
        if kind == "rule":
            words = f"Change the rule for {DecisionType(change.decision_type).label.lower()}s"
        elif kind == "insert":
            words = (f"Insert clause {change.number}"
                     f"{' ' + change.heading if change.heading else ''} "
                     f"{_where(doc, change.part_key, change.after_clause_key)}")
        elif kind == "amend":
            words = f"Amend the text of {name}"
        elif kind == "delete":
            words = f"Delete {name}"
        elif kind == "renumber":
            words = f"Renumber {name} as {change.number}"
        else:
            words = (f"Move {name} {_where(doc, change.part_key, change.after_clause_key)}"
                     .replace(" in Part", " to Part", 1)
                     + (f", as {change.number}" if change.number else ""))
        described.append((change, words))
        try:
            doc = apply_change(doc, change)
        except ValidationFailed:
            continue  # shown as it is; the page says the amendment must be rebased
    return described
