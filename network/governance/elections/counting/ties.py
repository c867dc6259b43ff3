"""Tie-breaking shared by every method: look back over earlier stages, else draw lots.

Lots come from `random.Random(seed)`, so a count with the same seed always draws the same lots.
Each draw picks uniformly among the tied candidates listed in ballot-paper order, using one call
to `Random.randrange`; draws are made in the order the count needs them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .model import Lot


class TieBreaker:
    """Breaks ties by the most recent earlier stage at which the candidates differed, else lot."""

    def __init__(self, names: Sequence[str], seed: int | str = 0) -> None:
        self.names = tuple(names)
        self.seed = seed
        self._rng = random.Random(seed)
        self.history: list[Sequence[int]] = []
        self.pending_lots: list[Lot] = []

    def record(self, votes: Sequence[int]) -> None:
        """Remember the votes (indexed by candidate) at the end of a stage."""
        self.history.append(tuple(votes))

    def take_lots(self) -> tuple[Lot, ...]:
        """Return and forget the lots drawn since the last call (to attach to a stage)."""
        lots, self.pending_lots = tuple(self.pending_lots), []
        return lots

    def draw(self, tied: Sequence[int], reason: str) -> int:
        """Draw one of `tied` by lot and record the drawing."""
        pool = sorted(tied)
        chosen = pool[self._rng.randrange(len(pool))]
        self.pending_lots.append(
            Lot(reason, tuple(self.names[i] for i in pool), self.names[chosen])
        )
        return chosen

    def by_history(self, tied: Sequence[int], lowest: bool) -> list[int]:
        """Narrow `tied` by going back stage by stage; return the candidates still level.

        At each earlier stage (most recent first) only those with the lowest (or highest) votes
        among the remaining candidates stay in; the search stops when one is left.
        """
        group = sorted(set(tied))
        for snapshot in reversed(self.history):
            if len(group) == 1:
                break
            values = [snapshot[i] for i in group]
            target = min(values) if lowest else max(values)
            group = [i for i, v in zip(group, values, strict=True) if v == target]
        return group

    def pick(self, tied: Sequence[int], lowest: bool, reason: str) -> tuple[int, str]:
        """Choose one of `tied`; return it and how: 'only', 'earlier stage' or 'lot'."""
        if len(set(tied)) == 1:
            return tied[0], "only"
        group = self.by_history(tied, lowest)
        if len(group) == 1:
            return group[0], "earlier stage"
        return self.draw(group, reason), "lot"
