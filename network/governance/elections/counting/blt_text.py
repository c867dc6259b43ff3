"""The text around the numbers in a BLT file: its encoding, comments, and the names section.

BLT files in the wild differ mostly after the ballots. The names section is read in one of two
ways (see docs/counting.md, "BLT dialects"):

- as a stream of quoted strings, several to a line if need be (OpenSTV, OpaVote, Droop, ours):
  n names, then an optional title;
- one candidate to a line (Scottish council exports): the name quoted or not, optionally followed
  by the party as a quoted string, then an optional title line, quoted or not. Lines that a
  spreadsheet saved with CSV quoting (the whole line in quotes, inner quotes doubled) are
  unwrapped first.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# A line that is one CSV field: a quote, then quote-free text or doubled quotes, then a quote.
_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"')
_SEGMENT = re.compile(r'"([^"]*)"|(#.*)|([^"#]+)|(")')
_BLOCK_COMMENT = re.compile(r'"[^"\n]*"|/\*.*?(?:\*/|\Z)', re.DOTALL)
# A UTF-8 lead byte read as Latin-1/Windows-1252 (Ã, Â, â ...) followed by what a continuation
# byte becomes: the sign that UTF-8 text was decoded once too often.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


class BltError(ValueError):
    """Malformed BLT input; `line` is the 1-based line number where the problem was found."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line else message)


def decode_blt(data: bytes) -> str:
    """Decode a BLT file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a
    byte-order mark, and otherwise Windows-1252 (which covers Latin-1's letters)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BltError(f"file starts with a UTF-16 byte-order mark but is not UTF-16 text: "
                           f"{exc.reason}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return data.decode("latin-1")


def strip_block_comments(text: str) -> str:
    """Blank out Droop's `/* ... */` comments outside quotes, keeping line numbers."""
    if "/*" not in text:
        return text

    def blank(m: re.Match[str]) -> str:
        found = m.group()
        if found.startswith('"'):
            return found
        if not found.endswith("*/"):
            raise BltError("unterminated /* comment", text.count("\n", 0, m.start()) + 1)
        return "\n" * found.count("\n") or " "

    return _BLOCK_COMMENT.sub(blank, text)


def _latin_byte(char: str) -> int:
    """The byte a character came from if UTF-8 bytes were decoded as Windows-1252 or Latin-1."""
    code = ord(char)
    return code if code < 0x100 else char.encode("cp1252")[0]


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252 or Latin-1 (`Ã“` back to `Ó`), up to
    three times over; text that does not decode cleanly that way is returned unchanged."""
    for _ in range(3):
        if not _MOJIBAKE_HINT.search(text):
            break
        try:
            text = bytes(_latin_byte(c) for c in text).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
    return text


def _unwrap_csv(text: str) -> str:
    """Undo a spreadsheet's CSV quoting of a whole line (outer quotes, inner ones doubled), as
    often as it was applied, so a quoted name and party inside come out as plain quotes."""
    while (len(text) > 2 and '""' in text[1:-1] and _CSV_FIELD.fullmatch(text)):
        text = text[1:-1].replace('""', '"')
    return text


@dataclass(frozen=True)
class _Line:
    """One non-blank line of the names section: ('q', quoted) and ('t', bare) segments."""

    number: int
    segments: tuple[tuple[str, str], ...]

    def shown(self) -> str:
        """The line as read (after CSV unwrapping and without its comment), for messages."""
        return " ".join(f'"{s}"' if k == "q" else s for k, s in self.segments)


def _segments(text: str, number: int) -> tuple[tuple[str, str], ...]:
    """Split a line into quoted strings and bare text; '#' outside quotes starts a comment."""
    out = []
    for m in _SEGMENT.finditer(text):
        quoted, comment, bare, stray = m.groups()
        if quoted is not None:
            out.append(("q", quoted))
        elif comment is not None:
            break
        elif bare is not None and bare.strip():
            out.append(("t", bare.strip()))
        elif stray is not None:
            raise BltError("unterminated quoted name", number)
    return tuple(out)


@dataclass(frozen=True)
class Names:
    """What the names section holds: names and parties in candidate order, and the title."""

    names: tuple[tuple[str, int], ...]  # (name, line)
    parties: tuple[str, ...]
    title: str


def read_names(lines: list[tuple[int, str]], n: int, last_line: int) -> Names:
    """Read n candidate names (and parties) and the optional title from the names section."""
    entries = []
    for number, raw in lines:
        segments = _segments(_unwrap_csv(raw.strip()), number)
        if segments:
            entries.append(_Line(number, segments))
    quoted = [(s, e.number) for e in entries for k, s in e.segments if k == "q"]
    all_quoted = len(quoted) == sum(len(e.segments) for e in entries)
    if all_quoted and n <= len(quoted) <= n + 1:
        title = quoted[n][0] if len(quoted) > n else ""
        return Names(tuple(quoted[:n]), ("",) * n, title)
    if not n <= len(entries) <= n + 1:
        found = len(quoted) if all_quoted else len(entries)
        if found < n:
            end = entries[-1].number if entries else last_line
            raise BltError(f"unexpected end of file: expected the name of candidate {found + 1} "
                           f"of {n}", end)
        extra, line = quoted[n + 1] if all_quoted else (entries[n + 1].shown(),
                                                         entries[n + 1].number)
        raise BltError(f"unexpected text after the title: {extra!r}", line)
    names, parties = [], []
    for i, entry in enumerate(entries[:n]):
        kinds = "".join(k for k, _ in entry.segments)
        if kinds not in ("q", "t", "qq", "tq"):
            raise BltError(f"expected the name of candidate {i + 1}, optionally followed by a "
                           f"quoted party, found {entry.shown()!r}", entry.number)
        names.append((entry.segments[0][1], entry.number))
        parties.append(entry.segments[1][1] if len(kinds) == 2 else "")
    if _party_first(entries[:n]):
        names = [(p, line) for p, (_, line) in zip(parties, names, strict=True)]
        parties = [entry.segments[0][1] for entry in entries[:n]]
    title = ""
    if len(entries) > n:
        last = entries[n]
        if len(last.segments) > 1:
            raise BltError(f"unexpected text after the title: {last.segments[1][1]!r}",
                           last.number)
        title = last.segments[0][1]
    return Names(tuple(names), tuple(parties), title)


def _party_first(entries: list[_Line]) -> bool:
    """Some exports put the party before the name (`Lab "George ADAM"`): every line has two
    parts, every first part is one word and every second part several, as names on a ballot
    paper are (a forename and a surname) and party abbreviations are not."""
    return all(len(e.segments) == 2 and " " not in e.segments[0][1] and " " in e.segments[1][1]
               for e in entries)
