"""Data model for counting: elections in, stage-by-stage results out.

Pure standard library. Candidates are referred to by 0-based index inside the engine and by
name in results; names are unique within an election.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_SPACE_RUN = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """Return a candidate name with runs of white space folded to one space and trimmed."""
    return _SPACE_RUN.sub(" ", name).strip()


@dataclass(frozen=True)
class Ballot:
    """One ranked ballot (candidate indices, most preferred first) cast `weight` times."""

    prefs: tuple[int, ...]
    weight: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.weight, int) or isinstance(self.weight, bool) or self.weight < 1:
            raise ValueError(f"ballot weight must be a positive whole number, not {self.weight!r}")
        object.__setattr__(self, "prefs", tuple(self.prefs))


@dataclass(frozen=True)
class Election:
    """The input to a count: candidate names, seats, ballots and withdrawn candidates; `parties`
    is empty or one label per candidate ("" for none), kept for display and never counted."""

    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[int] = frozenset()
    title: str = ""
    parties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = tuple(fold_name(n) for n in self.candidates)
        object.__setattr__(self, "candidates", names)
        object.__setattr__(self, "title", fold_name(self.title))
        object.__setattr__(self, "parties", tuple(fold_name(p) for p in self.parties))
        if self.parties and len(self.parties) != len(names):
            raise ValueError(f"parties must be empty or one per candidate, not {len(self.parties)} "
                             f"for {len(names)}")
        object.__setattr__(self, "ballots", tuple(self.ballots))
        object.__setattr__(self, "withdrawn", frozenset(self.withdrawn))
        if not names:
            raise ValueError("an election needs at least one candidate")
        if any(not n for n in names):
            raise ValueError("candidate names must not be empty")
        dupes = sorted(n for n, k in Counter(names).items() if k > 1)
        if dupes:
            raise ValueError(f"candidate names must be unique: {', '.join(dupes)}")
        if not isinstance(self.seats, int) or self.seats < 1:
            raise ValueError(f"seats must be a positive whole number, not {self.seats!r}")
        n = len(names)
        bad = [w for w in self.withdrawn if not 0 <= w < n]
        if bad:
            raise ValueError(f"withdrawn candidate index out of range: {bad[0]}")
        for prefs in {b.prefs for b in self.ballots}:
            if not prefs:
                continue
            if not all(type(p) is int for p in prefs) or min(prefs) < 0 or max(prefs) >= n:
                raise ValueError(f"ballot {prefs} has a preference that is not a candidate "
                                 f"index (0..{n - 1})")
            if len(set(prefs)) != len(prefs):
                raise ValueError(f"ballot ranks a candidate twice: {prefs}")

    @property
    def standing(self) -> tuple[int, ...]:
        """Indices of candidates who have not withdrawn, in ballot-paper order."""
        return tuple(i for i in range(len(self.candidates)) if i not in self.withdrawn)

    def grouped(self) -> dict[tuple[int, ...], int]:
        """Return identical rankings merged: ranking -> total weight."""
        groups: dict[tuple[int, ...], int] = {}
        get = groups.get
        for ballot in self.ballots:
            prefs = ballot.prefs
            groups[prefs] = get(prefs, 0) + ballot.weight
        return groups

    def effective_ballots(self) -> tuple[dict[tuple[int, ...], int], int]:
        """Rankings with withdrawn candidates removed, grouped; plus the weight of empty ones."""
        groups = self.grouped()
        if self.withdrawn:
            gone = self.withdrawn
            merged: dict[tuple[int, ...], int] = {}
            for prefs, weight in groups.items():
                key = tuple(p for p in prefs if p not in gone)
                merged[key] = merged.get(key, 0) + weight
            groups = merged
        empty = groups.pop((), 0)
        return groups, empty

    def with_seats(self, seats: int) -> Election:
        """Return a copy of this election with a different number of seats."""
        return Election(self.candidates, seats, self.ballots, self.withdrawn, self.title,
                        self.parties)


@dataclass(frozen=True)
class Lot:
    """A drawing of lots: why, among whom (in ballot-paper order), and who was drawn."""

    reason: str
    among: tuple[str, ...]
    chosen: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"reason": self.reason, "among": list(self.among), "chosen": self.chosen}


@dataclass(frozen=True)
class Stage:
    """One stage of a count and every standing candidate's votes at its end."""

    number: int
    action: str
    candidates: tuple[str, ...]
    votes: dict[str, Decimal]
    non_transferable: Decimal
    description: str
    elected: tuple[str, ...] = ()
    lots: tuple[Lot, ...] = ()
    loss: Decimal = Decimal(0)
    transfer_value: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; votes are decimal strings."""
        out: dict[str, Any] = {
            "number": self.number,
            "action": self.action,
            "candidates": list(self.candidates),
            "description": self.description,
            "votes": {name: str(v) for name, v in self.votes.items()},
            "non_transferable": str(self.non_transferable),
            "loss": str(self.loss),
            "elected": list(self.elected),
            "lots": [lot.to_dict() for lot in self.lots],
        }
        if self.transfer_value is not None:
            out["transfer_value"] = str(self.transfer_value)
        return out


@dataclass(frozen=True)
class CountResult:
    """The outcome of a count: who was elected, in order, and how, stage by stage."""

    method: str
    seats: int
    quota: Decimal | None
    elected: tuple[str, ...]
    stages: tuple[Stage, ...]
    valid: int
    invalid: int = 0
    title: str = ""
    seed: int | str = 0
    withdrawn: tuple[str, ...] = ()
    candidates: tuple[str, ...] = field(default=())

    @property
    def lots(self) -> tuple[Lot, ...]:
        """Every lot drawn during the count, in order."""
        return tuple(lot for stage in self.stages for lot in stage.lots)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; all vote figures are decimal strings."""
        return {
            "title": self.title,
            "method": self.method,
            "seats": self.seats,
            "quota": None if self.quota is None else str(self.quota),
            "valid": self.valid,
            "invalid": self.invalid,
            "seed": self.seed,
            "candidates": list(self.candidates),
            "withdrawn": list(self.withdrawn),
            "elected": list(self.elected),
            "stages": [stage.to_dict() for stage in self.stages],
        }
