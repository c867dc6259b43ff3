"""Rewrite the figures in docs/performance.md (between its bench markers) from bench/results/.

Usage: .venv/bin/python bench/report.py   (make bench runs it last)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load(name: str) -> dict | None:
    """bench/results/NAME.json, or None when that benchmark has not run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def machine_lines(found: dict) -> list[str]:
    """Where and when: from the newest result that says."""
    m = next((r["machine"] for r in found.values() if r and "machine" in r), None)
    if not m:
        return []
    return [f"Measured {m['date']} on {m['cores']} cores ({m['cpu'] or 'CPU model unknown'}), "
            f"{m['ram_mb'] / 1024:.1f} GB RAM, Python {m['python']}; the machine was shared with "
            "other work, so times vary between runs.", ""]


def queries_table(report: dict) -> list[str]:
    """Page, then the count at each scale on each database."""
    columns = [(db, scale) for db, runs in report["databases"].items() for scale in runs]
    lines = ["### SQL queries per page", "",
             "Flat: no statement runs more often on the bigger network (bench/common.py, "
             "repeated_more).", "",
             "| page | " + " | ".join(f"{db} N={s}" for db, s in columns) + " | flat |",
             "|---" * (len(columns) + 2) + "|"]
    first_db, first_scale = columns[0]
    for name in report["databases"][first_db][first_scale]["pages"]:
        cells = [report["databases"][db][s]["pages"].get(name, {}).get("queries", "error")
                 for db, s in columns]
        entries = [report["databases"][db][s]["pages"].get(name, {}) for db, s in columns]
        grown = any(e.get("repeated_more") for e in entries)
        if "error" in cells or grown:
            flat = "**no**: " + "; ".join(sorted({
                sql.split(" (after")[0][:60] for e in entries
                for sql in e.get("repeated_more", {})})) if grown else "**error**"
        else:
            flat = "yes" if len(set(cells)) == 1 else \
                "yes (an eager load skipped where there is nothing to load)"
        lines.append(f"| {name} | " + " | ".join(str(c) for c in cells) + f" | {flat} |")
    return lines + [""]


def latency_table(report: dict) -> list[str]:
    """Page, then median, p95 and ratio to the bare route on each database."""
    dbs = list(report["databases"])
    lines = [f"### Latency at N={report['scale']} against the bare route "
             f"(target: at most {report['target_ratio']}x)", "",
             "| page | " + " | ".join(f"{db} median ms | p95 ms | ratio" for db in dbs) + " |",
             "|---" * (3 * len(dbs) + 1) + "|"]
    names = list(report["databases"][dbs[0]]["pages"])
    for name in names:
        cells = []
        for db in dbs:
            f = report["databases"][db]["pages"].get(name, {})
            if "median_ms" not in f:
                cells += ["error", "", ""]
                continue
            ratio = f"{f['ratio']:.1f}x" if f["ratio"] <= report["target_ratio"] else \
                f"**{f['ratio']:.1f}x**"
            cells += [f"{f['median_ms']:.1f}", f"{f['p95_ms']:.1f}", ratio]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    bare = {db: sorted(f["bare_median_ms"] for f in report["databases"][db]["pages"].values()
                       if "bare_median_ms" in f) for db in dbs}
    lines += ["", "The bare route's median, signed in: " + ", ".join(
        f"{db} {v[len(v) // 2]:.1f} ms" for db, v in bare.items() if v) + ".", ""]
    return lines


def load_table(report: dict) -> list[str]:
    """The load test's totals against the targets."""
    t, targets, met = report["total"], report["targets"], report["met"]

    def mark(key, text):
        return text if met[key] else f"**{text}**"

    return [f"### Load: {report['users']} signed-in people for {report['seconds']} s, "
            f"{report['gunicorn']} with {report['workers']} workers, PostgreSQL, "
            f"N={report['scale']}", "",
            "| requests/s | p50 ms | p95 ms | p99 ms | errors | worker restarts |",
            "|---|---|---|---|---|---|",
            f"| {mark('requests_per_second', str(t['requests_per_second']))} | {t['p50_ms']:.0f} "
            f"| {mark('p95_ms', str(round(t['p95_ms'])))} | {t['p99_ms']:.0f} "
            f"| {mark('errors', str(t['errors']))} "
            f"| {mark('worker_restarts', str(t['worker_restarts']))} |",
            f"| target {targets['requests_per_second']} | | under {targets['p95_ms']} | "
            f"| {targets['errors']} | {targets['worker_restarts']} |", "",
            *floor_lines(report)]


def floor_lines(report: dict) -> list[str]:
    """The same people on the floor page alone, for the machine's speed in that run."""
    floor = report.get("floor")
    if not floor:
        return []
    return [f"The floor, measured right after on the same server: the same people reading "
            f"`{floor['path']}` alone (the layout, signed in, no query of its own) for "
            f"{floor['seconds']} s: {floor['requests_per_second']} requests/s, p50 "
            f"{floor['p50_ms']:.0f} ms, p95 {floor['p95_ms']:.0f} ms. The mix of key pages "
            f"served {report['total']['share_of_floor_requests']} of the floor's requests.", ""]


def other_lines(digest: dict | None, count: dict | None) -> list[str]:
    """One line each for the digest and the Glasgow count."""
    lines = []
    if digest:
        e = digest["everyone"]
        lines.append(f"- Digest for {e['people']} people on {digest['database']}: "
                     f"{e['ms_per_digest']} ms and {e['queries_per_digest']} queries per digest "
                     "(bench/digest.py).")
    if count:
        lines.append(f"- Glasgow 2007, {count['wards']} wards: ours {count['ours_seconds']:.3f} s, "
                     f"stvpoll {count['stvpoll_seconds']:.2f} s "
                     f"({count['ratio_stvpoll_over_ours']}x), elected sets "
                     f"{'all the same' if count['all_elected_sets_match'] else 'DIFFER'} "
                     "(bench/count_glasgow.py).")
    return lines + [""] if lines else []


def render() -> str:
    """The text between the markers."""
    found = {name: load(name) for name in ("queries", "latency", "load", "digest",
                                           "count_glasgow")}
    lines = machine_lines(found)
    if found["queries"]:
        lines += queries_table(found["queries"])
    if found["latency"]:
        lines += latency_table(found["latency"])
    if found["load"]:
        lines += load_table(found["load"])
    lines += other_lines(found["digest"], found["count_glasgow"])
    return "\n".join(lines)


def main() -> int:
    """Replace the figures between the markers; keep the rest of the page."""
    text = DOC.read_text()
    if BEGIN not in text or END not in text:
        print(f"{DOC} has no {BEGIN} ... {END} markers", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{render()}\n{END}{tail}")
    print(f"Rewrote the figures in {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
