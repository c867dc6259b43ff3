"""Benchmark: each key page's time against the bare route, in the same process, alternating.

Usage: .venv/bin/python bench/latency.py [--scale 1] [--repeat 15] [--database both]
       [--explain]

Builds the network at --scale on a fresh database and, for each key page (bench/common.py),
GETs the bare route (one SELECT 1, a one-line template, signed in as the same person) and the
page in turn --repeat times after a warm-up (at least 3 times, and no more once the page has
taken 15 s in all), and prints each page's median and p95 and the ratio of its median to the
bare route's. Target: no key page above 3x. --explain prints the plan of each page's slowest
statements (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on
PostgreSQL). Writes bench/results/latency.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402

from bench import common  # noqa: E402

TARGET = 3.0
LAYOUT = "(reference) layout only"
BUDGET_MS = 15_000  # a page stops being timed after 3 GETs once it has taken this long


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def timed(client, path: str) -> float:
    """Milliseconds for one GET (which must answer 200)."""
    started = time.perf_counter()
    common.get(client, path)
    return 1000 * (time.perf_counter() - started)


def time_pages(bench: common.Bench, repeat: int) -> dict:
    """{page name: figures} for every key page, alternating with the bare route."""
    signed_in = common.clients(bench)
    pages = {}
    # a reference, not a key page: the site's layout around static text, no query of its own
    layout = common.Page(LAYOUT, "secretariat_admin", common.LAYOUT_PATH)
    for page in [layout, *common.key_pages(bench)]:
        client = signed_in[page.role]
        try:
            timed(client, page.path), timed(client, common.BARE_PATH)
        except RuntimeError as exc:
            pages[page.name] = {"path": page.path, "error": str(exc)}
            continue
        bare, own = [], []
        for _ in range(repeat):
            bare.append(timed(client, common.BARE_PATH))
            own.append(timed(client, page.path))
            if len(own) >= 3 and sum(own) > BUDGET_MS:  # a page of seconds: enough to say so
                break
        size = len(client.get(page.path).data)
        pages[page.name] = {
            "path": page.path, "role": page.role, "bytes": size,
            "median_ms": round(statistics.median(own), 2), "p95_ms": round(percentile(own, .95), 2),
            "bare_median_ms": round(statistics.median(bare), 2),
            "ratio": round(statistics.median(own) / statistics.median(bare), 2)}
    return pages


def explain(bench: common.Bench, pages: dict, top: int = 2) -> dict:
    """The plans of the slowest statements of each page over the target."""
    from network.extensions import db

    signed_in = common.clients(bench)
    plans = {}
    statements: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - conn.info["bench_started"], statement,
                           parameters))

    for page in common.key_pages(bench):
        figures = pages.get(page.name, {})
        if figures.get("ratio", 0) <= TARGET:
            continue
        statements.clear()
        with bench.app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        try:
            common.get(signed_in[page.role], page.path)
        finally:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
        found = []
        with engine.connect() as conn:
            for seconds, statement, parameters in sorted(statements, key=lambda s: -s[0])[:top]:
                prefix = ("EXPLAIN QUERY PLAN " if bench.dialect == "sqlite"
                          else "EXPLAIN (ANALYZE, BUFFERS) ")
                raw = conn.connection.driver_connection.cursor()
                try:
                    raw.execute(prefix + statement, parameters)
                    plan = [" ".join(str(c) for c in row) for row in raw.fetchall()]
                except Exception as exc:  # a statement the driver cannot explain: say so
                    plan = [f"(not explained: {exc})"]
                    conn.connection.driver_connection.rollback()
                found.append({"ms": round(1000 * seconds, 2), "sql": " ".join(statement.split()),
                              "plan": plan})
            conn.execute(text("SELECT 1"))
        plans[page.name] = found
    return plans


def main() -> int:
    """Build, time, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    report = {"machine": common.machine(), "scale": args.scale, "repeat": args.repeat,
              "target_ratio": TARGET, "databases": {}}
    over = []
    for database in common.databases(args.database):
        bench = common.build(database, args.scale)
        try:
            pages = time_pages(bench, args.repeat)
            entry = {"generate_seconds": bench.generate_seconds, "pages": pages}
            if args.explain:
                entry["plans"] = explain(bench, pages)
        finally:
            bench.close()
        report["databases"][bench.dialect] = entry
        print(f"\n{bench.dialect} at N={args.scale} (generated in {bench.generate_seconds} s), "
              f"{args.repeat} GETs each, alternating with the bare route")
        print(f"  {'page':34}{'median':>9}{'p95':>9}{'bare':>8}{'ratio':>8}{'KB':>8}")
        for name, f in pages.items():
            if "error" in f:
                over.append(f"{bench.dialect} {name}")
                print(f"  {name:34} ERROR {f['error']}")
                continue
            flag = "  OVER" if f["ratio"] > TARGET and name != LAYOUT else ""
            if flag:
                over.append(f"{bench.dialect} {name}")
            print(f"  {name:34}{f['median_ms']:9.1f}{f['p95_ms']:9.1f}{f['bare_median_ms']:8.1f}"
                  f"{f['ratio']:8.1f}{f['bytes'] / 1024:8.1f}{flag}")
        for name, found in entry.get("plans", {}).items():
            print(f"\n  {name}: slowest statements")
            for item in found:
                print(f"    {item['ms']} ms  {item['sql'][:300]}")
                for line in item["plan"]:
                    print(f"      {line}")
    report["over_target"] = over
    path = common.write_results("latency", report)
    print(f"\n{len(over)} pages above {TARGET}x the bare route: {', '.join(over) or 'none'}"
          f"\nWrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
