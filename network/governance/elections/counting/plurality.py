"""First past the post: plurality for one seat, block vote for several.

With ranked ballots, each ballot gives one vote (times its weight) to each of its first `seats`
ranked candidates, ignoring withdrawn candidates; for one seat that is just the first preference.
The `seats` candidates with most votes are elected; a tie for the last seat(s) is decided by lot.
"""

from __future__ import annotations

from decimal import Decimal

from .model import CountResult, Election, Stage
from .ties import TieBreaker

METHOD = "fptp"


def count_fptp(election: Election, seats: int | None = None, seed: int | str = 0) -> CountResult:
    """Count an election by plurality (one seat) or block vote (several seats)."""
    seats = seats or election.seats
    names = election.candidates
    standing = election.standing
    groups, invalid = election.effective_ballots()
    votes = [0] * len(names)
    for prefs, weight in groups.items():
        for c in prefs[:seats]:
            votes[c] += weight
    ties = TieBreaker(names, seed)

    ranked = sorted(standing, key=lambda c: (-votes[c], c))
    if len(ranked) <= seats:
        winners = ranked
    else:
        cut = votes[ranked[seats - 1]]
        winners = [c for c in ranked if votes[c] > cut]
        level = [c for c in ranked if votes[c] == cut]
        if len(level) <= seats - len(winners):
            winners.extend(level)
        while len(winners) < seats:
            chosen = ties.draw(level, f"equal votes for the last {seats - len(winners)} seat(s)")
            level.remove(chosen)
            winners.append(chosen)

    kind = "plurality" if seats == 1 else f"block vote, up to {seats} marks a ballot"
    listed = "; ".join(f"{names[c]} elected with {votes[c]}" for c in winners)
    stage = Stage(
        number=1,
        action="first",
        candidates=(),
        votes={names[c]: Decimal(votes[c]) for c in standing},
        non_transferable=Decimal(0),
        description=f"Votes counted ({kind}): {sum(groups.values())} valid ballots. {listed}.",
        elected=tuple(names[c] for c in winners),
        lots=ties.take_lots(),
    )
    return CountResult(
        method=METHOD,
        seats=seats,
        quota=None,
        elected=stage.elected,
        stages=(stage,),
        valid=sum(groups.values()),
        invalid=invalid,
        title=election.title,
        seed=seed,
        withdrawn=tuple(names[c] for c in sorted(election.withdrawn)),
        candidates=tuple(names[c] for c in standing),
    )
