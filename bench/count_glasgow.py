"""Benchmark: count all 21 Glasgow 2007 wards with our Scottish STV and with stvpoll's.

Usage: .venv/bin/python bench/count_glasgow.py [--repeat N] [--fixtures DIR]

Both engines get the same ballots, already parsed and grouped (parsing is timed separately), and
must elect the same set in every ward. Prints each engine's total time (best of N runs) and the
ratio, and writes bench/results/count_glasgow.json. Needs `pip install stvpoll`.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from network.governance.elections.counting import count_scottish_stv, read_blt  # noqa: E402

DEFAULT_FIXTURES = ROOT / "tests" / "data" / "glasgow-2007"
RESULTS = ROOT / "bench" / "results" / "count_glasgow.json"


def best_time(fn, repeat: int) -> tuple[float, object]:
    """Run fn() `repeat` times; return the fastest wall time and the last return value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> int:
    """Run the benchmark and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per engine (best is kept)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    args = parser.parse_args()

    try:
        from stvpoll.scottish_stv import calculate_scottish_stv
    except ImportError as exc:
        print(f"stvpoll is not importable ({exc}); install it with: pip install stvpoll",
              file=sys.stderr)
        return 1

    paths = sorted(p for p in args.fixtures.glob("*-2007.blt"))
    if len(paths) != 21:
        print(f"expected 21 ward files in {args.fixtures}, found {len(paths)}", file=sys.stderr)
        return 1

    parse_time, elections = best_time(lambda: [read_blt(p) for p in paths], args.repeat)
    polls = []
    for e in elections:
        groups, _ = e.effective_ballots()
        ballots = {tuple(e.candidates[c] for c in prefs): k for prefs, k in groups.items()}
        polls.append((tuple(e.candidates[c] for c in e.standing), ballots, e.seats))

    def ours():
        """Count every ward with our engine."""
        return [count_scottish_stv(e).elected for e in elections]

    def theirs():
        """Count every ward with stvpoll."""
        return [tuple(calculate_scottish_stv(c, b, s, random_shuffle=False))
                for c, b, s in polls]

    our_time, our_elected = best_time(ours, args.repeat)
    their_time, their_elected = best_time(theirs, args.repeat)

    wards = []
    mismatches = 0
    for path, mine, other in zip(paths, our_elected, their_elected, strict=True):
        same = set(mine) == set(other)
        mismatches += not same
        wards.append({"ward": path.stem, "ours": list(mine), "stvpoll": list(other),
                      "same_set": same})
        if not same:
            print(f"MISMATCH {path.stem}: ours {mine} stvpoll {other}", file=sys.stderr)

    ratio = their_time / our_time
    report = {
        "wards": len(paths),
        "repeat": args.repeat,
        "python": platform.python_version(),
        "stvpoll_version": metadata.version("stvpoll"),
        "parse_seconds": round(parse_time, 6),
        "ours_seconds": round(our_time, 6),
        "stvpoll_seconds": round(their_time, 6),
        "ratio_stvpoll_over_ours": round(ratio, 2),
        "all_elected_sets_match": mismatches == 0,
        "results": wards,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")

    print(f"Glasgow 2007, {len(paths)} wards, best of {args.repeat} runs")
    print(f"  parse BLT (ours):   {parse_time * 1000:9.1f} ms")
    print(f"  ours scottish-stv:  {our_time * 1000:9.1f} ms")
    print(f"  stvpoll ScottishSTV:{their_time * 1000:9.1f} ms")
    print(f"  ratio stvpoll/ours: {ratio:9.1f}x")
    print(f"  elected sets match: {'all' if not mismatches else f'{mismatches} differ'}")
    print(f"  written: {RESULTS.relative_to(ROOT)}")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
