"""Benchmark: the SQL queries each key page sends, at two sizes of the generated network.

Usage: .venv/bin/python bench/queries.py [--scales 0.1 1] [--database sqlite|postgres|both]

Builds the network at each scale on a fresh database, signs in as each role, GETs every key
page (bench/common.py: key_pages) once to warm up and once counted, and prints the counts side
by side. A page whose statements repeat more often with more data (a query per row, or an IN
list split in chunks: bench/common.py, repeated_more) is marked GROWS (with --check the script
then exits 1); a page whose count differs only by eager loads that run once when there is
something to load says so.
Writes bench/results/queries.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402


def measure(database: str, scale: float) -> dict:
    """{page name: {"path", "role", "queries"}} at one scale."""
    bench = common.build(database, scale)
    try:
        signed_in = common.clients(bench)
        counts = {}
        for page in common.key_pages(bench):
            try:
                statements = common.statements_of(bench, signed_in[page.role], page.path)
                counts[page.name] = {"path": page.path, "role": page.role,
                                     "queries": len(statements), "statements": statements}
            except RuntimeError as exc:
                counts[page.name] = {"path": page.path, "role": page.role, "error": str(exc)}
        return {"generate_seconds": bench.generate_seconds, "rows": bench.counts,
                "pages": counts, "dialect": bench.dialect}
    finally:
        bench.close()


def main() -> int:
    """Measure at each scale on each database, print the table, save the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a page's count grows (make bench only reports)")
    args = parser.parse_args()
    report = {"machine": common.machine(), "scales": args.scales, "databases": {}}
    grown = []
    for database in common.databases(args.database):
        runs = {str(scale): measure(database, scale) for scale in args.scales}
        dialect = next(iter(runs.values()))["dialect"]
        report["databases"][dialect] = runs
        print(f"\n{dialect}: SQL queries per page "
              + ", ".join(f"N={s} generated in {r['generate_seconds']} s"
                          for s, r in runs.items()))
        header = "".join(f"{'N=' + s:>9}" for s in runs)
        print(f"  {'page':34}{header}")
        first = next(iter(runs.values()))["pages"]
        for name in first:
            cells = [runs[s]["pages"].get(name, {}).get("queries", "err") for s in runs]
            flag = ""
            if "err" in cells:
                flag = "  ERROR " + next(runs[s]["pages"][name].get("error", "")
                                         for s in runs if "error" in runs[s]["pages"][name])
            else:
                statements = [runs[s]["pages"][name].pop("statements") for s in runs]
                repeated = {}
                for larger in statements[1:]:
                    repeated.update(common.repeated_more(statements[0], larger))
                for s in runs:
                    runs[s]["pages"][name]["repeated_more"] = {
                        sql[:400]: list(n) for sql, n in repeated.items()}
                if repeated:
                    flag = "  GROWS: " + "; ".join(
                        f"{sql[:90]} {a}->{b}" for sql, (a, b) in repeated.items())
                elif len(set(cells)) > 1:
                    flag = "  (same statements; eager loads skipped where nothing to load)"
            if flag.startswith("  GROWS") or flag.startswith("  ERROR"):
                grown.append(f"{dialect} {name}")
            print(f"  {name:34}" + "".join(f"{c!s:>9}" for c in cells) + flag)
    report["grows"] = grown
    path = common.write_results("queries", report)
    print(f"\n{len(grown)} pages grow or fail: {', '.join(grown) or 'none'}\nWrote {path}")
    return 1 if grown and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
