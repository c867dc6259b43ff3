"""Benchmark: 50 signed-in people reading key pages at once, against gunicorn on PostgreSQL.

Usage: .venv/bin/python bench/load.py [--scale 1] [--users 50] [--seconds 60] [--workers 2]
       [--port 8765] [--floor-seconds 15]

Builds the network at --scale in a throwaway PostgreSQL database, opens a session for each
simulated person (roles in the mix of ROLE_MIX), keeps for each role the key pages it may read,
starts gunicorn (gunicorn.conf.py: the production settings, production configuration, bound to
127.0.0.1 only) and runs locust headless (bench/locustfile.py) for --seconds with no pause
between a person's requests, as a closed loop like wrk. Prints requests/s, p50, p95, p99,
errors and worker restarts (from gunicorn's log: workers booted beyond the first, and any
worker killed by a signal). Then, for --floor-seconds, the same people read the layout page
alone (signed in, no query of its own): the floor, whose requests/s say how fast the machine
was in this run, so that the mix's figures read as a share of it. Writes
bench/results/load.json. Targets: 250 requests/s, p95 under 200 ms, 0 errors, 0 restarts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common  # noqa: E402

ROOT = common.ROOT
BIN = Path(sys.executable).parent
ROLE_MIX = ["member_staff", "member_lead", "member_staff", "secretariat", "member_lead",
            "secretariat_admin", "member_staff", "observer", "member_lead", "secretariat"]
TARGETS = {"requests_per_second": 250, "p95_ms": 200, "errors": 0, "worker_restarts": 0}


# The load's floor: the layout page (common.LAYOUT_PATH), read by the same people on the same
# server right after the mix.
FLOOR = ("(floor) layout only", common.LAYOUT_PATH)

def sessions(bench: common.Bench, users: int) -> tuple[list[dict], str]:
    """A session cookie for each simulated person (people of each role in turn), and the name
    of the cookie."""
    from sqlalchemy import select

    from network.extensions import db
    from network.members.auth import SESSION_KEY
    from network.members.models import Person, Role
    from network.members.services.signin import start_session

    app = bench.app
    serializer = app.session_interface.get_signing_serializer(app)
    made = []
    with app.app_context():
        by_role = {role: list(db.session.scalars(
            select(Person).where(Person.role == Role(role), Person.is_active.is_(True))
            .order_by(Person.id).limit(users))) for role in common.ROLES}
        for n in range(users):
            role = ROLE_MIX[n % len(ROLE_MIX)]
            people = by_role[role]
            person = people[(n // len(ROLE_MIX)) % len(people)]
            raw = start_session(person, "127.0.0.1", "bench-load")
            made.append({"role": role, "person_id": person.id,
                         "cookie": serializer.dumps({SESSION_KEY: raw, "_permanent": True})})
        db.session.commit()
    return made, app.config["SESSION_COOKIE_NAME"]


def pages_by_role(bench: common.Bench, people: list[dict], cookie_name: str) -> dict:
    """For each role, the key pages (name, path) that answer it 200."""
    pages = {}
    for page in common.key_pages(bench):
        pages.setdefault(page.path, page.name.split(" (")[0])
    client = bench.app.test_client(use_cookies=False)  # else its empty jar drops our header
    found = {}
    for person in people:
        if person["role"] in found:
            continue
        headers = {"Cookie": f"{cookie_name}={person['cookie']}"}
        found[person["role"]] = [
            [name, path] for path, name in pages.items()
            if client.get(path, headers=headers).status_code == 200]
    return found


def start_gunicorn(bench: common.Bench, secret: str, port: int, workers: int, log: Path):
    """gunicorn with the repository's settings on 127.0.0.1:port; returns the process."""
    env = {**os.environ, "NETWORK_ENV": "production", "DATABASE_URL": bench.url,
           "SECRET_KEY": secret, "NETWORK_SERVER_NAME_FOR_EMAIL": "https://portal.example",
           "NETWORK_UPLOAD_FOLDER": bench.app.config["UPLOAD_FOLDER"],
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
           "GUNICORN_ERRORLOG": str(log), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                                "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}): see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(process) -> None:
    """Stop the gunicorn this script started (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(plan: Path, port: int, users: int, seconds: int, out: Path) -> dict:
    """Run locust headless for `seconds`; the aggregated figures of its CSV."""
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan), "PYTHONPATH": str(ROOT)}
    command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
               "--host", f"http://127.0.0.1:{port}", "--csv", str(out / "load"),
               "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"]
    subprocess.run(command, env=env, timeout=seconds + 90, check=False,
                   stdout=subprocess.DEVNULL)
    rows = list(csv.DictReader((out / "load_stats.csv").open()))
    return {row["Name"]: row for row in rows}


def figures(row: dict) -> dict:
    """The figures of one CSV row of locust's statistics."""
    return {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
            "requests_per_second": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]), "max_ms": round(float(row["Max Response Time"]), 1)}


def restarts(log: Path, workers: int) -> dict:
    """Workers booted beyond the first `workers`, and lines of workers killed or crashed."""
    text = log.read_text(errors="replace") if log.exists() else ""
    booted = len(re.findall(r"Booting worker with pid", text))
    crashes = [line for line in text.splitlines()
               if re.search(r"SIGSEGV|SIGABRT|SIGBUS|was sent (?!SIGTERM)|exited with code|"
                            r"WORKER TIMEOUT", line)]
    return {"worker_restarts": max(0, booted - workers), "crash_lines": crashes[:20]}


def main() -> int:
    """Build, serve, load, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--floor-seconds", type=int, default=15,
                        help="then the same people for this long on the floor page alone "
                             f"({FLOOR[1]}: the layout, signed in, no query of its own), so "
                             "the figures read as ratios to it, whatever the machine's speed")
    parser.add_argument("--skip", action="append", default=[], metavar="PAGE",
                        help="leave a key page out of the mix (by name, e.g. 'API actions'); "
                             "the results then go to bench/results/load-partial.json")
    args = parser.parse_args()
    secret = secrets.token_urlsafe(48)
    bench = common.build(common.postgres_base(), args.scale,
                         config={"ENV_NAME": "production", "SECRET_KEY": secret,
                                 "SESSION_COOKIE_SECURE": False})
    work = Path(tempfile.mkdtemp(prefix="ukmn-load-"))
    log = work / "gunicorn.log"
    try:
        people, cookie_name = sessions(bench, args.users)
        plan = work / "plan.json"
        by_role = {role: [p for p in found if p[0] not in args.skip]
                   for role, found in pages_by_role(bench, people, cookie_name).items()}
        plan.write_text(json.dumps({"cookie_name": cookie_name, "people": [
            {**p, "pages": by_role[p["role"]]} for p in people]}))
        server = start_gunicorn(bench, secret, args.port, args.workers, log)
        try:
            stats = run_locust(plan, args.port, args.users, args.seconds, work)
            floor_plan = work / "floor.json"
            floor_plan.write_text(json.dumps({"cookie_name": cookie_name, "people": [
                {**p, "pages": [list(FLOOR)]} for p in people]}))
            (work / "floor").mkdir()
            floor = figures(run_locust(floor_plan, args.port, args.users, args.floor_seconds,
                                       work / "floor")["Aggregated"])
        finally:
            stop(server)
    finally:
        bench.close()
    total = figures(stats["Aggregated"])
    total.update(restarts(log, args.workers))
    floor["seconds"], floor["path"] = args.floor_seconds, FLOOR[1]
    total["share_of_floor_requests"] = round(
        total["requests_per_second"] / floor["requests_per_second"], 3) if floor[
        "requests_per_second"] else None
    pages = {name: figures(row) for name, row in stats.items() if name != "Aggregated"}
    gunicorn_version = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True,
                                      text=True).stdout.strip()
    report = {"machine": common.machine(), "scale": args.scale, "users": args.users,
              "skipped": args.skip, "worker_class": os.environ.get("GUNICORN_WORKER_CLASS",
                                                                   "sync (gunicorn.conf.py)"),
              "seconds": args.seconds, "workers": args.workers, "gunicorn": gunicorn_version,
              "database": "postgresql", "generate_seconds": bench.generate_seconds,
              "targets": TARGETS, "total": total, "pages": pages, "floor": floor,
              "roles": {role: len(p) for role, p in by_role.items()}}
    met = {"requests_per_second": total["requests_per_second"] >= TARGETS["requests_per_second"],
           "p95_ms": total["p95_ms"] < TARGETS["p95_ms"], "errors": total["errors"] == 0,
           "worker_restarts": total["worker_restarts"] == 0}
    report["met"] = met
    path = common.write_results("load-partial" if args.skip else "load", report)
    print(f"\n{args.users} signed-in people for {args.seconds} s against {gunicorn_version} "
          f"({args.workers} workers) on PostgreSQL at N={args.scale}")
    print(f"  {'page':28}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>7}")
    for name, f in sorted(pages.items()):
        print(f"  {name:28}{f['requests']:9}{f['requests_per_second']:8.1f}{f['p50_ms']:7.0f}"
              f"{f['p95_ms']:7.0f}{f['p99_ms']:7.0f}{f['errors']:7}")
    print(f"  {'all':28}{total['requests']:9}{total['requests_per_second']:8.1f}"
          f"{total['p50_ms']:7.0f}{total['p95_ms']:7.0f}{total['p99_ms']:7.0f}"
          f"{total['errors']:7}")
    print(f"  {'floor: ' + FLOOR[1]:28}{floor['requests']:9}{floor['requests_per_second']:8.1f}"
          f"{floor['p50_ms']:7.0f}{floor['p95_ms']:7.0f}{floor['p99_ms']:7.0f}"
          f"{floor['errors']:7}  (the mix served {total['share_of_floor_requests']} of it)")
    print(f"  worker restarts: {total['worker_restarts']}")
    for line in total["crash_lines"]:
        print(f"    {line}")
    print("  targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in met.items()))
    print(f"Wrote {path}")
    if total["worker_restarts"] or total["crash_lines"]:
        print(f"gunicorn's log is kept: {log}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
