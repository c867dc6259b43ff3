"""Read and write ballots in BLT format (the format used by OpenSTV, Droop and others).

    11 4                candidates seats
    -3 -7               optional: withdrawn candidates as negative numbers
    369 1 0             weight, preferences (1-based candidate numbers), 0 ends a ballot
    0                   end of ballots
    "Shaukat Butt"      one quoted name per candidate, in number order (several may share a line)
    "Govan"             the election's title

The numbers are read as a stream of tokens, so blank lines or a ballot split over lines are
accepted; '#' starts a comment to the end of the line (outside quotes), and Droop's `/* */`
comments are skipped. The names section and the encodings found in the wild (unquoted names,
parties, CSV quoting, Latin-1, mojibake) are handled in `blt_text.py`. Equal rankings ("2=3")
are refused with a clear message, as no method here can count them; so are skipped marks ("-").
"""

from __future__ import annotations

import re
from pathlib import Path

from .blt_text import BltError, decode_blt, read_names, repair_mojibake, strip_block_comments
from .model import Ballot, Election, fold_name

_TOKEN = re.compile(r'\s+|#.*|"([^"]*)"|([^\s"#]+)|(")')
_LINE_END = re.compile(r"\r\n?|\n")


class _Tokens:
    """A cursor over (kind, text, line) tokens, kind 'word' or 'name', read a line at a time."""

    def __init__(self, text: str) -> None:
        # only CR, LF and CRLF end a line (str.splitlines would also split at \x85 or U+2028)
        self.lines = _LINE_END.split(text)
        self.row = 0  # index of the next line not yet read
        self.buf: list[tuple[str, str, int]] = []  # tokens of the current line
        self.off = 0  # next token in buf
        self.last_line = 1  # line of the last token read, for end-of-file errors

    def _fill(self) -> bool:
        """Make sure a token is buffered; False at end of file."""
        while self.off >= len(self.buf):
            if self.row >= len(self.lines):
                return False
            self.row += 1
            self.buf, self.off = _line_tokens(self.lines[self.row - 1], self.row), 0
            if self.buf:
                self.last_line = self.row
        return True

    def plain_line(self) -> list[str] | None:
        """At a line boundary, return the words of the next non-blank line if it has only words
        (no quotes, no comment); the line stays unread until `skip_line`."""
        if self.off < len(self.buf):
            return None
        lines = self.lines
        while self.row < len(lines):
            line = lines[self.row]
            if '"' in line or "#" in line:
                return None
            words = line.split()
            if words:
                return words
            self.row += 1
        return None

    def skip_line(self) -> None:
        """Consume the line returned by `plain_line`."""
        self.row += 1
        self.last_line = self.row

    def rest(self) -> list[tuple[int, str]]:
        """Return what is left unread as (line number, text) pairs."""
        out = []
        if self.off < len(self.buf):
            left = self.buf[self.off:]
            out.append((left[0][2], " ".join(f'"{t}"' if k == "name" else t for k, t, _ in left)))
        out.extend((i + 1, self.lines[i]) for i in range(self.row, len(self.lines)))
        return out

    def peek(self) -> tuple[str, str, int] | None:
        """Return the next token without consuming it."""
        return self.buf[self.off] if self._fill() else None

    def next(self, what: str) -> tuple[str, str, int]:
        """Consume and return the next token; `what` names what was expected, for errors."""
        if not self._fill():
            raise BltError(f"unexpected end of file: expected {what}", self.last_line)
        self.off += 1
        return self.buf[self.off - 1]

    def integer(self, what: str) -> tuple[int, int]:
        """Consume a whole number; return (value, line)."""
        kind, text, line = self.next(what)
        if kind != "word":
            raise BltError(f"expected {what}, found quoted text \"{text}\"", line)
        try:
            return int(text), line
        except ValueError:
            raise BltError(f"expected {what}, found {text!r}", line) from None


def _line_tokens(line: str, number: int) -> list[tuple[str, str, int]]:
    """Split one line into words and quoted names; '#' starts a comment outside quotes."""
    if '"' not in line and "#" not in line:
        return [("word", word, number) for word in line.split()]
    out = []
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
    toks = _Tokens(strip_block_comments(text))
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
    section = read_names(toks.rest(), n, toks.last_line)
    names: list[str] = []
    for i, (raw, line) in enumerate(section.names):
        names.append(repair_mojibake(fold_name(raw)))
        if not names[-1]:
            raise BltError(f"the name of candidate {i + 1} is empty", line)
        if names[-1] in names[:-1]:
            raise BltError(f"candidate name {names[-1]!r} is used twice", line)
    parties = tuple(repair_mojibake(fold_name(p)) for p in section.parties)
    title = repair_mojibake(fold_name(section.title))
    try:
        return Election(tuple(names), seats, tuple(ballots), frozenset(withdrawn), title,
                        parties if any(parties) else ())
    except ValueError as exc:  # the checks above should catch everything; never a traceback
        raise BltError(str(exc)) from None


def _read_ballots(toks: _Tokens, n: int) -> list[Ballot]:
    """Read ballots up to and including the terminating 0."""
    ballots = []
    while True:
        words = toks.plain_line()
        # fast path: a whole line "weight prefs... 0"; anything odd takes the slow path
        if words and len(words) > 1 and words[-1] == "0" and "".join(words).isdigit():
            nums = list(map(int, words))
            prefs = nums[1:-1]
            if (nums[0] and 0 not in prefs and (not prefs or max(prefs) <= n)
                    and len(set(prefs)) == len(prefs)):
                ballots.append(Ballot(tuple([p - 1 for p in prefs]), nums[0]))
                toks.skip_line()
                continue
        kind, text, line = toks.next("a ballot or the 0 that ends the ballots")
        if kind != "word":
            raise BltError(f"expected a ballot or 0 before the names, found \"{text}\"", line)
        if not text.isdigit():
            raise BltError(f"ballot weight must be a whole number, found {text!r}", line)
        weight = int(text)
        if weight == 0:
            return ballots
        prefs = []
        while True:
            kind, text, pline = toks.next("a preference or the 0 that ends the ballot")
            if kind == "word" and "=" in text:
                raise BltError(f"equal preferences ({text!r}) cannot be counted: each preference "
                               "must be a single candidate (fptp, irv and scottish-stv all need "
                               "a strict ranking)", pline)
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
    """Read a BLT file (UTF-8, UTF-16 with a byte-order mark, or Windows-1252) into an
    Election."""
    return parse_blt(decode_blt(Path(path).read_bytes()))


def write_blt(election: Election, group: bool = True) -> str:
    """Return the election as BLT text; with `group`, identical rankings share one line."""
    for name in (*election.candidates, *election.parties, election.title):
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
    parties = election.parties or ("",) * len(election.candidates)
    lines.extend(f'"{name}" "{party}"' if party else f'"{name}"'
                 for name, party in zip(election.candidates, parties, strict=True))
    lines.append(f'"{election.title}"')
    return "\n".join(lines) + "\n"
