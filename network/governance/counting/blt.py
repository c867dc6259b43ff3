"""Read and write ballots in BLT format (the format used by OpenSTV, Droop and others).

    11 4                candidates seats
    -3 -7               optional: withdrawn candidates as negative numbers
    369 1 0             weight, preferences (1-based candidate numbers), 0 ends a ballot
    0                   end of ballots
    "Shaukat Butt"      one quoted name per candidate, in number order (several may share a line)
    "Govan"             the election's title

The reader works on a stream of tokens, so blank lines, several names on a line or a ballot
split over lines are all accepted; '#' starts a comment to the end of the line (outside quotes).
Equal rankings ("2=3"), skipped marks ("-") and ballot ids are not supported.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Ballot, Election, fold_name

_TOKEN = re.compile(r'\s+|#.*|"([^"]*)"|([^\s"#]+)|(")')


class BltError(ValueError):
    """Malformed BLT input; `line` is the 1-based line number where the problem was found."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line else message)


class _Tokens:
    """A cursor over (kind, text, line) tokens; kind is 'word' or 'name'."""

    def __init__(self, text: str) -> None:
        self.items = _tokenize(text)
        self.pos = 0
        self.last_line = self.items[-1][2] if self.items else 1

    def peek(self) -> tuple[str, str, int] | None:
        """Return the next token without consuming it."""
        return self.items[self.pos] if self.pos < len(self.items) else None

    def next(self, what: str) -> tuple[str, str, int]:
        """Consume and return the next token; `what` names what was expected, for errors."""
        if self.pos >= len(self.items):
            raise BltError(f"unexpected end of file: expected {what}", self.last_line)
        self.pos += 1
        return self.items[self.pos - 1]

    def integer(self, what: str) -> tuple[int, int]:
        """Consume a whole number; return (value, line)."""
        kind, text, line = self.next(what)
        if kind != "word":
            raise BltError(f"expected {what}, found quoted text \"{text}\"", line)
        try:
            return int(text), line
        except ValueError:
            raise BltError(f"expected {what}, found {text!r}", line) from None


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    """Split BLT text into words and quoted names, tracking line numbers."""
    out: list[tuple[str, str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if '"' not in line and "#" not in line:
            out.extend(("word", word, number) for word in line.split())
            continue
        for m in _TOKEN.finditer(line):
            quoted, word, stray = m.group(1), m.group(2), m.group(3)
            if quoted is not None:
                out.append(("name", quoted, number))
            elif word is not None:
                out.append(("word", word, number))
            elif stray is not None:
                raise BltError("unterminated quoted name", number)
    return out


def parse_blt(text: str) -> Election:
    """Parse BLT text into an Election; raise BltError (with a line number) if malformed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    toks = _Tokens(text)
    n, line = toks.integer("the number of candidates")
    if n < 1:
        raise BltError(f"the number of candidates must be at least 1, not {n}", line)
    seats, line = toks.integer("the number of seats")
    if seats < 1:
        raise BltError(f"the number of seats must be at least 1, not {seats}", line)

    withdrawn: set[int] = set()
    while (tok := toks.peek()) and tok[0] == "word" and tok[1].startswith("-"):
        value, line = toks.integer("a withdrawn candidate")
        if not 1 <= -value <= n:
            raise BltError(f"withdrawn candidate {-value} is not between 1 and {n}", line)
        withdrawn.add(-value - 1)

    ballots = _read_ballots(toks, n)
    names = []
    for i in range(n):
        kind, name, line = toks.next(f"the quoted name of candidate {i + 1}")
        if kind != "name":
            raise BltError(f"expected the quoted name of candidate {i + 1}, found {name!r}", line)
        names.append(fold_name(name))
        if not names[-1]:
            raise BltError(f"the name of candidate {i + 1} is empty", line)
        if names[-1] in names[:-1]:
            raise BltError(f"candidate name {names[-1]!r} is used twice", line)
    title = ""
    if toks.peek() is not None:
        kind, title, line = toks.next("the title")
        if kind != "name":
            raise BltError(f"expected the quoted title, found {title!r}", line)
        title = fold_name(title)
    if (extra := toks.peek()) is not None:
        raise BltError(f"unexpected text after the title: {extra[1]!r}", extra[2])
    return Election(tuple(names), seats, tuple(ballots), frozenset(withdrawn), title)


def _read_ballots(toks: _Tokens, n: int) -> list[Ballot]:
    """Read ballots up to and including the terminating 0 (a tight loop: files are large)."""
    items, i, end = toks.items, toks.pos, len(toks.items)
    ballots = []
    while True:
        if i >= end:
            toks.pos = i
            toks.next("a ballot or the 0 that ends the ballots")
        kind, text, line = items[i]
        i += 1
        if kind != "word":
            raise BltError(f"expected a ballot or 0 before the names, found \"{text}\"", line)
        if not text.isdigit():
            raise BltError(f"ballot weight must be a whole number, found {text!r}", line)
        weight = int(text)
        if weight == 0:
            toks.pos = i
            return ballots
        prefs: list[int] = []
        while True:
            if i >= end:
                toks.pos = i
                toks.next("a preference or the 0 that ends the ballot")
            kind, text, pline = items[i]
            i += 1
            if kind != "word" or not text.isdigit():
                shown = f'"{text}"' if kind == "name" else repr(text)
                raise BltError(f"expected a candidate number or 0, found {shown}", pline)
            pref = int(text)
            if pref == 0:
                break
            if pref > n:
                raise BltError(f"preference {pref} is not a candidate (1..{n})", pline)
            if pref - 1 in prefs:
                raise BltError(f"candidate {pref} is ranked twice on one ballot", pline)
            prefs.append(pref - 1)
        ballots.append(Ballot(tuple(prefs), weight))


def read_blt(path: str | Path) -> Election:
    """Read a BLT file (UTF-8) into an Election."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BltError(f"file is not UTF-8 text: {exc.reason}") from None
    return parse_blt(text)


def write_blt(election: Election, group: bool = True) -> str:
    """Return the election as BLT text; with `group`, identical rankings share one line."""
    for name in (*election.candidates, election.title):
        if '"' in name or "\n" in name:
            raise ValueError(f"cannot write a name containing a quote or newline: {name!r}")
    lines = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        lines.append(" ".join(f"-{i + 1}" for i in sorted(election.withdrawn)))
    if group:
        rows = list(election.grouped().items())
    else:
        rows = [(b.prefs, b.weight) for b in election.ballots]
    for prefs, weight in rows:
        lines.append(" ".join([str(weight), *(str(p + 1) for p in prefs), "0"]))
    lines.append("0")
    lines.extend(f'"{name}"' for name in election.candidates)
    lines.append(f'"{election.title}"')
    return "\n".join(lines) + "\n"
