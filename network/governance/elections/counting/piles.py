"""Ballot piles for transferable-vote counts, in exact integer arithmetic.

Identical rankings are grouped, and every parcel of papers is (ranking, position, value, count):
`value` is the value of one paper as an integer scaled by `scale` (10**5 for five decimal
places, 1 for whole votes), so the hot loops never touch Decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

Parcel = tuple[tuple[int, ...], int, int, int]


class Piles:
    """Each candidate's papers and vote total, plus the non-transferable total."""

    def __init__(self, n: int, groups: Iterable[tuple[tuple[int, ...], int]], scale: int) -> None:
        self.scale = scale
        self.places = len(str(scale)) - 1
        self.continuing = [False] * n
        self.papers: list[list[Parcel]] = [[] for _ in range(n)]
        self.votes = [0] * n
        self.non_transferable = 0
        for prefs, count in groups:
            first = prefs[0]
            self.papers[first].append((prefs, 0, scale, count))
            self.votes[first] += scale * count

    def decimal(self, value: int) -> Decimal:
        """Turn a scaled integer into an exact Decimal with the pile's decimal places."""
        return Decimal(value).scaleb(-self.places)

    def transfer(self, cand: int, revalue: Callable[[int], int] | None = None) -> int:
        """Move all of `cand`'s papers to their next continuing preference; return value moved.

        With `revalue`, each paper takes the new value revalue(old value) before moving (a
        surplus transfer); papers of value 0 are dropped. The candidate's pile is emptied and
        their vote set to 0; the caller sets any retained vote (the quota).
        """
        parcels = self.papers[cand]
        self.papers[cand] = []
        self.votes[cand] = 0
        continuing = self.continuing
        papers = self.papers
        votes = self.votes
        cache: dict[int, int] = {}
        moved = 0
        exhausted = 0
        for prefs, pos, value, count in parcels:
            if revalue is not None:
                new = cache.get(value)
                if new is None:
                    new = cache[value] = revalue(value)
                value = new
                if not value:
                    continue
            pos += 1
            end = len(prefs)
            while pos < end and not continuing[prefs[pos]]:
                pos += 1
            amount = value * count
            moved += amount
            if pos < end:
                dest = prefs[pos]
                papers[dest].append((prefs, pos, value, count))
                votes[dest] += amount
            else:
                exhausted += amount
        self.non_transferable += exhausted
        return moved
