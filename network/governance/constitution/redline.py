"""Two texts of the Constitution compared: clause by clause (matched by clause key, so a
renumbered or moved clause is the same clause) and word by word inside each clause.

Insertions are `<ins>` and deletions `<del>`, each starting with words a screen reader says
("inserted:", "deleted:"), so nothing is shown by colour alone. No database access."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from network.governance.constitution.decision_rules import DecisionRule, DecisionType
from network.governance.constitution.document import Clause, Document, Part

# words (any script), runs of white space, and single other characters
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _html(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>\n")


def _ins(text: str) -> str:
    return ('<ins class="ukmn-redline__ins"><span class="govuk-visually-hidden">inserted: '
            f'</span>{_html(text)}<span class="govuk-visually-hidden"> (end of insertion)'
            '</span></ins>')


def _del(text: str) -> str:
    return ('<del class="ukmn-redline__del"><span class="govuk-visually-hidden">deleted: '
            f'</span>{_html(text)}<span class="govuk-visually-hidden"> (end of deletion)'
            '</span></del>')


def word_diff(old: str, new: str) -> Markup:
    """`new` with the words taken out of `old` in <del> and the words put in as <ins>."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_html("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(_del("".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(_ins("".join(b[j1:j2])))
    return Markup("".join(out))  # noqa: S704 - every piece of text is escaped in _html


@dataclass
class ClauseLine:
    """One clause in the comparison: what happened to it and its text marked up."""

    key: str
    number: str
    old_number: str | None
    state: str                     # "unchanged", "amended", "inserted" or "deleted"
    heading: Markup
    text: Markup
    moved_from: str | None = None  # "Part 3, clause 3.2" when it was elsewhere

    @property
    def is_renumbered(self) -> bool:
        """Same clause, another number."""
        return self.old_number is not None and self.old_number != self.number and (
            self.state != "deleted")

    @property
    def is_changed(self) -> bool:
        """Anything to show: new, gone, new words, new place or new number."""
        return self.state != "unchanged" or bool(self.moved_from) or self.is_renumbered


@dataclass
class PartLine:
    """One part in the comparison."""

    key: str
    number: str
    title: Markup
    state: str  # "unchanged", "amended" (title or number), "inserted" or "deleted"
    clauses: list[ClauseLine] = field(default_factory=list)


@dataclass
class RuleLine:
    """A decision type whose rule differs between the two texts."""

    decision_type: DecisionType
    old: DecisionRule | None
    new: DecisionRule | None


@dataclass
class Redline:
    """The whole comparison, in the newer text's order (deleted clauses where they were)."""

    parts: list[PartLine]
    rules: list[RuleLine]

    @property
    def counts(self) -> dict[str, int]:
        """How many clauses were inserted, deleted, amended, moved, renumbered."""
        lines = [c for p in self.parts for c in p.clauses]
        return {"inserted": sum(c.state == "inserted" for c in lines),
                "deleted": sum(c.state == "deleted" for c in lines),
                "amended": sum(c.state == "amended" for c in lines),
                "moved": sum(bool(c.moved_from) for c in lines),
                "renumbered": sum(c.is_renumbered for c in lines)}

    @property
    def is_empty(self) -> bool:
        """Nothing differs."""
        return not self.rules and not any(
            c.is_changed for p in self.parts for c in p.clauses) and all(
            p.state == "unchanged" for p in self.parts)


def _moved_keys(old: Document, new: Document) -> set[str]:
    """Clauses in both texts that left their part or their order among the others."""
    old_place = {c.key: p.key for p, c in old.clauses()}
    new_order = [c.key for _, c in new.clauses() if c.key in old_place]
    new_keys = set(new_order)
    old_order = [c.key for _, c in old.clauses() if c.key in new_keys]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {k for block in matcher.get_matching_blocks()
            for k in old_order[block.a:block.a + block.size]}
    new_place = {c.key: p.key for p, c in new.clauses()}
    return {k for k in new_keys if k not in kept or old_place[k] != new_place[k]}


def _deleted_line(clause: Clause) -> ClauseLine:
    return ClauseLine(clause.key, clause.number, clause.number, "deleted",
                      word_diff(clause.heading, ""), word_diff(clause.text, ""))


def _line(old: tuple[Part, Clause] | None, clause: Clause, moved: bool) -> ClauseLine:
    if old is None:
        return ClauseLine(clause.key, clause.number, None, "inserted",
                          word_diff("", clause.heading), word_diff("", clause.text))
    old_part, old_clause = old
    same = (old_clause.text, old_clause.heading) == (clause.text, clause.heading)
    return ClauseLine(clause.key, clause.number, old_clause.number,
                      "unchanged" if same else "amended",
                      word_diff(old_clause.heading, clause.heading),
                      word_diff(old_clause.text, clause.text),
                      moved_from=(f"Part {old_part.number}, clause {old_clause.number}"
                                  if moved else None))


def _with_deleted(lines: list[ClauseLine], old_part: Part | None, gone: set[str]) -> None:
    """Put each deleted clause of the part after the clause that came before it."""
    if old_part is None:
        return
    previous: str | None = None
    for clause in old_part.clauses:
        if clause.key in gone:
            at = 0 if previous is None else next(
                (i + 1 for i, line in enumerate(lines) if line.key == previous), len(lines))
            lines.insert(at, _deleted_line(clause))
        previous = clause.key


def _rules(old: Document, new: Document) -> list[RuleLine]:
    found = []
    for decision_type in DecisionType:
        a, b = old.rules.get(decision_type.value), new.rules.get(decision_type.value)
        if a != b:
            found.append(RuleLine(decision_type, DecisionRule.from_dict(a) if a else None,
                                  DecisionRule.from_dict(b) if b else None))
    return found


def compare(old: Document, new: Document) -> Redline:
    """The redline from `old` to `new`."""
    moved = _moved_keys(old, new)
    new_keys = {c.key for _, c in new.clauses()}
    gone = {c.key for _, c in old.clauses() if c.key not in new_keys}
    parts: list[PartLine] = []
    for part in new.parts:
        old_part = old.part(part.key)
        lines = [_line(old.clause(c.key), c, c.key in moved) for c in part.clauses]
        _with_deleted(lines, old_part, gone)
        if old_part is None:
            state = "inserted"
        elif (old_part.title, old_part.number) != (part.title, part.number):
            state = "amended"
        else:
            state = "unchanged"
        parts.append(PartLine(part.key, part.number,
                              word_diff(old_part.title if old_part else "", part.title),
                              state, lines))
    for at, old_part in enumerate(old.parts):
        if new.part(old_part.key) is None:
            parts.insert(min(at, len(parts)), PartLine(
                old_part.key, old_part.number, word_diff(old_part.title, ""), "deleted",
                [_deleted_line(c) for c in old_part.clauses]))
    return Redline(parts, _rules(old, new))
