"""Instant-runoff (alternative) vote for one seat.

After each stage, a candidate with strictly more than half of the votes still held by continuing
candidates is elected. Otherwise the candidate with fewest votes is excluded (one per stage) and
their ballots pass at full value to the next continuing preference; ballots with none left are
exhausted and drop out of the total. A tie for exclusion goes to the most recent earlier stage at
which the tied candidates differed, else to lot. If only one candidate is left, they are elected.
"""

from __future__ import annotations

from .model import CountResult, Election, Stage
from .piles import Piles
from .ties import TieBreaker

METHOD = "irv"


def count_irv(election: Election, seats: int | None = None, seed: int | str = 0) -> CountResult:
    """Count a one-seat election by instant-runoff voting."""
    seats = seats or election.seats
    if seats != 1:
        raise ValueError(f"irv fills exactly one seat, not {seats}; use scottish-stv for more")
    names = election.candidates
    standing = election.standing
    groups, invalid = election.effective_ballots()
    valid = sum(groups.values())
    piles = Piles(len(names), groups.items(), 1)
    for c in standing:
        piles.continuing[c] = True
    ties = TieBreaker(names, seed)
    stages: list[Stage] = []
    winner: int | None = None

    def record(action: str, concerned: list[int], text: str) -> None:
        """Check for a winner, then record the stage."""
        nonlocal winner
        cont = [c for c in standing if piles.continuing[c]]
        live = valid - piles.non_transferable
        elected = [c for c in cont if 2 * piles.votes[c] > live]
        if elected:
            text += (f" {names[elected[0]]} has {piles.votes[elected[0]]} of {live} continuing"
                     " votes, a majority, and is elected.")
        elif len(cont) == 1:
            elected = cont
            text += f" {names[cont[0]]} is the only continuing candidate and is elected."
        if elected:
            winner = elected[0]
        stages.append(Stage(
            number=len(stages) + 1,
            action=action,
            candidates=tuple(names[c] for c in concerned),
            votes={names[c]: piles.decimal(piles.votes[c]) for c in standing},
            non_transferable=piles.decimal(piles.non_transferable),
            description=text,
            elected=tuple(names[c] for c in elected),
            lots=ties.take_lots(),
        ))
        ties.record(piles.votes)

    record("first", [], f"First preferences counted: {valid} valid ballots.")
    while winner is None:
        cont = [c for c in standing if piles.continuing[c]]
        if not cont:
            break
        low = min(piles.votes[c] for c in cont)
        tied = [c for c in cont if piles.votes[c] == low]
        cand, how = ties.pick(tied, lowest=True, reason="which lowest candidate to exclude")
        piles.continuing[cand] = False
        piles.transfer(cand)
        note = "" if how == "only" else f" (lowest equal, decided by {how})"
        record("exclude", [cand], f"{names[cand]} excluded with {low}{note}; ballots transferred.")

    return CountResult(
        method=METHOD,
        seats=1,
        quota=None,
        elected=() if winner is None else (names[winner],),
        stages=tuple(stages),
        valid=valid,
        invalid=invalid,
        title=election.title,
        seed=seed,
        withdrawn=tuple(names[c] for c in sorted(election.withdrawn)),
        candidates=tuple(names[c] for c in standing),
    )
