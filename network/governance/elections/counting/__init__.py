"""Vote counting for network elections: BLT ballots in, stage-by-stage results out.

Pure standard library (no Flask, no database), so a published result can be re-counted anywhere:

    from network.governance.elections.counting import count, read_blt
    result = count(read_blt("ward.blt"), "scottish-stv", seed=0)
"""

from __future__ import annotations

from collections.abc import Callable

from .blt import BltError, parse_blt, read_blt, write_blt
from .irv import count_irv
from .model import Ballot, CountResult, Election, Lot, Stage, fold_name
from .plurality import count_fptp
from .report import format_result
from .stv import count_scottish_stv

CountFunction = Callable[..., CountResult]

METHODS: dict[str, CountFunction] = {
    "fptp": count_fptp,
    "irv": count_irv,
    "scottish-stv": count_scottish_stv,
}


def count(election: Election, method: str, seats: int | None = None,
          seed: int | str = 0) -> CountResult:
    """Count `election` by `method` (a key of METHODS); seats default to the election's."""
    try:
        counter = METHODS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}") from None
    if seats is not None and (not isinstance(seats, int) or seats < 1):
        raise ValueError(f"seats must be a positive whole number, not {seats!r}")
    return counter(election, seats=seats, seed=seed)


__all__ = [
    "METHODS",
    "Ballot",
    "BltError",
    "CountResult",
    "Election",
    "Lot",
    "Stage",
    "count",
    "count_fptp",
    "count_irv",
    "count_scottish_stv",
    "fold_name",
    "format_result",
    "parse_blt",
    "read_blt",
    "write_blt",
]
