"""Single transferable vote under the Scottish Local Government Elections Order 2007.

SSI 2007/42, Schedule 1, rules 45-52 (rules 46-53 after SSI 2011/399); see docs/counting.md.
Votes are integers scaled by 10**5, so every figure is exact to five decimal places and each
truncation required by rule 48(3) is an integer floor division.
"""

from __future__ import annotations

from decimal import Decimal

from .model import CountResult, Election, Stage
from .piles import Piles
from .ties import TieBreaker

SCALE = 10**5
METHOD = "scottish-stv"


class _Count:
    """The state of one Scottish STV count while it runs."""

    def __init__(self, election: Election, seats: int, seed: int | str) -> None:
        self.election = election
        self.names = election.candidates
        self.seats = seats
        groups, self.invalid = election.effective_ballots()
        self.valid = sum(groups.values())
        self.quota = (self.valid // (seats + 1) + 1) * SCALE  # rule 46
        self.piles = Piles(len(self.names), groups.items(), SCALE)
        self.standing = election.standing
        for c in self.standing:
            self.piles.continuing[c] = True
        self.ties = TieBreaker(self.names, seed)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.loss = 0
        self.stages: list[Stage] = []

    def d(self, value: int) -> Decimal:
        """Scaled integer -> Decimal with five places."""
        return self.piles.decimal(value)

    def continuing(self) -> list[int]:
        """Continuing candidates in ballot-paper order."""
        flags = self.piles.continuing
        return [c for c in self.standing if flags[c]]

    def elect_reaching_quota(self) -> list[int]:
        """Deem elected every continuing candidate at or above the quota (rule 47)."""
        votes = self.piles.votes
        new = [c for c in self.continuing() if votes[c] >= self.quota]
        new.sort(key=lambda c: (-votes[c], c))
        for c in new:
            self.piles.continuing[c] = False
            self.elected.append(c)
            if votes[c] > self.quota:
                self.pending.append(c)
        return new

    def add_stage(self, action: str, concerned: list[int], description: str,
                  elected: list[int], transfer_value: Decimal | None = None) -> None:
        """Record a stage with every standing candidate's votes."""
        votes = self.piles.votes
        names = self.names
        if elected:
            description += " " + "; ".join(
                f"{names[c]} elected with {self.d(votes[c])}" for c in elected) + "."
        self.stages.append(Stage(
            number=len(self.stages) + 1,
            action=action,
            candidates=tuple(names[c] for c in concerned),
            votes={names[c]: self.d(votes[c]) for c in self.standing},
            non_transferable=self.d(self.piles.non_transferable),
            description=description,
            elected=tuple(names[c] for c in elected),
            lots=self.ties.take_lots(),
            loss=self.d(self.loss),
            transfer_value=transfer_value,
        ))
        self.ties.record(votes)

    def transfer_surplus(self) -> None:
        """Transfer the largest surplus from all of the candidate's papers (rules 48-49)."""
        votes = self.piles.votes
        high = max(votes[c] for c in self.pending)
        tied = [c for c in self.pending if votes[c] == high]
        cand, how = self.ties.pick(tied, lowest=False, reason="which equal surplus first")
        self.pending.remove(cand)
        total = votes[cand]
        surplus = total - self.quota
        moved = self.piles.transfer(cand, lambda value: value * surplus // total)
        self.piles.votes[cand] = self.quota
        self.loss += surplus - moved
        tv = self.d(SCALE * surplus // total)
        note = "" if how == "only" else f" (first among equal surpluses, by {how})"
        text = (f"Surplus of {self.names[cand]} ({self.d(surplus)}) transferred{note}; "
                f"each paper takes its value x {self.d(surplus)} / {self.d(total)}, truncated "
                f"to 5 places ({tv} for a first-preference paper).")
        self.add_stage("transfer", [cand], text, self.elect_reaching_quota(), tv)

    def exclude_lowest(self) -> None:
        """Exclude the continuing candidate with fewest votes and transfer their papers (50-51)."""
        votes = self.piles.votes
        cont = self.continuing()
        low = min(votes[c] for c in cont)
        tied = [c for c in cont if votes[c] == low]
        cand, how = self.ties.pick(tied, lowest=True, reason="which lowest candidate to exclude")
        self.piles.continuing[cand] = False
        self.piles.transfer(cand)
        note = "" if how == "only" else f" (lowest equal, decided by {how})"
        text = (f"{self.names[cand]} excluded with {self.d(low)}{note}; papers transferred at "
                "their current values.")
        self.add_stage("exclude", [cand], text, self.elect_reaching_quota())

    def run(self) -> CountResult:
        """Count to the end and return the result."""
        first = self.elect_reaching_quota()
        self.add_stage("first", [], f"First preferences counted: {self.valid} valid papers, "
                                    f"quota {self.quota // SCALE}.", first)
        while len(self.elected) < self.seats:
            cont = self.continuing()
            left = self.seats - len(self.elected)
            if len(cont) <= left:  # rule 52: no further transfer
                if cont:
                    for c in cont:
                        self.piles.continuing[c] = False
                    cont.sort(key=lambda c: (-self.piles.votes[c], c))
                    self.elected.extend(cont)
                    self.add_stage("elect-remaining", cont,
                                   f"{len(cont)} continuing candidate(s) for {left} remaining "
                                   "seat(s): deemed elected (rule 52).", cont)
                break
            if self.pending:
                self.transfer_surplus()
            else:
                self.exclude_lowest()
        return CountResult(
            method=METHOD,
            seats=self.seats,
            quota=Decimal(self.quota // SCALE),
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            valid=self.valid,
            invalid=self.invalid,
            title=self.election.title,
            seed=self.ties.seed,
            withdrawn=tuple(self.names[c] for c in sorted(self.election.withdrawn)),
            candidates=tuple(self.names[c] for c in self.standing),
        )


def count_scottish_stv(election: Election, seats: int | None = None,
                       seed: int | str = 0) -> CountResult:
    """Count an election by Scottish STV (SSI 2007/42 Sch 1 rules 45-52)."""
    return _Count(election, seats or election.seats, seed).run()
